#include "servecodec/base64url.h"

namespace hl {

bool Base64Url::isWellFormed(std::string_view text)
{
    // A length of 4n+1 leaves 6 bits, less than a byte: no encoder writes it.
    if (text.size() % 4 == 1)
        return false;
    for (const char c : text) {
        const bool inAlphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_';
        if (!inAlphabet)
            return false;
    }
    return true;
}

} // namespace hl
