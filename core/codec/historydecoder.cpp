#include "codec/historydecoder.h"

#include "codec/codecscratch.h"
#include "codec/encryptioncodec.h"
#include "codec/payloadlocator.h"
#include "support/allocatortuning.h"

#include <QMutex>
#include <QtConcurrent/QtConcurrentMap>

#include <atomic>

namespace hl {

namespace {

constexpr int kEventsPerChunk = 512;

} // namespace

HistoryDecoder::HistoryDecoder(std::shared_ptr<const CodecChain> chain, std::shared_ptr<const KeyRing> keys,
                               qint64 maxDecodedPayloadBytes)
    : m_chain(std::move(chain)), m_keys(std::move(keys))
{
    m_context.keys = m_keys.get();
    m_context.maxDecodedPayloadBytes = maxDecodedPayloadBytes;
}

std::set<std::string> HistoryDecoder::keyIdsIn(const History& history)
{
    std::set<std::string> ids;
    std::vector<const PayloadLocator::Payload*> payloads;
    for (int i = 0; i < history.eventCount(); ++i) {
        payloads.clear();
        PayloadLocator::forEvents().collect(history.event(i), &payloads);
        for (const auto* payload : payloads) {
            const auto found = payload->metadata().find(EncryptionCodec::kKeyIdMetadata);
            if (found != payload->metadata().end())
                ids.insert(found->second);
        }
    }
    return ids;
}

Result<DecodedPayloads> HistoryDecoder::decode(const History& history, int fromEvent, const Progress& progress) const
{
    struct Chunk {
        int first = 0;
        int end = 0;
        DecodedPayloads results;
    };
    std::vector<Chunk> chunks;
    for (int first = qMax(0, fromEvent); first < history.eventCount(); first += kEventsPerChunk)
        chunks.push_back({first, qMin(first + kEventsPerChunk, history.eventCount()), {}});

    std::atomic<bool> cancelled{false};
    std::atomic<qint64> eventsDone{0};
    const qint64 eventsTotal = history.eventCount() - qMax(0, fromEvent);
    QMutex progressMutex;

    QtConcurrent::blockingMap(chunks, [&](Chunk& chunk) {
        std::vector<const PayloadLocator::Payload*> payloads;
        for (int i = chunk.first; i < chunk.end && !cancelled.load(std::memory_order_relaxed); ++i)
            PayloadLocator::forEvents().collect(history.event(i), &payloads);
        if (cancelled)
            return;
        qint64 encodedBytes = 0;
        for (const auto* payload : payloads)
            encodedBytes += qint64(payload->data().size());
        AllocatorTuning::reserveThreadHeap(size_t(qBound<qint64>(8 * ReadLimits::kMiB, encodedBytes * 8, 16 * ReadLimits::kMiB)));
        CodecScratch scratch; // this chunk's cipher contexts, wiped when it is done
        CodecContext context = m_context;
        context.scratch = &scratch;
        chunk.results.reserve(payloads.size());
        qint64 plain = 0;
        for (const auto* payload : payloads) {
            const auto encoding = payload->metadata().find("encoding");
            if (encoding == payload->metadata().end() || !m_chain->codecFor(encoding->second)) {
                if (encoding == payload->metadata().end() || CodecChain::isValueEncoding(encoding->second)) {
                    ++plain; // the common case for unencoded histories: no copy, no entry
                    continue;
                }
            }
            chunk.results.insert(payload, m_chain->decode(*payload, context));
        }
        chunk.results.countNotEncoded(plain);
        const qint64 done = eventsDone += chunk.end - chunk.first;
        if (progress) {
            QMutexLocker lock(&progressMutex);
            if (!progress(done, eventsTotal))
                cancelled = true;
        }
    });
    if (cancelled)
        return Error{ErrorCode::Cancelled, QStringLiteral("decoding cancelled")};

    DecodedPayloads all;
    for (Chunk& chunk : chunks)
        all.merge(std::move(chunk.results));
    all.finish();
    all.setDecoder(m_chain, m_keys, m_context.maxDecodedPayloadBytes);
    return all;
}

} // namespace hl
