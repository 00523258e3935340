#include "json/jsonescape.h"

namespace hl {
namespace {

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 when it is not one.
size_t utf8SequenceLength(std::string_view s, size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    size_t length;
    unsigned minimum;
    unsigned value;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0) {
        length = 2, minimum = 0x80, value = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        length = 3, minimum = 0x800, value = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        length = 4, minimum = 0x10000, value = c & 0x07;
    } else {
        return 0;
    }
    if (i + length > s.size())
        return 0;
    for (size_t k = 1; k < length; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80)
            return 0;
        value = value << 6 | (cc & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    return length;
}

} // namespace

void appendJsonString(std::string* out, std::string_view text)
{
    static const char hex[] = "0123456789abcdef";
    out->reserve(out->size() + text.size() + 2);
    out->push_back('"');
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            // Copy the run of plain ASCII in one go.
            size_t j = i + 1;
            while (j < text.size()) {
                const auto d = static_cast<unsigned char>(text[j]);
                if (d < 0x20 || d >= 0x80 || d == '"' || d == '\\')
                    break;
                ++j;
            }
            out->append(text.data() + i, j - i);
            i = j;
            continue;
        }
        switch (c) {
        case '"': out->append("\\\""); ++i; continue;
        case '\\': out->append("\\\\"); ++i; continue;
        case '\n': out->append("\\n"); ++i; continue;
        case '\r': out->append("\\r"); ++i; continue;
        case '\t': out->append("\\t"); ++i; continue;
        case '\b': out->append("\\b"); ++i; continue;
        case '\f': out->append("\\f"); ++i; continue;
        default: break;
        }
        if (c < 0x20) {
            out->append("\\u00");
            out->push_back(hex[c >> 4]);
            out->push_back(hex[c & 15]);
            ++i;
            continue;
        }
        const size_t length = utf8SequenceLength(text, i);
        if (length == 0) {
            out->append("\xEF\xBF\xBD");
            ++i;
        } else {
            out->append(text.data() + i, length);
            i += length;
        }
    }
    out->push_back('"');
}

} // namespace hl
