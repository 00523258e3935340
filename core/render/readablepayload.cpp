#include "render/readablepayload.h"

#include "json/base64.h"
#include "render/externalreference.h"
#include "support/utf8.h"

#include <simdjson.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <map>

namespace hl {

namespace {

using Payload = temporal::api::common::v1::Payload;

std::string metadataValue(const Payload& payload, const std::string& key)
{
    const auto found = payload.metadata().find(key);
    return found == payload.metadata().end() ? std::string() : found->second;
}

void writeMetadata(const Payload& payload, JsonBuilder& json)
{
    json.key("metadata");
    json.beginObject();
    const std::map<std::string, std::string> sorted(payload.metadata().begin(), payload.metadata().end());
    for (const auto& [key, text] : sorted) {
        json.key(key);
        if (isValidUtf8(text))
            json.string(text);
        else
            json.string(Base64::encode(text));
    }
    json.endObject();
}

// The value of a payload, when it has a readable form.
struct ReadableValue {
    enum class Kind { None, Json, Text, Null } kind = Kind::None;
    simdjson::dom::element element;
};

ReadableValue readableValue(const Payload& payload, const PayloadContext& context, simdjson::dom::parser& parser)
{
    const std::string encoding = metadataValue(payload, "encoding");
    ReadableValue value;
    if (encoding == "json/plain" || encoding == "json/protobuf") {
        if (parser.parse(payload.data()).get(value.element) == simdjson::SUCCESS)
            value.kind = ReadableValue::Kind::Json;
    } else if (encoding == "binary/plain" && isValidUtf8(payload.data())) {
        value.kind = ReadableValue::Kind::Text;
    } else if (encoding == "binary/null") {
        value.kind = ReadableValue::Kind::Null;
    } else if (encoding == "binary/protobuf" && context.types) {
        auto text = context.types->toJson(metadataValue(payload, "messageType"), payload.data());
        if (text.ok() && parser.parse(text.value()).get(value.element) == simdjson::SUCCESS)
            value.kind = ReadableValue::Kind::Json;
    }
    return value;
}

void writeData(const Payload& payload, const ReadableValue& value, JsonBuilder& json)
{
    json.key("data");
    switch (value.kind) {
    case ReadableValue::Kind::Json:
        return json.value(value.element);
    case ReadableValue::Kind::Text:
        return json.string(payload.data());
    case ReadableValue::Kind::Null:
        return json.literal("null");
    case ReadableValue::Kind::None:
        return json.string(Base64::encode(payload.data()));
    }
}

// A claim check is labelled, so nobody takes the reference for the value.
void writeExternal(const Payload& payload, JsonBuilder& json)
{
    if (!ExternalReference::is(payload))
        return;
    json.key("externalStorage");
    json.string(ExternalReference::describe(payload).toStdString());
    if (payload.external_payloads_size() == 0)
        return;
    json.key("externalPayloads");
    json.beginArray();
    for (const auto& details : payload.external_payloads()) {
        json.beginObject();
        json.key("sizeBytes");
        json.string(std::to_string(details.size_bytes()));
        json.endObject();
    }
    json.endArray();
}

bool metadataIsText(const Payload& payload)
{
    for (const auto& entry : payload.metadata()) {
        if (!isValidUtf8(entry.second))
            return false;
    }
    return true;
}

} // namespace

bool ReadablePayload::write(const Payload& stored, JsonBuilder& json, const PayloadContext& context)
{
    const DecodedPayload* decoded = context.find(stored);
    simdjson::dom::parser parser;
    if (!decoded) {
        // Only a readable value is worth writing here; otherwise the canonical form is as good.
        const ReadableValue value = readableValue(stored, context, parser);
        if (value.kind == ReadableValue::Kind::None || !metadataIsText(stored))
            return false;
        json.beginObject();
        writeMetadata(stored, json);
        writeData(stored, value, json);
        writeExternal(stored, json);
        json.endObject();
        return true;
    }

    // Decoded or failed: always written here, so the chain and the reason are never lost.
    const ShownPayload shownPayload = context.shown(stored);
    const Payload& shown = *shownPayload;
    json.beginObject();
    writeMetadata(shown, json);
    writeData(shown, readableValue(shown, context, parser), json);
    writeExternal(shown, json);
    json.key("encodingChain");
    json.string(decoded->chainText());
    if (decoded->failed() && decoded->error) {
        json.key("decodeError");
        json.string(decoded->error->message.toStdString());
    }
    json.endObject();
    return true;
}

QJsonValue ReadablePayload::valueOf(const temporal::api::common::v1::Payload& payload, const PayloadContext& context)
{
    std::string text;
    JsonBuilder json(&text, 0);
    if (!write(payload, json, context)) {
        QJsonObject stored;
        const auto encoding = payload.metadata().find("encoding");
        stored.insert(QStringLiteral("encoding"), encoding == payload.metadata().end() ? QString() : QString::fromStdString(encoding->second));
        stored.insert(QStringLiteral("base64"), QString::fromStdString(Base64::encode(payload.data())));
        return stored;
    }
    const QJsonObject readable = QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
    if (readable.contains(QStringLiteral("decodeError")))
        return QJsonObject{{QStringLiteral("decodeError"), readable.value(QStringLiteral("decodeError"))},
                           {QStringLiteral("encodingChain"), readable.value(QStringLiteral("encodingChain"))}};
    return readable.contains(QStringLiteral("data")) ? readable.value(QStringLiteral("data")) : QJsonValue(QJsonValue::Null);
}

} // namespace hl
