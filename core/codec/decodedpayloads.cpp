#include "codec/decodedpayloads.h"

#include "codec/codecscratch.h"
#include "codecserver/compactpayload.h"

#include <algorithm>

namespace hl {

DecodedPayloads::DecodedPayloads(DecodedPayloads&& other) noexcept
{
    *this = std::move(other);
}

DecodedPayloads& DecodedPayloads::operator=(DecodedPayloads&& other) noexcept
{
    if (this == &other)
        return *this;
    m_entries = std::move(other.m_entries);
    m_merged = std::move(other.m_merged);
    m_index = std::move(other.m_index);
    m_missingKeyIds = std::move(other.m_missingKeyIds);
    m_decoded = other.m_decoded;
    m_failed = other.m_failed;
    m_notEncoded = other.m_notEncoded;
    m_remoteFailed = other.m_remoteFailed;
    m_firstRemoteError = std::move(other.m_firstRemoteError);
    m_chain = std::move(other.m_chain);
    m_keys = std::move(other.m_keys);
    m_maxDecodedPayloadBytes = other.m_maxDecodedPayloadBytes;
    m_cacheBytes = other.m_cacheBytes;
    QMutexLocker lock(&other.m_cacheMutex);
    m_cache = std::move(other.m_cache);
    m_cached = std::move(other.m_cached);
    m_cachedBytes = other.m_cachedBytes;
    other.m_cachedBytes = 0;
    return *this;
}

const DecodedPayload* DecodedPayloads::find(const Payload& payload) const
{
    const auto found = std::lower_bound(m_index.begin(), m_index.end(), &payload,
                                        [](const auto& entry, const Payload* key) { return entry.first < key; });
    return found != m_index.end() && found->first == &payload ? found->second : nullptr;
}

std::shared_ptr<const DecodedPayloads::Payload> DecodedPayloads::decodedPayload(const Payload& stored, bool cache,
                                                                                CodecScratch* scratch) const
{
    const DecodedPayload* outcome = find(stored);
    if (!outcome || outcome->status != DecodedPayload::Status::Decoded || !m_chain)
        return nullptr;
    if (cache) {
        QMutexLocker lock(&m_cacheMutex);
        const auto found = m_cached.find(&stored);
        if (found != m_cached.end()) {
            m_cache.splice(m_cache.begin(), m_cache, found->second);
            return found->second->second;
        }
    }

    CodecScratch ownScratch; // wiped on return; a caller decoding many passes its own
    CodecContext context;
    context.keys = m_keys.get();
    context.maxDecodedPayloadBytes = m_maxDecodedPayloadBytes;
    context.scratch = scratch ? scratch : &ownScratch;
    auto decoded = std::make_shared<Payload>();
    // After a Codec Server, the local chain goes on from its answer (which may need nothing more).
    Payload answer;
    if (outcome->remoteAnswer && !outcome->remoteAnswer->expand(&answer))
        return nullptr;
    const Payload& start = outcome->remoteAnswer ? answer : stored;
    const DecodedPayload again = m_chain->decode(start, context, decoded.get());
    if (outcome->remoteAnswer && again.status == DecodedPayload::Status::NotEncoded)
        *decoded = start;
    else if (again.status != DecodedPayload::Status::Decoded)
        return nullptr; // cannot happen with the same chain and keys; the stored payload is shown then

    if (cache) {
        const qint64 size = qint64(decoded->ByteSizeLong());
        QMutexLocker lock(&m_cacheMutex);
        if (m_cached.find(&stored) == m_cached.end() && size <= m_cacheBytes) {
            m_cache.emplace_front(&stored, decoded);
            m_cached[&stored] = m_cache.begin();
            m_cachedBytes += size;
            while (m_cachedBytes > m_cacheBytes && !m_cache.empty()) {
                m_cachedBytes -= qint64(m_cache.back().second->ByteSizeLong());
                m_cached.erase(m_cache.back().first);
                m_cache.pop_back();
            }
        }
    }
    return decoded;
}

void DecodedPayloads::setDecoder(std::shared_ptr<const CodecChain> chain, std::shared_ptr<const KeyRing> keys,
                                 qint64 maxDecodedPayloadBytes)
{
    m_chain = std::move(chain);
    m_keys = std::move(keys);
    m_maxDecodedPayloadBytes = maxDecodedPayloadBytes;
}

void DecodedPayloads::insert(const Payload* payload, DecodedPayload decoded)
{
    if (decoded.status == DecodedPayload::Status::NotEncoded) {
        ++m_notEncoded;
        return;
    }
    if (decoded.remoteError) {
        ++m_remoteFailed;
        if (!m_firstRemoteError)
            m_firstRemoteError = *decoded.remoteError;
    }
    if (decoded.failed()) {
        ++m_failed;
        if (!decoded.missingKeyId.empty())
            m_missingKeyIds.insert(decoded.missingKeyId);
    } else {
        ++m_decoded;
    }
    m_entries.emplace_back(payload, std::move(decoded));
}

void DecodedPayloads::merge(DecodedPayloads&& other)
{
    // Vectors move without touching their elements, so the index's pointers into them stay valid.
    if (!other.m_entries.empty())
        m_merged.push_back(std::make_shared<const Entries>(std::move(other.m_entries)));
    for (auto& entries : other.m_merged)
        m_merged.push_back(std::move(entries));
    m_missingKeyIds.merge(other.m_missingKeyIds);
    m_decoded += other.m_decoded;
    m_failed += other.m_failed;
    m_notEncoded += other.m_notEncoded;
    m_remoteFailed += other.m_remoteFailed;
    if (!m_firstRemoteError)
        m_firstRemoteError = std::move(other.m_firstRemoteError);
    other = DecodedPayloads();
}

void DecodedPayloads::finish()
{
    if (!m_entries.empty())
        m_merged.push_back(std::make_shared<const Entries>(std::move(m_entries)));
    m_entries = {};
    m_index.clear();
    for (const auto& entries : m_merged) {
        for (const auto& entry : *entries)
            m_index.emplace_back(entry.first, &entry.second);
    }
    std::sort(m_index.begin(), m_index.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::shared_ptr<const DecodedPayloads> DecodedPayloads::extended(const DecodedPayloads& earlier, const DecodedPayloads& later)
{
    auto next = std::make_shared<DecodedPayloads>();
    next->m_merged = earlier.m_merged;
    next->m_merged.insert(next->m_merged.end(), later.m_merged.begin(), later.m_merged.end());
    next->m_index.resize(earlier.m_index.size() + later.m_index.size());
    const auto byAddress = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::merge(earlier.m_index.begin(), earlier.m_index.end(), later.m_index.begin(), later.m_index.end(),
               next->m_index.begin(), byAddress);
    next->m_missingKeyIds = earlier.m_missingKeyIds;
    next->m_missingKeyIds.insert(later.m_missingKeyIds.begin(), later.m_missingKeyIds.end());
    next->m_decoded = earlier.m_decoded + later.m_decoded;
    next->m_failed = earlier.m_failed + later.m_failed;
    next->m_notEncoded = earlier.m_notEncoded + later.m_notEncoded;
    next->m_remoteFailed = earlier.m_remoteFailed + later.m_remoteFailed;
    next->m_firstRemoteError = earlier.m_firstRemoteError ? earlier.m_firstRemoteError : later.m_firstRemoteError;
    next->m_chain = later.m_chain ? later.m_chain : earlier.m_chain;
    next->m_keys = later.m_keys ? later.m_keys : earlier.m_keys;
    next->m_maxDecodedPayloadBytes = later.m_chain ? later.m_maxDecodedPayloadBytes : earlier.m_maxDecodedPayloadBytes;
    next->m_cacheBytes = earlier.m_cacheBytes;
    return next;
}

} // namespace hl
