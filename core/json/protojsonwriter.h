#pragma once

#include "history/notice.h"
#include "json/jsonbuilder.h"

#include <temporal/api/common/v1/message.pb.h>

#include <google/protobuf/message.h>

#include <functional>
#include <string>
#include <vector>

namespace hl {

// Writes protobuf messages as canonical proto3 JSON (what `temporal workflow show -o json` prints and every SDK
// replayer loads): lowerCamelCase names, enum names, 64-bit integers as strings, base64 bytes, RFC 3339 times.
// Two hooks adapt it: payloads can be written another way (decoded, readable), and enum values the source used
// but this build does not know are written back as the source spelled them, from the reader's notices.
class ProtoJsonWriter {
public:
    // Writes `payload` itself and returns true, or returns false for the canonical form.
    using PayloadWriter = std::function<bool(const temporal::api::common::v1::Payload& payload, JsonBuilder& json)>;

    void setPayloadWriter(PayloadWriter writer) { m_payloadWriter = std::move(writer); }

    // Replaces string fields of messages of one type as they are written (a failure's message restored from its
    // encoded attributes). The function appends (field, text) pairs for `message`; an unset field is written too.
    using StringOverrides = std::function<void(const google::protobuf::Message& message,
                                               std::vector<std::pair<const google::protobuf::FieldDescriptor*, std::string>>* out)>;
    void setStringOverrides(const google::protobuf::Descriptor* type, StringOverrides overrides);

    // `notices` are those of this message (an event), with paths relative to it.
    void write(const google::protobuf::Message& message, JsonBuilder& json, const std::vector<Notice>& notices = {});

private:
    void writeMessage(const google::protobuf::Message& message, JsonBuilder& json);
    void writeFields(const google::protobuf::Message& message, JsonBuilder& json);
    void writeValue(const google::protobuf::Message& message, const google::protobuf::FieldDescriptor* field, int index,
                    JsonBuilder& json);
    void writeMapEntry(const google::protobuf::Message& entry, JsonBuilder& json);
    bool writeWellKnown(const google::protobuf::Message& message, JsonBuilder& json);
    std::string unknownEnumText() const;
    std::string currentPath() const;

    struct PathSegment {
        std::string name;
        int index = -1;
        bool mapKey = false;
    };

    PayloadWriter m_payloadWriter;
    const google::protobuf::Descriptor* m_overrideType = nullptr;
    StringOverrides m_overrides;
    const std::vector<Notice>* m_notices = nullptr;
    std::vector<PathSegment> m_path; // kept only while the message has notices
};

} // namespace hl
