#include "json/protojsonreader.h"

#include "json/base64.h"
#include "json/jsonescape.h"
#include "json/prototime.h"

#include <temporal/api/common/v1/message.pb.h>

#include <google/protobuf/descriptor.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace hl {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

constexpr int kUnknownEnum = std::numeric_limits<int>::min();
constexpr size_t kNoticeValueLimit = 200;

// "workflow_execution_started_event_attributes" -> "WorkflowExecutionStartedEventAttributes": the Go field name
// encoding/json uses for oneof wrappers.
std::string goName(const std::string& protoName)
{
    std::string out;
    bool upper = true;
    for (const char c : protoName) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out.push_back(upper && c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c);
        upper = false;
    }
    return out;
}

// "TaskQueueKind" -> "TASK_QUEUE_KIND", "ScheduleToStart" -> "SCHEDULE_TO_START": the rule api-go applies to the
// legacy enum names of gogo-era tools (strcase.ToScreamingSnake).
std::string screamingSnake(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 8);
    auto isUpper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto isLower = [](char c) { return c >= 'a' && c <= 'z'; };
    auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_' || c == '-' || c == ' ' || c == '.') {
            if (!out.empty() && out.back() != '_')
                out.push_back('_');
            continue;
        }
        if (i > 0 && !out.empty() && out.back() != '_') {
            const char prev = text[i - 1];
            const bool next_lower = i + 1 < text.size() && isLower(text[i + 1]);
            if (isUpper(c) && (isLower(prev) || isDigit(prev) || (isUpper(prev) && next_lower)))
                out.push_back('_');
            else if (isDigit(c) && !isDigit(prev))
                out.push_back('_');
        }
        out.push_back(isLower(c) ? char(c - 'a' + 'A') : c);
    }
    return out;
}

bool isPrintableAscii(std::string_view text)
{
    if (text.empty())
        return false;
    for (const char c : text) {
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}

std::string_view shortened(std::string_view text)
{
    return text.size() > kNoticeValueLimit ? text.substr(0, kNoticeValueLimit) : text;
}

const char* jsonTypeName(element value)
{
    switch (value.type()) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "a number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
    }
    return "a value";
}

template <typename Int>
bool parseIntegerText(std::string_view text, Int* out)
{
    const auto result = std::from_chars(text.data(), text.data() + text.size(), *out);
    if (result.ec == std::errc() && result.ptr == text.data() + text.size())
        return true;
    // "1e3" or "5.0": numbers written as floating point but holding an integer.
    double d;
    const auto fp = std::from_chars(text.data(), text.data() + text.size(), d);
    if (fp.ec != std::errc() || fp.ptr != text.data() + text.size() || std::trunc(d) != d
        || d < double(std::numeric_limits<Int>::min()) || d >= double(std::numeric_limits<Int>::max()))
        return false;
    *out = Int(d);
    return true;
}

} // namespace

ProtoJsonReader::ProtoJsonReader() = default;
ProtoJsonReader::~ProtoJsonReader() = default;

bool ProtoJsonReader::readObject(element value, Message* message, int eventIndex, std::vector<Notice>* notices)
{
    if (!value.is_object())
        return false;
    m_notices = notices;
    m_eventIndex = eventIndex;
    m_path.clear();
    readMessage(value, message);
    m_notices = nullptr;
    return true;
}

const ProtoJsonReader::MessageInfo& ProtoJsonReader::infoFor(const Descriptor* descriptor)
{
    auto& slot = m_infos[descriptor];
    if (slot)
        return *slot;
    slot = std::make_unique<MessageInfo>();
    MessageInfo& info = *slot;
    const std::string& full = descriptor->full_name();
    if (full == "google.protobuf.Timestamp")
        info.kind = Kind::Timestamp;
    else if (full == "google.protobuf.Duration")
        info.kind = Kind::Duration;
    else if (full == "google.protobuf.FieldMask")
        info.kind = Kind::FieldMask;
    else if (full == "google.protobuf.Empty")
        info.kind = Kind::Empty;
    else if (full == "google.protobuf.Any")
        info.kind = Kind::Any;
    else if (full == temporal::api::common::v1::Payload::descriptor()->full_name())
        info.kind = Kind::Payload;
    else if (full == temporal::api::common::v1::Payloads::descriptor()->full_name())
        info.kind = Kind::Payloads;
    else if (descriptor->file()->name() == "google/protobuf/wrappers.proto")
        info.kind = Kind::Wrapper;

    for (int i = 0; i < descriptor->field_count(); ++i) {
        const FieldDescriptor* field = descriptor->field(i);
        info.keys[field->json_name()].field = field;
        info.keys[field->name()].field = field;
        if (field->real_containing_oneof()) {
            // Inside a Go oneof wrapper object the member is named like the Go struct field.
            const std::string& name = m_ownedNames.emplace_back(goName(field->name()));
            info.keys.emplace(name, KeyEntry{field, nullptr});
        }
    }
    for (int i = 0; i < descriptor->oneof_decl_count(); ++i) {
        const auto* oneof = descriptor->oneof_decl(i);
        if (oneof->is_synthetic())
            continue;
        const std::string& name = m_ownedNames.emplace_back(goName(oneof->name()));
        info.keys.emplace(name, KeyEntry{nullptr, oneof});
    }
    return info;
}

void ProtoJsonReader::readMessage(element value, Message* message)
{
    const MessageInfo& info = infoFor(message->GetDescriptor());
    switch (info.kind) {
    case Kind::Timestamp:
    case Kind::Duration:
        if (value.is_string())
            return readTime(value, message, info.kind);
        break;
    case Kind::FieldMask:
        return readFieldMask(value, message);
    case Kind::Wrapper:
        if (!value.is_object())
            return readSingular(value, message, message->GetDescriptor()->field(0));
        break;
    case Kind::Any:
        return readAny(value, message);
    case Kind::Payload:
        return readPayload(value, message);
    case Kind::Payloads:
        if (value.is_array()) {
            m_observed.payloadShorthand = true;
            const FieldDescriptor* payloads = message->GetDescriptor()->field(0);
            long index = 0;
            const simdjson::dom::array items = value.get_array().value_unsafe();
            for (element item : items) {
                m_path.push_back({payloads->json_name(), index++});
                readPayload(item, message->GetReflection()->AddMessage(message, payloads));
                m_path.pop_back();
            }
            return;
        }
        break;
    case Kind::Empty:
    case Kind::Generic:
        break;
    }
    simdjson::dom::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS)
        return invalid("an object", value);
    readFields(object, message, info);
}

void ProtoJsonReader::readFields(simdjson::dom::object object, Message* message, const MessageInfo& info)
{
    for (const auto& member : object) {
        if (member.value.is_null())
            continue;
        const auto found = info.keys.find(member.key);
        if (found == info.keys.end()) {
            if (member.key == "@type")
                continue;
            m_path.push_back({member.key});
            notice(Notice::Kind::UnknownField,
                   QStringLiteral("field \"%1\" is not part of %2; kept aside")
                       .arg(QString::fromUtf8(member.key.data(), int(member.key.size())),
                            QString::fromStdString(message->GetDescriptor()->full_name())),
                   simdjson::minify(member.value));
            m_path.pop_back();
            continue;
        }
        const KeyEntry& entry = found->second;
        if (entry.goOneofWrapper) {
            // {"Attributes":{"WorkflowExecutionStartedEventAttributes":{...}}}
            simdjson::dom::object wrapper;
            if (member.value.get_object().get(wrapper) != simdjson::SUCCESS) {
                m_path.push_back({member.key});
                invalid("an object", member.value);
                m_path.pop_back();
                continue;
            }
            readFields(wrapper, message, info);
            continue;
        }
        if (member.key != entry.field->json_name() && member.key == entry.field->name())
            m_observed.snakeCaseNames = true;
        readField(member.value, message, entry.field);
    }
}

void ProtoJsonReader::readField(element value, Message* message, const FieldDescriptor* field)
{
    m_path.push_back({field->json_name()});
    if (field->is_map()) {
        simdjson::dom::object object;
        if (value.get_object().get(object) != simdjson::SUCCESS) {
            invalid("an object", value);
        } else {
            for (const auto& member : object) {
                if (!member.value.is_null())
                    readMapEntry(member.key, member.value, message, field);
            }
        }
    } else if (field->is_repeated()) {
        simdjson::dom::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS) {
            invalid("an array", value);
        } else {
            long index = 0;
            for (element item : array) {
                m_path.back().index = index++;
                if (!item.is_null())
                    readRepeatedElement(item, message, field);
            }
        }
    } else {
        readSingular(value, message, field);
    }
    m_path.pop_back();
}

void ProtoJsonReader::readMapEntry(std::string_view key, element value, Message* message, const FieldDescriptor* field)
{
    m_path.push_back({key, -1, true});
    Message* entry = message->GetReflection()->AddMessage(message, field);
    const FieldDescriptor* keyField = entry->GetDescriptor()->map_key();
    const FieldDescriptor* valueField = entry->GetDescriptor()->map_value();
    const Reflection* reflection = entry->GetReflection();
    bool keyOk = true;
    switch (keyField->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(entry, keyField, std::string(key));
        break;
    case FieldDescriptor::CPPTYPE_BOOL:
        keyOk = key == "true" || key == "false";
        reflection->SetBool(entry, keyField, key == "true");
        break;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64: {
        int64_t v = 0;
        keyOk = parseIntegerText(key, &v);
        if (keyField->cpp_type() == FieldDescriptor::CPPTYPE_INT32)
            reflection->SetInt32(entry, keyField, int32_t(v));
        else
            reflection->SetInt64(entry, keyField, v);
        break;
    }
    default: {
        uint64_t v = 0;
        keyOk = parseIntegerText(key, &v);
        if (keyField->cpp_type() == FieldDescriptor::CPPTYPE_UINT32)
            reflection->SetUInt32(entry, keyField, uint32_t(v));
        else
            reflection->SetUInt64(entry, keyField, v);
        break;
    }
    }
    if (!keyOk) {
        notice(Notice::Kind::InvalidValue, QStringLiteral("map key is not a valid %1").arg(QLatin1String(keyField->cpp_type_name())),
               key);
        message->GetReflection()->RemoveLast(message, field);
    } else {
        readSingular(value, entry, valueField);
    }
    m_path.pop_back();
}

void ProtoJsonReader::readRepeatedElement(element value, Message* message, const FieldDescriptor* field)
{
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)
        return readMessage(value, message->GetReflection()->AddMessage(message, field));
    Scalar scalar;
    if (toScalar(value, field, &scalar))
        store(message, field, std::move(scalar), true);
}

void ProtoJsonReader::readSingular(element value, Message* message, const FieldDescriptor* field)
{
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)
        return readMessage(value, message->GetReflection()->MutableMessage(message, field));
    Scalar scalar;
    if (toScalar(value, field, &scalar))
        store(message, field, std::move(scalar), false);
}

bool ProtoJsonReader::toScalar(element value, const FieldDescriptor* field, Scalar* out)
{
    switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
        if (field->type() == FieldDescriptor::TYPE_BYTES)
            return toBytes(value, &out->text);
        if (!value.is_string()) {
            invalid("a string", value);
            return false;
        }
        out->text.assign(value.get_string().value_unsafe());
        return true;
    case FieldDescriptor::CPPTYPE_ENUM: {
        int number;
        if (!toEnum(value, field->enum_type(), &number))
            return false;
        out->integer = number;
        return true;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
        if (!value.is_bool()) {
            invalid("true or false", value);
            return false;
        }
        out->integer = value.get_bool().value_unsafe() ? 1 : 0;
        return true;
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
        if (!toDouble(value, &out->real)) {
            invalid("a number", value);
            return false;
        }
        return true;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
        if (!toInt64(value, &out->integer)
            || (field->cpp_type() == FieldDescriptor::CPPTYPE_INT32 && int32_t(out->integer) != out->integer)) {
            invalid("an integer in range", value);
            return false;
        }
        return true;
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
        if (!toUInt64(value, &out->unsignedInteger)
            || (field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 && uint32_t(out->unsignedInteger) != out->unsignedInteger)) {
            invalid("an unsigned integer in range", value);
            return false;
        }
        return true;
    case FieldDescriptor::CPPTYPE_MESSAGE:
        break;
    }
    return false;
}

void ProtoJsonReader::store(Message* message, const FieldDescriptor* field, Scalar&& scalar, bool repeated)
{
    const Reflection* r = message->GetReflection();
    switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
        return repeated ? r->AddString(message, field, std::move(scalar.text))
                        : r->SetString(message, field, std::move(scalar.text));
    case FieldDescriptor::CPPTYPE_ENUM:
        return repeated ? r->AddEnumValue(message, field, int(scalar.integer))
                        : r->SetEnumValue(message, field, int(scalar.integer));
    case FieldDescriptor::CPPTYPE_BOOL:
        return repeated ? r->AddBool(message, field, scalar.integer != 0) : r->SetBool(message, field, scalar.integer != 0);
    case FieldDescriptor::CPPTYPE_DOUBLE:
        return repeated ? r->AddDouble(message, field, scalar.real) : r->SetDouble(message, field, scalar.real);
    case FieldDescriptor::CPPTYPE_FLOAT:
        return repeated ? r->AddFloat(message, field, float(scalar.real)) : r->SetFloat(message, field, float(scalar.real));
    case FieldDescriptor::CPPTYPE_INT32:
        return repeated ? r->AddInt32(message, field, int32_t(scalar.integer))
                        : r->SetInt32(message, field, int32_t(scalar.integer));
    case FieldDescriptor::CPPTYPE_INT64:
        return repeated ? r->AddInt64(message, field, scalar.integer) : r->SetInt64(message, field, scalar.integer);
    case FieldDescriptor::CPPTYPE_UINT32:
        return repeated ? r->AddUInt32(message, field, uint32_t(scalar.unsignedInteger))
                        : r->SetUInt32(message, field, uint32_t(scalar.unsignedInteger));
    case FieldDescriptor::CPPTYPE_UINT64:
        return repeated ? r->AddUInt64(message, field, scalar.unsignedInteger)
                        : r->SetUInt64(message, field, scalar.unsignedInteger);
    case FieldDescriptor::CPPTYPE_MESSAGE:
        break;
    }
}

bool ProtoJsonReader::toBytes(element value, std::string* out)
{
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) {
        invalid("a base64 string", value);
        return false;
    }
    if (!Base64::decode(text, out)) {
        notice(Notice::Kind::RepairedValue, QStringLiteral("bytes are not base64; kept as text"), shortened(text));
        out->assign(text);
    }
    return true;
}

void ProtoJsonReader::readTime(element value, Message* message, Kind kind)
{
    const std::string_view text = value.get_string().value_unsafe();
    int64_t seconds = 0;
    int32_t nanos = 0;
    const bool ok = kind == Kind::Timestamp ? ProtoTime::parseTimestamp(text, &seconds, &nanos)
                                            : ProtoTime::parseDuration(text, &seconds, &nanos);
    if (!ok) {
        return notice(Notice::Kind::InvalidValue,
                      kind == Kind::Timestamp ? QStringLiteral("not an RFC 3339 timestamp")
                                              : QStringLiteral("not a duration such as \"10s\""),
                      text);
    }
    const Descriptor* descriptor = message->GetDescriptor();
    message->GetReflection()->SetInt64(message, descriptor->field(0), seconds);
    message->GetReflection()->SetInt32(message, descriptor->field(1), nanos);
}

void ProtoJsonReader::readFieldMask(element value, Message* message)
{
    const FieldDescriptor* paths = message->GetDescriptor()->field(0);
    if (!value.is_string()) {
        if (value.is_object())
        {
            const simdjson::dom::object object = value.get_object().value_unsafe();
            return readFields(object, message, infoFor(message->GetDescriptor()));
        }
        return invalid("a string", value);
    }
    const std::string_view text = value.get_string().value_unsafe();
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view camel = text.substr(start, comma - start);
        if (!camel.empty()) {
            std::string snake;
            for (const char c : camel) {
                if (c >= 'A' && c <= 'Z') {
                    snake.push_back('_');
                    snake.push_back(char(c - 'A' + 'a'));
                } else {
                    snake.push_back(c);
                }
            }
            message->GetReflection()->AddString(message, paths, std::move(snake));
        }
        start = comma + 1;
    }
}

void ProtoJsonReader::readAny(element value, Message* message)
{
    simdjson::dom::object object;
    std::string_view typeUrl;
    if (value.get_object().get(object) != simdjson::SUCCESS || object["@type"].get_string().get(typeUrl) != simdjson::SUCCESS)
        return invalid("an object with \"@type\"", value);
    const std::string_view typeName = typeUrl.substr(typeUrl.rfind('/') + 1);
    const Descriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(std::string(typeName));
    if (!descriptor)
        return notice(Notice::Kind::UnknownField, QStringLiteral("Any holds a type this build does not know"), typeUrl);
    std::unique_ptr<Message> inner(google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor)->New());
    element wrapped;
    if (infoFor(descriptor).kind != Kind::Generic && object["value"].get(wrapped) == simdjson::SUCCESS)
        readMessage(wrapped, inner.get());
    else
        readFields(object, inner.get(), infoFor(descriptor));
    const Reflection* reflection = message->GetReflection();
    reflection->SetString(message, message->GetDescriptor()->field(0), std::string(typeUrl));
    reflection->SetString(message, message->GetDescriptor()->field(1), inner->SerializeAsString());
}

void ProtoJsonReader::readPayload(element value, Message* message)
{
    auto* payload = static_cast<temporal::api::common::v1::Payload*>(message);
    if (value.is_null()) {
        (*payload->mutable_metadata())["encoding"] = "binary/null";
        return;
    }
    simdjson::dom::object object;
    if (value.get_object().get(object) == simdjson::SUCCESS) {
        bool explicitForm = object.size() > 0;
        bool hasMetadata = false;
        for (const auto& member : object) {
            if (member.key == "metadata")
                hasMetadata = member.value.is_object();
            else if (member.key != "data" && member.key != "externalPayloads" && member.key != "external_payloads")
                explicitForm = false;
        }
        if (explicitForm && (hasMetadata || object["data"].is_string()))
            return readExplicitPayload(object, message);

        m_observed.payloadShorthand = true;
        std::string_view messageType;
        if (object["_protoMessageType"].get_string().get(messageType) == simdjson::SUCCESS) {
            // Server HTTP API shorthand for json/protobuf: the message's JSON plus its type name.
            std::string json = "{";
            for (const auto& member : object) {
                if (member.key == "_protoMessageType")
                    continue;
                if (json.size() > 1)
                    json.push_back(',');
                appendJsonString(&json, member.key);
                json.push_back(':');
                json += simdjson::minify(member.value);
            }
            json.push_back('}');
            auto& metadata = *payload->mutable_metadata();
            metadata["encoding"] = "json/protobuf";
            metadata["messageType"] = std::string(messageType);
            payload->set_data(std::move(json));
            return;
        }
    } else {
        m_observed.payloadShorthand = true;
    }
    // Shorthand: any other JSON value is a json/plain payload holding that value.
    (*payload->mutable_metadata())["encoding"] = "json/plain";
    payload->set_data(simdjson::minify(value));
}

void ProtoJsonReader::readExplicitPayload(simdjson::dom::object object, Message* message)
{
    auto* payload = static_cast<temporal::api::common::v1::Payload*>(message);
    simdjson::dom::object metadata;
    const bool hasMetadata = object["metadata"].get_object().get(metadata) == simdjson::SUCCESS;

    // Proto JSON has base64 metadata values. Web UI "decoded"/"readable" downloads write them as plain text and
    // `data` as parsed JSON. The encoding value tells the two apart: base64 of a name such as "json/plain" decodes
    // to printable text with a slash, while the plain name itself does not decode to anything printable.
    bool base64Metadata = true;
    bool oldDecodedExport = false;
    if (hasMetadata) {
        std::string_view encoding;
        if (metadata["encoding"].get_string().get(encoding) == simdjson::SUCCESS) {
            std::string decoded;
            base64Metadata = Base64::decode(encoding, &decoded) && isPrintableAscii(decoded)
                             && decoded.find('/') != std::string::npos;
        }
        oldDecodedExport = metadata["encodingDecoded"].is_string();
    }
    if (!base64Metadata || oldDecodedExport)
        m_observed.readablePayloads = true;

    auto& target = *payload->mutable_metadata();
    m_path.push_back({"metadata"});
    if (hasMetadata) {
        for (const auto& member : metadata) {
            std::string_view text;
            if (member.value.get_string().get(text) != simdjson::SUCCESS) {
                if (!member.value.is_null()) {
                    m_path.push_back({member.key, -1, true});
                    invalid("a string", member.value);
                    m_path.pop_back();
                }
                continue;
            }
            std::string bytes;
            // encodingDecoded (old Web UI downloads) is always plain text.
            if (!base64Metadata || member.key == "encodingDecoded" || !Base64::decode(text, &bytes)) {
                if (base64Metadata && member.key != "encodingDecoded") {
                    m_path.push_back({member.key, -1, true});
                    notice(Notice::Kind::RepairedValue, QStringLiteral("metadata value is not base64; kept as text"), text);
                    m_path.pop_back();
                }
                bytes.assign(text);
            }
            target[std::string(member.key)] = std::move(bytes);
        }
    }
    m_path.back() = {"data"};

    element data;
    if (object["data"].get(data) == simdjson::SUCCESS && !data.is_null()) {
        std::string_view text;
        if (data.get_string().get(text) == simdjson::SUCCESS) {
            std::string bytes;
            if (base64Metadata && !oldDecodedExport) {
                if (!Base64::decode(text, &bytes)) {
                    notice(Notice::Kind::RepairedValue, QStringLiteral("data is not base64; kept as text"), shortened(text));
                    bytes.assign(text);
                }
            } else if (base64Metadata || target["encoding"].rfind("json/", 0) != 0) {
                bytes.assign(text); // decoded text, as the Web UI wrote it
            } else {
                bytes = simdjson::minify(data); // a JSON string value of a readable json/plain payload
            }
            payload->set_data(std::move(bytes));
        } else {
            // Readable downloads hold the payload's JSON value itself.
            m_observed.readablePayloads = true;
            payload->set_data(simdjson::minify(data));
        }
    }
    m_path.pop_back();

    element external;
    if (object["externalPayloads"].get(external) == simdjson::SUCCESS
        || object["external_payloads"].get(external) == simdjson::SUCCESS) {
        if (!external.is_null())
            readField(external, message, message->GetDescriptor()->FindFieldByName("external_payloads"));
    }
}

bool ProtoJsonReader::toInt64(element value, int64_t* out)
{
    switch (value.type()) {
    case element_type::INT64:
        *out = value.get_int64().value_unsafe();
        return true;
    case element_type::UINT64:
        return false;
    case element_type::DOUBLE: {
        const double d = value.get_double().value_unsafe();
        if (std::trunc(d) != d || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18)
            return false;
        *out = int64_t(d);
        return true;
    }
    case element_type::STRING:
        return parseIntegerText(value.get_string().value_unsafe(), out);
    default:
        return false;
    }
}

bool ProtoJsonReader::toUInt64(element value, uint64_t* out)
{
    switch (value.type()) {
    case element_type::INT64: {
        const int64_t v = value.get_int64().value_unsafe();
        if (v < 0)
            return false;
        *out = uint64_t(v);
        return true;
    }
    case element_type::UINT64:
        *out = value.get_uint64().value_unsafe();
        return true;
    case element_type::DOUBLE: {
        const double d = value.get_double().value_unsafe();
        if (std::trunc(d) != d || d < 0 || d >= 1.8446744073709552e19)
            return false;
        *out = uint64_t(d);
        return true;
    }
    case element_type::STRING:
        return parseIntegerText(value.get_string().value_unsafe(), out);
    default:
        return false;
    }
}

bool ProtoJsonReader::toDouble(element value, double* out)
{
    switch (value.type()) {
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
        *out = double(value);
        return true;
    case element_type::STRING: {
        const std::string_view text = value.get_string().value_unsafe();
        if (text == "NaN") {
            *out = std::numeric_limits<double>::quiet_NaN();
            return true;
        }
        if (text == "Infinity" || text == "-Infinity") {
            *out = text[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
            return true;
        }
        const auto result = std::from_chars(text.data(), text.data() + text.size(), *out);
        return result.ec == std::errc() && result.ptr == text.data() + text.size();
    }
    default:
        return false;
    }
}

bool ProtoJsonReader::toEnum(element value, const EnumDescriptor* type, int* out)
{
    if (value.is_string()) {
        const std::string_view name = value.get_string().value_unsafe();
        if (const int* number = resolveEnumName(type, name)) {
            *out = *number;
            return true;
        }
        notice(Notice::Kind::UnknownEnumValue,
               QStringLiteral("\"%1\" is not a known %2 value; kept as unknown")
                   .arg(QString::fromUtf8(name.data(), int(name.size())), QString::fromStdString(type->name())),
               name);
        return false;
    }
    int64_t number;
    if (!toInt64(value, &number) || int32_t(number) != number) {
        invalid("an enum name or number", value);
        return false;
    }
    m_observed.numericEnums = true;
    if (!type->FindValueByNumber(int(number))) {
        const std::string text = std::to_string(number);
        notice(Notice::Kind::UnknownEnumValue,
               QStringLiteral("%1 is not a known %2 value; kept as a number").arg(number).arg(QString::fromStdString(type->name())),
               text);
    }
    *out = int(number);
    return true;
}

const int* ProtoJsonReader::resolveEnumName(const EnumDescriptor* type, std::string_view name)
{
    auto& names = m_enumNames[type];
    auto found = names.find(std::string(name));
    if (found == names.end()) {
        EnumName resolved{kUnknownEnum, false};
        if (const auto* value = type->FindValueByName(std::string(name))) {
            resolved.number = value->number();
        } else {
            // Legacy gogo names: "WorkflowExecutionStarted" for EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, "Normal"
            // for TASK_QUEUE_KIND_NORMAL; also a canonical name written without its prefix.
            const std::string prefix = screamingSnake(type->name()) + "_";
            const auto* legacy = type->FindValueByName(prefix + screamingSnake(name));
            if (!legacy)
                legacy = type->FindValueByName(prefix + std::string(name));
            if (legacy)
                resolved = EnumName{legacy->number(), true};
        }
        found = names.emplace(std::string(name), resolved).first;
    }
    if (found->second.number == kUnknownEnum)
        return nullptr;
    if (found->second.legacy)
        m_observed.legacyEnumNames = true;
    return &found->second.number;
}

void ProtoJsonReader::notice(Notice::Kind kind, const QString& message, std::string_view value)
{
    if (!m_notices)
        return;
    const std::string_view shown = shortened(value);
    m_notices->push_back(Notice{kind, m_eventIndex, currentPath(), QString::fromUtf8(shown.data(), int(shown.size())),
                                message});
}

void ProtoJsonReader::invalid(const char* expected, element value)
{
    notice(Notice::Kind::InvalidValue,
           QStringLiteral("expected %1, found %2; left unset").arg(QLatin1String(expected), QLatin1String(jsonTypeName(value))),
           simdjson::minify(value));
}

QString ProtoJsonReader::currentPath() const
{
    QString path;
    for (const PathSegment& segment : m_path) {
        if (segment.mapKey) {
            path += QLatin1Char('[') + QString::fromUtf8(segment.name.data(), int(segment.name.size())) + QLatin1Char(']');
            continue;
        }
        if (!path.isEmpty())
            path += QLatin1Char('.');
        path += QString::fromUtf8(segment.name.data(), int(segment.name.size()));
        if (segment.index >= 0)
            path += QLatin1Char('[') + QString::number(segment.index) + QLatin1Char(']');
    }
    return path;
}

} // namespace hl
