#pragma once

#include <temporal/api/common/v1/message.pb.h>

#include <google/protobuf/message.h>

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace hl {

// Finds every Payload inside a message (an event's inputs, results, memo, headers, failure details and encoded
// attributes down the cause chain, update and Nexus payloads, ...), by reflection, so new event types are covered
// without code. Search attributes are skipped: the server indexes them, so they are never codec-encoded.
// Built once per root type, then read-only and safe to share between threads.
//
// Payloads in map fields (memo, header, marker details) are found through reflection's view of the map, as the
// JSON writer and the GUI's field tree see them; the generated map accessors hold other copies, so code that looks
// payloads up in DecodedPayloads must reach them by reflection (or through this locator) too.
class PayloadLocator {
public:
    using Payload = temporal::api::common::v1::Payload;
    using Visitor = std::function<void(const Payload& payload, const std::string& path)>;

    explicit PayloadLocator(const google::protobuf::Descriptor* root);
    // The locator for history events, built once.
    static const PayloadLocator& forEvents();

    // Appends the payloads of `message` in field order.
    void collect(const google::protobuf::Message& message, std::vector<const Payload*>* out) const;
    // Visits the payloads with their JSON paths, e.g. "activityTaskScheduledEventAttributes.input.payloads[0]".
    void forEach(const google::protobuf::Message& message, const Visitor& visit) const;

private:
    // How to look into one field that may lead to a payload. Everything a walk needs is worked out here once:
    // asking a FieldDescriptor for its type or label at walk time costs a call_once each.
    struct Step {
        const google::protobuf::FieldDescriptor* field = nullptr;
        enum class Kind { Single, Repeated, Map } kind = Kind::Single;
        const google::protobuf::Descriptor* target = nullptr; // the field's message type, or the map's value type
        bool isPayload = false;                              // target is Payload
        const google::protobuf::FieldDescriptor* mapKey = nullptr;
        const google::protobuf::FieldDescriptor* mapValue = nullptr;
        bool stringKey = false;
        std::string jsonName;
    };
    // Per message type that may hold a payload: its steps, and its oneofs (checked once each, not per field).
    struct Plan {
        std::vector<Step> steps;
        std::vector<const google::protobuf::OneofDescriptor*> oneofs;
        std::unordered_map<const google::protobuf::FieldDescriptor*, Step> oneofSteps;
    };

    void walk(const google::protobuf::Message& message, const google::protobuf::Descriptor* descriptor,
              std::vector<const Payload*>* out, const Visitor* visit, std::string* path) const;
    void walkStep(const google::protobuf::Message& message, const google::protobuf::Reflection* reflection,
                  const Step& step, std::vector<const Payload*>* out, const Visitor* visit, std::string* path) const;
    void visitMessage(const google::protobuf::Message& message, const Step& step,
                      std::vector<const Payload*>* out, const Visitor* visit, std::string* path) const;

    std::unordered_map<const google::protobuf::Descriptor*, bool> m_mayHoldPayload;
    std::unordered_map<const google::protobuf::Descriptor*, Plan> m_plans;
};

} // namespace hl
