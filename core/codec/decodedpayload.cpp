#include "codec/decodedpayload.h"

#include <functional>
#include <string_view>

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

uint64_t DecodedPayload::digestOf(const temporal::api::common::v1::Payload& payload)
{
    const auto encoding = payload.metadata().find("encoding");
    const std::hash<std::string_view> hash;
    const uint64_t a = hash(payload.data());
    const uint64_t b = encoding == payload.metadata().end() ? 0 : hash(encoding->second);
    return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}

} // namespace hl
