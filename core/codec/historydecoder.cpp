#include "codec/historydecoder.h"

#include "codec/codecscratch.h"
#include "codec/encryptioncodec.h"
#include "codec/payloadlocator.h"
#include "codecserver/codecserverclient.h"
#include "support/allocatortuning.h"

#include <iterator>

namespace hl {

HistoryDecoder::HistoryDecoder(std::shared_ptr<const CodecChain> chain, std::shared_ptr<const KeyRing> keys,
                               qint64 maxDecodedPayloadBytes)
    : m_chain(std::move(chain)), m_keys(std::move(keys))
{
    m_context.keys = m_keys.get();
    m_context.maxDecodedPayloadBytes = maxDecodedPayloadBytes;
}

std::set<std::string> HistoryDecoder::keyIdsIn(const History& history, int fromEvent, int end)
{
    std::set<std::string> ids;
    std::vector<const PayloadLocator::Payload*> payloads;
    const int last = end < 0 ? history.eventCount() : qMin(end, history.eventCount());
    for (int i = qMax(0, fromEvent); i < last; ++i) {
        payloads.clear();
        PayloadLocator::forEvents().collect(history.event(i), &payloads);
        ids.merge(keyIdsIn(payloads));
    }
    return ids;
}

std::set<std::string> HistoryDecoder::keyIdsIn(const std::vector<const Payload*>& payloads)
{
    std::set<std::string> ids;
    for (const auto* payload : payloads) {
        const auto found = payload->metadata().find(EncryptionCodec::kKeyIdMetadata);
        if (found != payload->metadata().end())
            ids.insert(found->second);
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
        result.digest = after.digest;
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
    const auto cancelled = [&run] { return run.cancelled && run.cancelled->load(); };
    std::vector<Partial> parts;
    const int from = qMax(0, run.fromEvent);
    const qint64 total = history.eventCount() - from;
    for (int first = from; first < history.eventCount() && !cancelled(); first += kEventsPerChunk) {
        const int end = qMin(first + kEventsPerChunk, history.eventCount());
        parts.push_back(decodeRange(history, first, end, run.cancelled));
        if (run.progress && !run.progress(end - from, total))
            return Error{ErrorCode::Cancelled, QStringLiteral("decoding cancelled")};
    }
    if (cancelled())
        return Error{ErrorCode::Cancelled, QStringLiteral("decoding cancelled")};
    Partial all = merged(std::move(parts));
    std::vector<CodecServerOutcome> remote;
    if (!all.forRemote.empty())
        remote = m_remote->decode(remotePayloads(all), run.cancelled, run.remoteProgress);
    if (cancelled())
        return Error{ErrorCode::Cancelled, QStringLiteral("decoding cancelled")};
    return completed(std::move(all), remote);
}

HistoryDecoder::Partial HistoryDecoder::decodeRange(const History& history, int first, int end,
                                                    const std::atomic<bool>* cancelled) const
{
    std::vector<const Payload*> payloads;
    for (int i = qMax(0, first); i < qMin(end, history.eventCount()); ++i) {
        if (cancelled && cancelled->load(std::memory_order_relaxed))
            return {};
        PayloadLocator::forEvents().collect(history.event(i), &payloads);
    }
    qint64 encodedBytes = 0;
    for (const auto* payload : payloads)
        encodedBytes += qint64(payload->data().size());
    AllocatorTuning::reserveThreadHeap(size_t(qBound<qint64>(8 * ReadLimits::kMiB, encodedBytes * 8, 16 * ReadLimits::kMiB)));
    return decodeLoose(payloads);
}

HistoryDecoder::Partial HistoryDecoder::decodeLoose(const std::vector<const Payload*>& payloads) const
{
    CodecScratch scratch; // this run's cipher contexts, wiped when it is done
    CodecContext context = m_context;
    context.scratch = &scratch;
    const bool remoteOnly = m_remote && m_remote->settings().order == CodecServerSettings::Order::RemoteOnly;
    Partial partial;
    partial.results.reserve(payloads.size());
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
            partial.forRemote.emplace_back(payload, DecodedPayload{});
            continue;
        }
        DecodedPayload decoded = m_chain->decode(*payload, context);
        if (decoded.failed() && m_remote)
            partial.forRemote.emplace_back(payload, std::move(decoded));
        else
            partial.results.insert(payload, std::move(decoded));
    }
    partial.results.countNotEncoded(plain);
    return partial;
}

HistoryDecoder::Partial HistoryDecoder::merged(std::vector<Partial>&& parts)
{
    Partial all;
    for (Partial& part : parts) {
        all.results.merge(std::move(part.results));
        std::move(part.forRemote.begin(), part.forRemote.end(), std::back_inserter(all.forRemote));
    }
    return all;
}

std::vector<const HistoryDecoder::Payload*> HistoryDecoder::remotePayloads(const Partial& partial)
{
    std::vector<const Payload*> payloads;
    payloads.reserve(partial.forRemote.size());
    for (const auto& [payload, local] : partial.forRemote)
        payloads.push_back(payload);
    return payloads;
}

DecodedPayloads HistoryDecoder::completed(Partial partial, const std::vector<CodecServerOutcome>& remote) const
{
    DecodedPayloads all = std::move(partial.results);
    if (!partial.forRemote.empty()) {
        DecodedPayloads fromRemote;
        fromRemote.reserve(partial.forRemote.size());
        const CodecServerOutcome none{nullptr, Error{ErrorCode::Cancelled, QStringLiteral("the Codec Server was not asked")}};
        for (size_t i = 0; i < partial.forRemote.size(); ++i) {
            const auto& [payload, local] = partial.forRemote[i];
            fromRemote.insert(payload, afterRemote(local, *payload, i < remote.size() ? remote[i] : none));
        }
        all.merge(std::move(fromRemote));
    }
    all.finish();
    all.setDecoder(m_chain, m_keys, m_context.maxDecodedPayloadBytes);
    return all;
}

} // namespace hl
