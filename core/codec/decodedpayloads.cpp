#include "codec/decodedpayloads.h"

#include <algorithm>

namespace hl {

const DecodedPayload* DecodedPayloads::find(const Payload& payload) const
{
    const auto found = std::lower_bound(m_index.begin(), m_index.end(), &payload,
                                        [](const auto& entry, const Payload* key) { return entry.first < key; });
    return found != m_index.end() && found->first == &payload ? found->second : nullptr;
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
    m_entries.emplace_back(payload, std::move(decoded));
}

void DecodedPayloads::merge(DecodedPayloads&& other)
{
    // Vectors move without touching their elements, so the index's pointers into them stay valid.
    if (!other.m_entries.empty())
        m_merged.push_back(std::move(other.m_entries));
    for (auto& entries : other.m_merged)
        m_merged.push_back(std::move(entries));
    m_missingKeyIds.merge(other.m_missingKeyIds);
    m_decoded += other.m_decoded;
    m_failed += other.m_failed;
    m_notEncoded += other.m_notEncoded;
    other = DecodedPayloads();
}

void DecodedPayloads::finish()
{
    if (!m_entries.empty())
        m_merged.push_back(std::move(m_entries));
    m_entries = {};
    m_index.clear();
    for (const auto& entries : m_merged) {
        for (const auto& entry : entries)
            m_index.emplace_back(entry.first, &entry.second);
    }
    std::sort(m_index.begin(), m_index.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

} // namespace hl
