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
    bool mayHold(const google::protobuf::Descriptor* descriptor) const;
    void walk(const google::protobuf::Message& message, std::vector<const Payload*>* out, const Visitor* visit,
              std::string* path) const;

    std::unordered_map<const google::protobuf::Descriptor*, bool> m_mayHoldPayload;
};

} // namespace hl
