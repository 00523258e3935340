#include "render/failureattributes.h"

#include <simdjson.h>

namespace hl {

std::optional<FailureAttributes> FailureAttributes::restore(const temporal::api::failure::v1::Failure& failure,
                                                            const PayloadContext& context)
{
    if (!failure.has_encoded_attributes())
        return std::nullopt;
    const ShownPayload shown = context.shown(failure.encoded_attributes());
    const auto& payload = *shown;
    const auto encoding = payload.metadata().find("encoding");
    if (encoding == payload.metadata().end() || encoding->second != "json/plain")
        return std::nullopt;

    simdjson::dom::parser parser;
    simdjson::dom::object object;
    if (parser.parse(payload.data()).get(object) != simdjson::SUCCESS)
        return std::nullopt;
    FailureAttributes attributes;
    std::string_view text;
    if (object["message"].get(text) == simdjson::SUCCESS)
        attributes.message = std::string(text);
    if (object["stack_trace"].get(text) == simdjson::SUCCESS)
        attributes.stackTrace = std::string(text);
    if (!attributes.message && !attributes.stackTrace)
        return std::nullopt;
    return attributes;
}

} // namespace hl
