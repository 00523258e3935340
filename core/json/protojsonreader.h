#pragma once

#include "history/notice.h"

#include <simdjson.h>

#include <google/protobuf/message.h>

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hl {

// Fills protobuf messages from a parsed JSON tree, accepting every dialect Temporal tools have written:
// camelCase or snake_case names; canonical, legacy PascalCase or numeric enums; int64 as strings or numbers; null
// anywhere; RFC 3339 or {seconds,nanos} times; Go encoding/json oneof wrappers ("Attributes":{...}); payload
// shorthand; Web UI "decoded"/"readable" payloads. Problems below the top level never abort: the field is skipped and
// a Notice says what and where.
class ProtoJsonReader {
public:
    // Which dialect features were seen, for describing the source.
    struct Observed {
        bool legacyEnumNames = false;
        bool numericEnums = false;
        bool snakeCaseNames = false;
        bool payloadShorthand = false;
        bool readablePayloads = false;
    };

    ProtoJsonReader();
    ~ProtoJsonReader();
    ProtoJsonReader(const ProtoJsonReader&) = delete;
    ProtoJsonReader& operator=(const ProtoJsonReader&) = delete;

    // Reads an object into `message`. Notices go to `notices`, tagged with `eventIndex`. False when `value` is
    // not a JSON object (nothing is read then).
    bool readObject(simdjson::dom::element value, google::protobuf::Message* message, int eventIndex,
                    std::vector<Notice>* notices);

    const Observed& observed() const { return m_observed; }

private:
    enum class Kind { Generic, Timestamp, Duration, FieldMask, Wrapper, Empty, Any, Payload, Payloads };
    struct KeyEntry {
        const google::protobuf::FieldDescriptor* field = nullptr;
        const google::protobuf::OneofDescriptor* goOneofWrapper = nullptr;
    };
    struct MessageInfo {
        Kind kind = Kind::Generic;
        std::unordered_map<std::string_view, KeyEntry> keys;
    };
    struct EnumName {
        int number;
        bool legacy;
    };
    struct PathSegment {
        std::string_view name;
        long index = -1;
        bool mapKey = false;
    };

    const MessageInfo& infoFor(const google::protobuf::Descriptor* descriptor);

    void readMessage(simdjson::dom::element value, google::protobuf::Message* message);
    void readFields(simdjson::dom::object object, google::protobuf::Message* message, const MessageInfo& info);
    void readField(simdjson::dom::element value, google::protobuf::Message* message,
                   const google::protobuf::FieldDescriptor* field);
    void readMapEntry(std::string_view key, simdjson::dom::element value, google::protobuf::Message* message,
                      const google::protobuf::FieldDescriptor* field);
    void readRepeatedElement(simdjson::dom::element value, google::protobuf::Message* message,
                             const google::protobuf::FieldDescriptor* field);
    void readSingular(simdjson::dom::element value, google::protobuf::Message* message,
                      const google::protobuf::FieldDescriptor* field);
    void readTime(simdjson::dom::element value, google::protobuf::Message* message, Kind kind);
    void readFieldMask(simdjson::dom::element value, google::protobuf::Message* message);
    void readAny(simdjson::dom::element value, google::protobuf::Message* message);
    void readPayload(simdjson::dom::element value, google::protobuf::Message* message);
    void readExplicitPayload(simdjson::dom::object object, google::protobuf::Message* message);

    struct Scalar {
        int64_t integer = 0; // signed integers, enums, bools
        uint64_t unsignedInteger = 0;
        double real = 0;
        std::string text;    // strings and bytes
    };
    // Converts a JSON scalar for `field`; false (after a notice) when it does not fit.
    bool toScalar(simdjson::dom::element value, const google::protobuf::FieldDescriptor* field, Scalar* out);
    void store(google::protobuf::Message* message, const google::protobuf::FieldDescriptor* field, Scalar&& scalar,
               bool repeated);
    bool toInt64(simdjson::dom::element value, int64_t* out);
    bool toUInt64(simdjson::dom::element value, uint64_t* out);
    bool toDouble(simdjson::dom::element value, double* out);
    bool toEnum(simdjson::dom::element value, const google::protobuf::EnumDescriptor* type, int* out);
    bool toBytes(simdjson::dom::element value, std::string* out);
    const int* resolveEnumName(const google::protobuf::EnumDescriptor* type, std::string_view name);

    void notice(Notice::Kind kind, const QString& message, std::string_view value = {});
    void invalid(const char* expected, simdjson::dom::element value);
    QString currentPath() const;

    std::unordered_map<const google::protobuf::Descriptor*, std::unique_ptr<MessageInfo>> m_infos;
    std::unordered_map<const google::protobuf::EnumDescriptor*, std::unordered_map<std::string, EnumName>> m_enumNames;
    std::deque<std::string> m_ownedNames;
    std::vector<PathSegment> m_path;
    std::vector<Notice>* m_notices = nullptr;
    int m_eventIndex = -1;
    Observed m_observed;
};

} // namespace hl
