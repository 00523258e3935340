#include "codec/decodedpayload.h"

namespace hl {

std::string DecodedPayload::chainText() const
{
    std::string text = layers;
    if (!text.empty())
        text += " > ";
    text += encoding.empty() ? std::string("(no encoding)") : encoding;
    if (failed())
        text += " (failed)";
    return text;
}

} // namespace hl
