#include "render/readablepayload.h"

#include "support/utf8.h"


#include <simdjson.h>

#include <algorithm>
#include <map>

namespace hl {


bool ReadablePayload::write(const temporal::api::common::v1::Payload& payload, JsonBuilder& json)
{
    const auto found = payload.metadata().find("encoding");
    const std::string encoding = found == payload.metadata().end() ? std::string() : found->second;
    for (const auto& entry : payload.metadata()) {
        if (!isValidUtf8(entry.second))
            return false;
    }

    simdjson::dom::parser parser;
    simdjson::dom::element value;
    const bool jsonEncoding = encoding == "json/plain" || encoding == "json/protobuf";
    if (jsonEncoding && parser.parse(payload.data()).get(value) != simdjson::SUCCESS)
        return false;
    if (encoding == "binary/plain" && !isValidUtf8(payload.data()))
        return false;
    if (!jsonEncoding && encoding != "binary/plain" && encoding != "binary/null")
        return false;

    json.beginObject();
    json.key("metadata");
    json.beginObject();
    const std::map<std::string, std::string> sorted(payload.metadata().begin(), payload.metadata().end());
    for (const auto& [key, text] : sorted) {
        json.key(key);
        json.string(text);
    }
    json.endObject();
    json.key("data");
    if (jsonEncoding)
        json.value(value);
    else if (encoding == "binary/plain")
        json.string(payload.data());
    else
        json.literal("null");
    json.endObject();
    return true;
}

} // namespace hl
