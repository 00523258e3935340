#pragma once

#include "codec/decodedpayloads.h"
#include "render/messagetypes.h"

#include <memory>

namespace hl {

// A payload to show: the decoded one (held alive here) or the stored one.
class ShownPayload {
public:
    using Payload = temporal::api::common::v1::Payload;

    explicit ShownPayload(const Payload& stored) : m_payload(&stored) {}
    explicit ShownPayload(std::shared_ptr<const Payload> decoded) : m_decoded(std::move(decoded)), m_payload(m_decoded.get()) {}

    const Payload& operator*() const { return *m_payload; }
    const Payload* operator->() const { return m_payload; }
    bool isDecoded() const { return m_decoded != nullptr; }

private:
    std::shared_ptr<const Payload> m_decoded;
    const Payload* m_payload;
};

// What rendering knows besides the History: the decoded payloads (when decoding ran) and the message types for
// binary/protobuf payloads. Both may be null: payloads are then shown as they are stored.
struct PayloadContext {
    DecodedPayloadsPtr decoded;
    std::shared_ptr<const MessageTypes> types;

    using Payload = temporal::api::common::v1::Payload;

    // The payload to show: decoded when every codec layer came off, else as stored. `cache` false for a pass over
    // every payload (a search), which would only push what is on screen out of the cache.
    ShownPayload shown(const Payload& stored, bool cache = true, CodecScratch* scratch = nullptr) const
    {
        if (auto payload = decoded ? decoded->decodedPayload(stored, cache, scratch) : nullptr)
            return ShownPayload(std::move(payload));
        return ShownPayload(stored);
    }
    const DecodedPayload* find(const Payload& payload) const { return decoded ? decoded->find(payload) : nullptr; }
};

} // namespace hl
