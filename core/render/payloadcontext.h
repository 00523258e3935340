#pragma once

#include "codec/decodedpayloads.h"
#include "render/messagetypes.h"

#include <memory>

namespace hl {

// What rendering knows besides the History: the decoded payloads (when decoding ran) and the message types for
// binary/protobuf payloads. Both may be null: payloads are then shown as they are stored.
struct PayloadContext {
    DecodedPayloadsPtr decoded;
    std::shared_ptr<const MessageTypes> types;

    using Payload = temporal::api::common::v1::Payload;

    // The payload to show: decoded when every codec layer came off, else as stored.
    const Payload& shown(const Payload& payload) const { return decoded ? decoded->shown(payload) : payload; }
    const DecodedPayload* find(const Payload& payload) const { return decoded ? decoded->find(payload) : nullptr; }
};

} // namespace hl
