#pragma once

#include "codec/decodedpayload.h"

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hl {

// The decoded form of a history's payloads, found by the payload's address inside the immutable History it was
// made from (which must stay alive as long as this does). Payloads that were not encoded have no entry.
//
// Entries are kept in large vectors and found through a sorted index, not a node per entry: decoding 50 MiB makes
// tens of thousands of them, and per-entry allocations cost more than the decoding.
class DecodedPayloads {
public:
    using Payload = temporal::api::common::v1::Payload;

    // Null for a payload that was never encoded (or not decoded yet).
    const DecodedPayload* find(const Payload& payload) const;
    // The payload to show: the decoded one when every layer came off, else `payload` itself.
    const Payload& shown(const Payload& payload) const;

    // Entries are added while decoding, then `merge` and `finish` make them findable.
    void reserve(size_t count) { m_entries.reserve(count); }
    void insert(const Payload* payload, DecodedPayload decoded);
    void countNotEncoded(qint64 count) { m_notEncoded += count; }
    void merge(DecodedPayloads&& other);
    void finish();

    qint64 decodedCount() const { return m_decoded; }
    qint64 failedCount() const { return m_failed; }
    qint64 notEncodedCount() const { return m_notEncoded; }
    // Key ids that payloads asked for and no key was given for.
    const std::set<std::string>& missingKeyIds() const { return m_missingKeyIds; }

private:
    std::vector<std::pair<const Payload*, DecodedPayload>> m_entries;
    std::vector<std::vector<std::pair<const Payload*, DecodedPayload>>> m_merged; // other runs' entries, moved in
    std::vector<std::pair<const Payload*, const DecodedPayload*>> m_index;         // sorted by payload address
    std::set<std::string> m_missingKeyIds;
    qint64 m_decoded = 0;
    qint64 m_failed = 0;
    qint64 m_notEncoded = 0;
};

using DecodedPayloadsPtr = std::shared_ptr<const DecodedPayloads>;

} // namespace hl
