#include "codecserver/payloadsjson.h"

#include "json/base64.h"
#include "json/jsonescape.h"

#include <simdjson.h>

namespace hl {

namespace {

Error malformed(const QString& what)
{
    return Error{ErrorCode::InvalidJson, what};
}

QString at(size_t index, const char* field)
{
    return QStringLiteral("payloads[%1].%2").arg(index).arg(QLatin1String(field));
}

// A `bytes` field: a base64 string.
Result<void> readBytes(simdjson::dom::element value, const QString& where, std::string* out)
{
    std::string_view text;
    if (value.get_string().get(text))
        return malformed(where + QStringLiteral(" is not a base64 string"));
    out->clear();
    if (!Base64::decode(text, out))
        return malformed(where + QStringLiteral(" is not base64"));
    return {};
}

Result<void> readPayload(simdjson::dom::element element, size_t index, std::vector<PayloadsJson::Payload>* out)
{
    if (element.is_null()) {
        out->emplace_back();
        return {};
    }
    simdjson::dom::object object;
    if (element.get_object().get(object))
        return malformed(QStringLiteral("payloads[%1] is not an object").arg(index));
    PayloadsJson::Payload payload;
    std::string bytes;
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == "metadata") {
            if (field.value.is_null())
                continue;
            simdjson::dom::object metadata;
            if (field.value.get_object().get(metadata))
                return malformed(at(index, "metadata") + QStringLiteral(" is not an object"));
            for (auto entry : metadata) {
                const QString where = at(index, "metadata") + QLatin1Char('.')
                                      + QString::fromUtf8(entry.key.data(), qsizetype(entry.key.size()));
                if (auto read = readBytes(entry.value, where, &bytes); !read)
                    return read;
                (*payload.mutable_metadata())[std::string(entry.key)] = bytes;
            }
        } else if (key == "data") {
            if (field.value.is_null())
                continue;
            if (auto read = readBytes(field.value, at(index, "data"), &bytes); !read)
                return read;
            payload.set_data(bytes);
        } else if (key == "externalPayloads" || key == "external_payloads") {
            if (field.value.is_null())
                continue;
            simdjson::dom::array details;
            if (field.value.get_array().get(details))
                return malformed(at(index, "externalPayloads") + QStringLiteral(" is not an array"));
            for (auto detail : details) {
                auto* added = payload.add_external_payloads();
                simdjson::dom::object detailObject;
                if (detail.get_object().get(detailObject))
                    continue;
                for (auto part : detailObject) {
                    if (part.key != "sizeBytes" && part.key != "size_bytes")
                        continue;
                    int64_t size = 0;
                    std::string_view sizeText;
                    if (!part.value.get_int64().get(size))
                        added->set_size_bytes(size);
                    else if (!part.value.get_string().get(sizeText))
                        added->set_size_bytes(std::strtoll(std::string(sizeText).c_str(), nullptr, 10));
                }
            }
        }
    }
    out->push_back(std::move(payload));
    return {};
}

} // namespace

void PayloadsJson::write(const std::vector<const Payload*>& payloads, std::string* out)
{
    out->append("{\"payloads\":[");
    bool firstPayload = true;
    for (const Payload* payload : payloads) {
        if (!firstPayload)
            out->push_back(',');
        firstPayload = false;
        out->append("{\"metadata\":{");
        bool firstEntry = true;
        for (const auto& [key, value] : payload->metadata()) {
            if (!firstEntry)
                out->push_back(',');
            firstEntry = false;
            appendJsonString(out, key);
            out->append(":\"");
            Base64::encode(value, out);
            out->push_back('"');
        }
        out->append("},\"data\":\"");
        Base64::encode(payload->data(), out);
        out->push_back('"');
        if (payload->external_payloads_size() > 0) {
            out->append(",\"externalPayloads\":[");
            for (int i = 0; i < payload->external_payloads_size(); ++i) {
                if (i > 0)
                    out->push_back(',');
                out->append("{\"sizeBytes\":\"" + std::to_string(payload->external_payloads(i).size_bytes()) + "\"}");
            }
            out->push_back(']');
        }
        out->push_back('}');
    }
    out->append("]}");
}

Result<void> PayloadsJson::read(std::string_view json, std::vector<Payload>* out, size_t maxPayloads)
{
    // A served Codec Server reads many small bodies on each thread: their parser is kept (it grows to the largest
    // body it saw, so only small ones use it).
    constexpr size_t kKeptParserBytes = 1024 * 1024;
    thread_local simdjson::dom::parser keptParser;
    simdjson::dom::parser oneOffParser;
    simdjson::dom::parser& parser = json.size() <= kKeptParserBytes ? keptParser : oneOffParser;
    simdjson::padded_string padded(json);
    simdjson::dom::element root;
    if (auto error = parser.parse(padded).get(root))
        return malformed(QStringLiteral("not JSON (%1)").arg(QLatin1String(simdjson::error_message(error))));
    simdjson::dom::object object;
    if (root.get_object().get(object))
        return malformed(QStringLiteral("not a JSON object with `payloads`"));
    simdjson::dom::element payloads;
    if (object["payloads"].get(payloads))
        return {}; // proto3 JSON leaves an empty list out: `{}` is zero payloads
    if (payloads.is_null())
        return {};
    simdjson::dom::array list;
    if (payloads.get_array().get(list))
        return malformed(QStringLiteral("`payloads` is not an array"));
    if (list.size() > maxPayloads)
        return Error{ErrorCode::TooLarge, QStringLiteral("more than %1 payloads in one body").arg(maxPayloads)};
    out->reserve(out->size() + list.size());
    size_t index = 0;
    for (auto element : list) {
        if (auto read = readPayload(element, index++, out); !read)
            return read;
    }
    return {};
}

} // namespace hl
