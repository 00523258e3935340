#include "json/protojsonwriter.h"

#include "json/base64.h"
#include "json/prototime.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace hl {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {

template <typename Float>
std::string floatText(Float value)
{
    if (std::isnan(value))
        return "\"NaN\"";
    if (std::isinf(value))
        return value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::string camelCase(const std::string& snake)
{
    std::string out;
    bool upper = false;
    for (const char c : snake) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out.push_back(upper && c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c);
        upper = false;
    }
    return out;
}

bool isWrapper(const Descriptor* descriptor)
{
    return descriptor->file()->name() == "google/protobuf/wrappers.proto";
}

} // namespace

void ProtoJsonWriter::setStringOverrides(const Descriptor* type, StringOverrides overrides)
{
    m_overrideType = type;
    m_overrides = std::move(overrides);
}

void ProtoJsonWriter::write(const Message& message, JsonBuilder& json, const std::vector<Notice>& notices)
{
    m_notices = notices.empty() ? nullptr : &notices;
    m_path.clear();
    writeMessage(message, json);
    m_notices = nullptr;
}

void ProtoJsonWriter::writeMessage(const Message& message, JsonBuilder& json)
{
    if (m_payloadWriter && message.GetDescriptor() == temporal::api::common::v1::Payload::descriptor()
        && m_payloadWriter(static_cast<const temporal::api::common::v1::Payload&>(message), json))
        return;
    if (writeWellKnown(message, json))
        return;
    json.beginObject();
    writeFields(message, json);
    json.endObject();
}

void ProtoJsonWriter::writeFields(const Message& message, JsonBuilder& json)
{
    const Reflection* reflection = message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    if (m_notices) {
        // Enum fields left unset because the source used a name this build does not know.
        const Descriptor* descriptor = message.GetDescriptor();
        for (int i = 0; i < descriptor->field_count(); ++i) {
            const FieldDescriptor* field = descriptor->field(i);
            if (field->cpp_type() != FieldDescriptor::CPPTYPE_ENUM || field->is_repeated()
                || std::find(fields.begin(), fields.end(), field) != fields.end())
                continue;
            m_path.push_back({field->json_name()});
            if (!unknownEnumText().empty())
                fields.push_back(field);
            m_path.pop_back();
        }
    }
    std::vector<std::pair<const FieldDescriptor*, std::string>> overrides;
    if (m_overrides && message.GetDescriptor() == m_overrideType) {
        m_overrides(message, &overrides);
        for (const auto& entry : overrides) {
            if (std::find(fields.begin(), fields.end(), entry.first) == fields.end())
                fields.push_back(entry.first);
        }
    }
    if (m_notices || !overrides.empty()) {
        std::sort(fields.begin(), fields.end(),
                  [](const FieldDescriptor* a, const FieldDescriptor* b) { return a->number() < b->number(); });
    }

    for (const FieldDescriptor* field : fields) {
        json.key(field->json_name());
        if (m_notices)
            m_path.push_back({field->json_name()});
        if (field->is_map()) {
            // Sorted keys, as Go's protojson writes them, so output is stable.
            std::vector<const Message*> entries;
            for (int i = 0; i < reflection->FieldSize(message, field); ++i)
                entries.push_back(&reflection->GetRepeatedMessage(message, field, i));
            const FieldDescriptor* keyField = field->message_type()->map_key();
            std::sort(entries.begin(), entries.end(), [keyField](const Message* a, const Message* b) {
                const Reflection* r = a->GetReflection();
                if (keyField->cpp_type() == FieldDescriptor::CPPTYPE_STRING)
                    return r->GetString(*a, keyField) < r->GetString(*b, keyField);
                return r->GetInt64(*a, keyField) < r->GetInt64(*b, keyField);
            });
            json.beginObject();
            for (const Message* entry : entries)
                writeMapEntry(*entry, json);
            json.endObject();
        } else if (field->is_repeated()) {
            json.beginArray();
            const int count = reflection->FieldSize(message, field);
            for (int i = 0; i < count; ++i) {
                if (m_notices)
                    m_path.back().index = i;
                writeValue(message, field, i, json);
            }
            json.endArray();
        } else {
            const auto replaced = std::find_if(overrides.begin(), overrides.end(),
                                               [field](const auto& entry) { return entry.first == field; });
            if (replaced != overrides.end())
                json.string(replaced->second);
            else
                writeValue(message, field, -1, json);
        }
        if (m_notices)
            m_path.pop_back();
    }
}

void ProtoJsonWriter::writeMapEntry(const Message& entry, JsonBuilder& json)
{
    const Descriptor* descriptor = entry.GetDescriptor();
    const FieldDescriptor* keyField = descriptor->map_key();
    const Reflection* reflection = entry.GetReflection();
    std::string key;
    switch (keyField->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: key = reflection->GetString(entry, keyField); break;
    case FieldDescriptor::CPPTYPE_BOOL: key = reflection->GetBool(entry, keyField) ? "true" : "false"; break;
    case FieldDescriptor::CPPTYPE_INT32: key = std::to_string(reflection->GetInt32(entry, keyField)); break;
    case FieldDescriptor::CPPTYPE_INT64: key = std::to_string(reflection->GetInt64(entry, keyField)); break;
    case FieldDescriptor::CPPTYPE_UINT32: key = std::to_string(reflection->GetUInt32(entry, keyField)); break;
    default: key = std::to_string(reflection->GetUInt64(entry, keyField)); break;
    }
    json.key(key);
    if (m_notices)
        m_path.push_back({key, -1, true});
    writeValue(entry, descriptor->map_value(), -1, json);
    if (m_notices)
        m_path.pop_back();
}

void ProtoJsonWriter::writeValue(const Message& message, const FieldDescriptor* field, int index, JsonBuilder& json)
{
    const Reflection* r = message.GetReflection();
    const bool repeated = index >= 0;
    switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
        return writeMessage(repeated ? r->GetRepeatedMessage(message, field, index) : r->GetMessage(message, field), json);
    case FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& text = repeated ? r->GetRepeatedStringReference(message, field, index, &scratch)
                                           : r->GetStringReference(message, field, &scratch);
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
            std::string& out = json.out();
            // Written through the builder for commas, then the base64 appended in place.
            json.literal("\"");
            Base64::encode(text, &out);
            out.push_back('"');
        } else {
            json.string(text);
        }
        return;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
        const int number = repeated ? r->GetRepeatedEnumValue(message, field, index) : r->GetEnumValue(message, field);
        if (number == 0 && !repeated && m_notices) {
            const std::string original = unknownEnumText();
            if (!original.empty())
                return json.string(original);
        }
        if (const auto* value = field->enum_type()->FindValueByNumber(number))
            return json.string(value->name());
        return json.literal(std::to_string(number));
    }
    case FieldDescriptor::CPPTYPE_BOOL:
        return json.literal((repeated ? r->GetRepeatedBool(message, field, index) : r->GetBool(message, field)) ? "true"
                                                                                                               : "false");
    case FieldDescriptor::CPPTYPE_INT32:
        return json.literal(std::to_string(repeated ? r->GetRepeatedInt32(message, field, index) : r->GetInt32(message, field)));
    case FieldDescriptor::CPPTYPE_UINT32:
        return json.literal(
            std::to_string(repeated ? r->GetRepeatedUInt32(message, field, index) : r->GetUInt32(message, field)));
    case FieldDescriptor::CPPTYPE_INT64:
        return json.string(std::to_string(repeated ? r->GetRepeatedInt64(message, field, index) : r->GetInt64(message, field)));
    case FieldDescriptor::CPPTYPE_UINT64:
        return json.string(
            std::to_string(repeated ? r->GetRepeatedUInt64(message, field, index) : r->GetUInt64(message, field)));
    case FieldDescriptor::CPPTYPE_DOUBLE:
        return json.literal(floatText(repeated ? r->GetRepeatedDouble(message, field, index) : r->GetDouble(message, field)));
    case FieldDescriptor::CPPTYPE_FLOAT:
        return json.literal(floatText(repeated ? r->GetRepeatedFloat(message, field, index) : r->GetFloat(message, field)));
    }
}

bool ProtoJsonWriter::writeWellKnown(const Message& message, JsonBuilder& json)
{
    const Descriptor* descriptor = message.GetDescriptor();
    if (descriptor->file()->package() != "google.protobuf")
        return false;
    const std::string& name = descriptor->full_name();
    const Reflection* r = message.GetReflection();
    if (name == "google.protobuf.Timestamp" || name == "google.protobuf.Duration") {
        const int64_t seconds = r->GetInt64(message, descriptor->field(0));
        const int32_t nanos = r->GetInt32(message, descriptor->field(1));
        json.string(name == "google.protobuf.Timestamp" ? ProtoTime::formatTimestamp(seconds, nanos)
                                                        : ProtoTime::formatDuration(seconds, nanos));
        return true;
    }
    if (name == "google.protobuf.FieldMask") {
        std::string joined;
        for (int i = 0; i < r->FieldSize(message, descriptor->field(0)); ++i) {
            if (i)
                joined.push_back(',');
            joined += camelCase(r->GetRepeatedString(message, descriptor->field(0), i));
        }
        json.string(joined);
        return true;
    }
    if (isWrapper(descriptor)) {
        writeValue(message, descriptor->field(0), -1, json);
        return true;
    }
    if (name == "google.protobuf.Any") {
        const std::string typeUrl = r->GetString(message, descriptor->field(0));
        const Descriptor* inner = google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
            typeUrl.substr(typeUrl.rfind('/') + 1));
        json.beginObject();
        json.key("@type");
        json.string(typeUrl);
        if (inner) {
            std::unique_ptr<Message> value(google::protobuf::MessageFactory::generated_factory()->GetPrototype(inner)->New());
            value->ParseFromString(r->GetString(message, descriptor->field(1)));
            if (inner->file()->package() == "google.protobuf") {
                json.key("value");
                writeMessage(*value, json);
            } else {
                writeFields(*value, json);
            }
        } else {
            json.key("value");
            json.string(Base64::encode(r->GetString(message, descriptor->field(1))));
        }
        json.endObject();
        return true;
    }
    if (name == "google.protobuf.Struct" || name == "google.protobuf.Value" || name == "google.protobuf.ListValue") {
        std::string text;
        if (!google::protobuf::util::MessageToJsonString(message, &text).ok())
            text = "null";
        simdjson::dom::parser parser;
        simdjson::dom::element element;
        if (parser.parse(text).get(element) == simdjson::SUCCESS)
            json.value(element);
        else
            json.literal("null");
        return true;
    }
    return false;
}

std::string ProtoJsonWriter::currentPath() const
{
    std::string path;
    for (const PathSegment& segment : m_path) {
        if (segment.mapKey) {
            path += "[" + segment.name + "]";
            continue;
        }
        if (!path.empty())
            path.push_back('.');
        path += segment.name;
        if (segment.index >= 0)
            path += "[" + std::to_string(segment.index) + "]";
    }
    return path;
}

std::string ProtoJsonWriter::unknownEnumText() const
{
    if (!m_notices)
        return {};
    const QString path = QString::fromStdString(currentPath());
    for (const Notice& notice : *m_notices) {
        if (notice.kind == Notice::Kind::UnknownEnumValue && notice.fieldPath == path)
            return notice.value.toStdString();
    }
    return {};
}

} // namespace hl
