#include "render/readablepayload.h"

#include "json/base64.h"

#include <QStringDecoder>

#include <simdjson.h>

#include <algorithm>
#include <map>

namespace hl {

namespace {

bool isUtf8(const std::string& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString ignored = decoder(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
    return !decoder.hasError();
}

} // namespace

bool ReadablePayload::write(const temporal::api::common::v1::Payload& payload, JsonBuilder& json)
{
    const auto found = payload.metadata().find("encoding");
    const std::string encoding = found == payload.metadata().end() ? std::string() : found->second;
    for (const auto& entry : payload.metadata()) {
        if (!isUtf8(entry.second))
            return false;
    }

    simdjson::dom::parser parser;
    simdjson::dom::element value;
    const bool jsonEncoding = encoding == "json/plain" || encoding == "json/protobuf";
    if (jsonEncoding && parser.parse(payload.data()).get(value) != simdjson::SUCCESS)
        return false;
    if (encoding == "binary/plain" && !isUtf8(payload.data()))
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
