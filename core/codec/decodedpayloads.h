#pragma once

#include "codec/codecchain.h"
#include "codec/decodedpayload.h"
#include "keys/keyring.h"

#include <temporal/api/common/v1/message.pb.h>

#include <QMutex>

#include <list>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hl {

struct CodecScratch;

// What decoding made of a history's payloads, found by the payload's address inside the immutable History it was
// made from (which must stay alive as long as this does). Payloads that were not encoded have no entry.
//
// Every payload's outcome is kept; the decoded payloads themselves are kept only in a bounded cache and decoded
// again when asked for after they left it (about 10 µs each). Holding all of them would double the memory of a
// large history for values nobody is looking at.
class DecodedPayloads {
public:
    using Payload = temporal::api::common::v1::Payload;
    static constexpr qint64 kDefaultCacheBytes = 32 * 1024 * 1024;

    DecodedPayloads() = default;
    DecodedPayloads(DecodedPayloads&& other) noexcept;
    DecodedPayloads& operator=(DecodedPayloads&& other) noexcept;

    // Null for a payload that was never encoded (or not decoded yet).
    const DecodedPayload* find(const Payload& payload) const;
    // The decoded payload, when every layer came off `stored`; null otherwise. `cache` false decodes without
    // keeping the result (a search reading every payload once would only push out what is on screen).
    // `scratch`, when given, is the caller's cipher contexts for a run of payloads (one per thread).
    std::shared_ptr<const Payload> decodedPayload(const Payload& stored, bool cache = true, CodecScratch* scratch = nullptr) const;

    // How to decode again: the chain, the keys and the bound decoding used.
    void setDecoder(std::shared_ptr<const CodecChain> chain, std::shared_ptr<const KeyRing> keys, qint64 maxDecodedPayloadBytes);
    void setCacheBytes(qint64 bytes) { m_cacheBytes = bytes; }

    // Entries are added while decoding, then `merge` and `finish` make them findable.
    void reserve(size_t count) { m_entries.reserve(count); }
    void insert(const Payload* payload, DecodedPayload decoded);
    void countNotEncoded(qint64 count) { m_notEncoded += count; }
    void merge(DecodedPayloads&& other);
    void finish();

    // A new snapshot holding `earlier`'s outcomes and `later`'s (a page that arrived after them). The runs of
    // entries are shared, not copied, so a history that grows page by page costs one index merge per page.
    // The decoder settings are `later`'s (its keys are a superset). Both must be finished.
    static std::shared_ptr<const DecodedPayloads> extended(const DecodedPayloads& earlier, const DecodedPayloads& later);

    qint64 decodedCount() const { return m_decoded; }
    qint64 failedCount() const { return m_failed; }
    qint64 notEncodedCount() const { return m_notEncoded; }
    // Payloads the Codec Server could not decode (its request failed, or it returned them still encoded), and the
    // first such reason: what a "Codec Server failed" bar shows.
    qint64 remoteFailedCount() const { return m_remoteFailed; }
    const std::optional<Error>& firstRemoteError() const { return m_firstRemoteError; }
    // Key ids that payloads asked for and no key was given for.
    const std::set<std::string>& missingKeyIds() const { return m_missingKeyIds; }

private:
    using Entries = std::vector<std::pair<const Payload*, DecodedPayload>>;
    using CacheList = std::list<std::pair<const Payload*, std::shared_ptr<const Payload>>>;

    Entries m_entries;
    std::vector<std::shared_ptr<const Entries>> m_merged;                  // other runs' entries, moved in
    std::vector<std::pair<const Payload*, const DecodedPayload*>> m_index; // sorted by payload address
    std::set<std::string> m_missingKeyIds;
    qint64 m_decoded = 0;
    qint64 m_failed = 0;
    qint64 m_notEncoded = 0;
    qint64 m_remoteFailed = 0;
    std::optional<Error> m_firstRemoteError;

    std::shared_ptr<const CodecChain> m_chain;
    std::shared_ptr<const KeyRing> m_keys;
    qint64 m_maxDecodedPayloadBytes = 0;
    qint64 m_cacheBytes = kDefaultCacheBytes;

    // Most recently used first. Guarded: the GUI thread and searches ask at once.
    mutable QMutex m_cacheMutex;
    mutable CacheList m_cache;
    mutable std::unordered_map<const Payload*, CacheList::iterator> m_cached;
    mutable qint64 m_cachedBytes = 0;
};

using DecodedPayloadsPtr = std::shared_ptr<const DecodedPayloads>;

} // namespace hl
