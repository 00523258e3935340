#include "codec/decodedpayload.h"

namespace hl {

std::string DecodedPayload::chainText() const
{
    std::string text = layers;
    if (!text.empty())
        text += " > ";
    const auto found = payload.metadata().find("encoding");
    text += found == payload.metadata().end() || found->second.empty() ? std::string("(no encoding)") : found->second;
    if (failed())
        text += " (failed)";
    return text;
}

} // namespace hl
