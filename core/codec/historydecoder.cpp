#include "codec/historydecoder.h"

#include "codec/codecscratch.h"
#include "codec/encryptioncodec.h"
#include "codec/payloadlocator.h"
#include "codecserver/codecserverclient.h"
#include "support/allocatortuning.h"

#include <QMutex>
#include <QtConcurrent/QtConcurrentMap>

#include <atomic>
#include <iterator>

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
    Run run;
    run.fromEvent = fromEvent;
    run.progress = progress;
    return decode(history, run);
}

DecodedPayload HistoryDecoder::afterRemote(const DecodedPayload& local, const temporal::api::common::v1::Payload& stored,
                                           const CodecServerOutcome& remote) const
{
    const auto& error = remote.error;
    auto answer = std::make_shared<temporal::api::common::v1::Payload>();
    if (remote.answer && !remote.answer->expand(answer.get()))
        answer = nullptr;
    if (!remote.answer || !answer) {
        DecodedPayload failed = local;
        failed.status = DecodedPayload::Status::Failed;
        if (error)
            failed.remoteError = std::make_shared<const Error>(*error);
        if (failed.encoding.empty()) {
            const auto encoding = stored.metadata().find("encoding");
            failed.encoding = encoding == stored.metadata().end() ? std::string() : encoding->second;
        }
        const QString remote = error ? error->message : QStringLiteral("the Codec Server gave no answer");
        failed.error = local.failed() && local.error
                           ? Error{error ? error->code : local.error->code,
                                   QStringLiteral("%1; the Codec Server: %2").arg(local.error->message, remote)}
                           : Error{error ? error->code : ErrorCode::ServerError, remote};
        return failed;
    }

    if (qint64(answer->ByteSizeLong()) > m_context.maxDecodedPayloadBytes) {
        // The same bound as local decoding: a server that inflated a bomb does not get to show it.
        DecodedPayload tooLarge = local;
        tooLarge.status = DecodedPayload::Status::Failed;
        tooLarge.error = Error{ErrorCode::TooLarge, QStringLiteral("the Codec Server's answer for it is larger than %1 MiB")
                                                        .arg(m_context.maxDecodedPayloadBytes / ReadLimits::kMiB)};
        tooLarge.remoteError = std::make_shared<const Error>(*tooLarge.error);
        return tooLarge;
    }
    CodecContext context = m_context;
    CodecScratch scratch;
    context.scratch = &scratch;
    DecodedPayload after = m_chain->decode(*answer, context);
    DecodedPayload result;
    result.remoteAnswer = remote.answer;
    result.layers = "remote(" + m_remote->settings().hostLabel().toStdString() + ")";
    if (!after.layers.empty())
        result.layers += " > " + after.layers;
    result.layerCount = 1 + after.layerCount;
    result.encoding = after.encoding;
    if (!after.failed()) {
        result.status = DecodedPayload::Status::Decoded;
        return result;
    }
    result.status = DecodedPayload::Status::Failed;
    result.missingKeyId = after.missingKeyId.empty() ? local.missingKeyId : after.missingKeyId;
    const bool unchanged = answer->data() == stored.data() && answer->metadata().size() == stored.metadata().size();
    if (unchanged) {
        // Codecs pass through what they did not encode: the server has no codec or key for this one.
        result.layers.clear();
        result.layerCount = 0;
        result.remoteError = std::make_shared<const Error>(
            ErrorCode::UnknownEncoding, QStringLiteral("the Codec Server at %1 returned it still encoded (`%2`)")
                                            .arg(m_remote->settings().hostLabel(), QString::fromStdString(after.encoding)));
        result.error = local.failed() && local.error
                           ? Error{local.error->code, QStringLiteral("%1; %2").arg(local.error->message, result.remoteError->message)}
                           : *result.remoteError;
        return result;
    }
    result.error = Error{after.error ? after.error->code : ErrorCode::UnknownEncoding,
                         QStringLiteral("after the Codec Server: %1").arg(after.error ? after.error->message : QString())};
    return result;
}

Result<DecodedPayloads> HistoryDecoder::decode(const History& history, const Run& run) const
{
    const int fromEvent = run.fromEvent;
    const Progress& progress = run.progress;
    struct Chunk {
        int first = 0;
        int end = 0;
        DecodedPayloads results;
        ForRemote forRemote;
    };
    std::vector<Chunk> chunks;
    for (int first = qMax(0, fromEvent); first < history.eventCount(); first += kEventsPerChunk)
        chunks.push_back({first, qMin(first + kEventsPerChunk, history.eventCount()), {}, {}});

    std::atomic<bool> cancelled{run.cancelled && run.cancelled->load()};
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
        decodeLocally(payloads, context, &chunk.results, &chunk.forRemote);
        const qint64 done = eventsDone += chunk.end - chunk.first;
        if (progress) {
            QMutexLocker lock(&progressMutex);
            if (!progress(done, eventsTotal))
                cancelled = true;
        }
    });
    if (cancelled || (run.cancelled && run.cancelled->load()))
        return Error{ErrorCode::Cancelled, QStringLiteral("decoding cancelled")};

    DecodedPayloads all;
    ForRemote forRemote;
    for (Chunk& chunk : chunks) {
        all.merge(std::move(chunk.results));
        std::move(chunk.forRemote.begin(), chunk.forRemote.end(), std::back_inserter(forRemote));
    }
    return finish(std::move(all), forRemote, run);
}

void HistoryDecoder::decodeLocally(const std::vector<const Payload*>& payloads, const CodecContext& context,
                                   DecodedPayloads* results, ForRemote* forRemote) const
{
    const bool remoteOnly = m_remote && m_remote->settings().order == CodecServerSettings::Order::RemoteOnly;
    results->reserve(payloads.size());
    qint64 plain = 0;
    for (const auto* payload : payloads) {
        const auto encoding = payload->metadata().find("encoding");
        if (encoding == payload->metadata().end() || !m_chain->codecFor(encoding->second)) {
            if (encoding == payload->metadata().end() || CodecChain::isValueEncoding(encoding->second)) {
                ++plain; // the common case for unencoded histories: no copy, no entry
                continue;
            }
        }
        if (remoteOnly) {
            forRemote->emplace_back(payload, DecodedPayload{});
            continue;
        }
        DecodedPayload decoded = m_chain->decode(*payload, context);
        if (decoded.failed() && m_remote)
            forRemote->emplace_back(payload, std::move(decoded));
        else
            results->insert(payload, std::move(decoded));
    }
    results->countNotEncoded(plain);
}

Result<DecodedPayloads> HistoryDecoder::finish(DecodedPayloads all, const ForRemote& forRemote, const Run& run) const
{
    if (!forRemote.empty()) {
        std::vector<const Payload*> payloads;
        payloads.reserve(forRemote.size());
        for (const auto& [payload, local] : forRemote)
            payloads.push_back(payload);
        const auto outcomes = m_remote->decode(payloads, run.cancelled, run.remoteProgress);
        if (run.cancelled && run.cancelled->load())
            return Error{ErrorCode::Cancelled, QStringLiteral("decoding cancelled")};
        DecodedPayloads remote;
        remote.reserve(outcomes.size());
        for (size_t i = 0; i < forRemote.size(); ++i)
            remote.insert(forRemote[i].first, afterRemote(forRemote[i].second, *forRemote[i].first, outcomes[i]));
        all.merge(std::move(remote));
    }
    all.finish();
    all.setDecoder(m_chain, m_keys, m_context.maxDecodedPayloadBytes);
    return all;
}

Result<DecodedPayloads> HistoryDecoder::decodePayloads(const std::vector<const Payload*>& payloads, const Run& run) const
{
    CodecScratch scratch;
    CodecContext context = m_context;
    context.scratch = &scratch;
    DecodedPayloads local;
    ForRemote forRemote;
    decodeLocally(payloads, context, &local, &forRemote);
    return finish(std::move(local), forRemote, run);
}

} // namespace hl
