#include "json/base64.h"

#include <array>
#include <cstdint>

namespace hl {
namespace {

constexpr std::array<int8_t, 256> makeDecodeTable()
{
    std::array<int8_t, 256> table{};
    for (auto& entry : table)
        entry = -1;
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
    table['-'] = 62;
    table['_'] = 63;
    return table;
}

constexpr auto kDecode = makeDecodeTable();
constexpr char kEncode[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

} // namespace

bool Base64::decode(std::string_view text, std::string* out)
{
    size_t length = text.size();
    if (length >= 1 && text[length - 1] == '=') {
        --length;
        if (length >= 1 && text[length - 1] == '=')
            --length;
        if (text.size() % 4 != 0)
            return false;
    }
    if (length % 4 == 1)
        return false;

    const size_t start = out->size();
    out->resize(start + length / 4 * 3 + (length % 4 ? length % 4 - 1 : 0));
    char* dst = out->data() + start;
    const auto* src = reinterpret_cast<const unsigned char*>(text.data());
    size_t i = 0;
    for (; i + 4 <= length; i += 4) {
        const int a = kDecode[src[i]], b = kDecode[src[i + 1]], c = kDecode[src[i + 2]], d = kDecode[src[i + 3]];
        if ((a | b | c | d) < 0) {
            out->resize(start);
            return false;
        }
        const uint32_t v = uint32_t(a) << 18 | uint32_t(b) << 12 | uint32_t(c) << 6 | uint32_t(d);
        *dst++ = char(v >> 16);
        *dst++ = char(v >> 8);
        *dst++ = char(v);
    }
    const size_t rest = length - i;
    if (rest >= 2) {
        const int a = kDecode[src[i]], b = kDecode[src[i + 1]];
        const int c = rest == 3 ? kDecode[src[i + 2]] : 0;
        if ((a | b | c) < 0) {
            out->resize(start);
            return false;
        }
        const uint32_t v = uint32_t(a) << 18 | uint32_t(b) << 12 | uint32_t(c) << 6;
        *dst++ = char(v >> 16);
        if (rest == 3)
            *dst++ = char(v >> 8);
    }
    return true;
}

void Base64::encode(std::string_view bytes, std::string* out)
{
    const size_t start = out->size();
    out->resize(start + (bytes.size() + 2) / 3 * 4);
    char* dst = out->data() + start;
    const auto* src = reinterpret_cast<const unsigned char*>(bytes.data());
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t v = uint32_t(src[i]) << 16 | uint32_t(src[i + 1]) << 8 | src[i + 2];
        *dst++ = kEncode[v >> 18];
        *dst++ = kEncode[(v >> 12) & 63];
        *dst++ = kEncode[(v >> 6) & 63];
        *dst++ = kEncode[v & 63];
    }
    if (const size_t rest = bytes.size() - i) {
        const uint32_t v = uint32_t(src[i]) << 16 | (rest == 2 ? uint32_t(src[i + 1]) << 8 : 0);
        *dst++ = kEncode[v >> 18];
        *dst++ = kEncode[(v >> 12) & 63];
        *dst++ = rest == 2 ? kEncode[(v >> 6) & 63] : '=';
        *dst++ = '=';
    }
}

std::string Base64::encode(std::string_view bytes)
{
    std::string out;
    encode(bytes, &out);
    return out;
}

} // namespace hl
