#include "codec/decodedpayloads.h"

namespace hl {

const DecodedPayload* DecodedPayloads::find(const Payload& payload) const
{
    const auto found = m_entries.find(&payload);
    return found == m_entries.end() ? nullptr : &found->second;
}

const DecodedPayloads::Payload& DecodedPayloads::shown(const Payload& payload) const
{
    const DecodedPayload* decoded = find(payload);
    return decoded && decoded->status == DecodedPayload::Status::Decoded ? decoded->payload : payload;
}

void DecodedPayloads::insert(const Payload* payload, DecodedPayload decoded)
{
    if (decoded.status == DecodedPayload::Status::NotEncoded) {
        ++m_notEncoded;
        return;
    }
    if (decoded.failed()) {
        ++m_failed;
        if (decoded.error && decoded.error->code == ErrorCode::UnknownKey) {
            const auto keyId = decoded.payload.metadata().find("encryption-key-id");
            if (keyId != decoded.payload.metadata().end())
                m_missingKeyIds.insert(keyId->second);
        }
    } else {
        ++m_decoded;
    }
    m_entries[payload] = std::move(decoded);
}

void DecodedPayloads::merge(DecodedPayloads&& other)
{
    if (m_entries.empty())
        m_entries = std::move(other.m_entries);
    else
        m_entries.merge(other.m_entries);
    m_missingKeyIds.merge(other.m_missingKeyIds);
    m_decoded += other.m_decoded;
    m_failed += other.m_failed;
    m_notEncoded += other.m_notEncoded;
}

} // namespace hl
