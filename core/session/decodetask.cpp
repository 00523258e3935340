#include "session/decodetask.h"

#include "codec/historydecoder.h"
#include "codecserver/codecserverclient.h"
#include "keys/keyresolver.h"
#include "session/ownerlink.h"
#include "session/workthreads.h"

#include <QPointer>

#include <atomic>

namespace hl {

namespace {

constexpr int kProgressIntervalMs = 50;

Error cancelledError()
{
    return Error{ErrorCode::Cancelled, QStringLiteral("decoding cancelled")};
}

} // namespace

// What the workers share with the task. They hold it, never the task: a task may be deleted at any time, and what a
// worker posts afterwards finds no owner and is dropped.
struct DecodeTask::Work {
    enum Phase { Keys, Local, Remote };

    std::atomic<bool> cancelled{false};
    std::atomic<int> phase{Keys};
    std::atomic<qint64> eventsDone{0};
    qint64 eventsTotal = 0;
    std::atomic<qint64> remoteDone{0};
    std::atomic<qint64> remoteTotal{0};

    DecodeRequest request;
    std::shared_ptr<const HistoryDecoder> decoder;
    std::vector<std::set<std::string>> keyIds;  // one per chunk, each written by its own task
    std::vector<HistoryDecoder::Partial> parts; // likewise
    HistoryDecoder::Partial all;
    std::vector<const HistoryDecoder::Payload*> remotePayloads;

    std::shared_ptr<OwnerLink<DecodeTask>> owner;
};

void DecodeTask::completeOnPool(const WorkPtr& work, std::vector<CodecServerOutcome> remote)
{
    WorkThreads::instance().runOnCpu([work, remote = std::move(remote)] {
        if (work->cancelled)
            return;
        auto decoded = std::make_shared<const DecodedPayloads>(work->decoder->completed(std::move(work->all), remote));
        work->owner->post([decoded](DecodeTask* task) { task->finish(DecodedPayloadsPtr(decoded)); });
    });
}

void DecodeTask::afterLocal(const WorkPtr& work)
{
    if (work->cancelled)
        return;
    work->all = HistoryDecoder::merged(std::move(work->parts));
    if (work->all.forRemote.empty())
        return completeOnPool(work, {});
    work->remotePayloads = HistoryDecoder::remotePayloads(work->all);
    work->remoteTotal = qint64(work->remotePayloads.size());
    work->phase = DecodeTask::Work::Remote;
    // Network waits belong to the network thread: this pool thread is free again at once.
    QMetaObject::invokeMethod(
        WorkThreads::instance().events(),
        [work] {
            if (work->cancelled)
                return;
            std::shared_ptr<const std::atomic<bool>> cancelled(work, &work->cancelled);
            CodecServerClient::decodeAsync(
                work->request.codecServer, work->remotePayloads, cancelled,
                [work](qint64 done, qint64 total) {
                    work->remoteDone = done;
                    work->remoteTotal = total;
                },
                [work](std::vector<CodecServerOutcome> outcomes) { completeOnPool(work, std::move(outcomes)); });
        },
        Qt::QueuedConnection);
}

DecodeTask::DecodeTask(DecodeRequest request, QObject* parent) : QObject(parent), m_work(std::make_shared<Work>())
{
    m_work->request = std::move(request); // read-only from here on, by this task and its workers alike
    m_work->owner = OwnerLink<DecodeTask>::to(this);
    m_keys = m_work->request.knownKeys ? m_work->request.knownKeys : std::make_shared<const KeyRing>();
    m_progressTimer.setInterval(kProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &DecodeTask::reportProgress);
}

DecodeTask::~DecodeTask()
{
    m_work->cancelled = true; // a Codec Server request in flight is aborted within ~50 ms
    m_work->owner->cut();
    WorkThreads::instance().release(std::move(m_work), std::move(m_result));
}

const DecodeRequest& DecodeTask::request() const
{
    return m_work->request;
}

void DecodeTask::start()
{
    m_progressTimer.start();
    const DecodeRequest& request = m_work->request;
    if (request.stores.empty()) {
        // No store to ask: the keys in hand are all there are, and no pass over the events is needed to name them.
        QMetaObject::invokeMethod(this, [this] { decodeLocally(); }, Qt::QueuedConnection);
        return;
    }
    if (!request.payloads.empty() || request.history.eventCount() <= request.fromEvent) {
        // A few loose payloads: their key ids are read here. From the event loop, so decode() returns first.
        auto ids = HistoryDecoder::keyIdsIn(request.payloads);
        QMetaObject::invokeMethod(this, [this, ids] { keyIdsRead(ids); }, Qt::QueuedConnection);
        return;
    }
    // The key ids, read in chunks as the events are decoded; the chunk that ends last gathers them.
    WorkPtr work = m_work;
    const int from = qMax(0, request.fromEvent);
    const int end = request.history.eventCount();
    work->keyIds.resize(size_t((end - from + HistoryDecoder::kEventsPerChunk - 1) / HistoryDecoder::kEventsPerChunk));
    WorkThreads::instance().runInChunks(
        from, end, HistoryDecoder::kEventsPerChunk, &work->cancelled,
        [work](int index, int first, int last) { work->keyIds[size_t(index)] = HistoryDecoder::keyIdsIn(work->request.history, first, last); },
        [work] {
            std::set<std::string> all;
            for (auto& part : work->keyIds)
                all.merge(part);
            work->owner->post([all = std::move(all)](DecodeTask* task) { task->keyIdsRead(all); });
        });
}

void DecodeTask::keyIdsRead(std::set<std::string> keyIds)
{
    if (!isRunning())
        return;
    for (const std::string& id : m_keys->keyIds())
        keyIds.erase(id);
    if (keyIds.empty() || m_work->request.stores.empty())
        return decodeLocally();
    QPointer<DecodeTask> self(this);
    KeyResolver::resolve(keyIds, m_work->request.stores, [self](KeyRing found, std::vector<Error> errors) {
        if (!self || !self->isRunning())
            return;
        KeyRing all = *self->m_keys;
        for (const std::string& id : found.keyIds())
            all.insert(id, found.find(id));
        self->m_keys = std::make_shared<const KeyRing>(std::move(all));
        self->m_keyStoreErrors = std::move(errors);
        // The resolver may answer before resolve() returns: decode from the event loop either way.
        QMetaObject::invokeMethod(self, [self] {
            if (self)
                self->decodeLocally();
        }, Qt::QueuedConnection);
    });
}

void DecodeTask::decodeLocally()
{
    if (!isRunning())
        return;
    m_stage = Stage::Decoding;
    const DecodeRequest& request = m_work->request;
    auto decoder = std::make_shared<HistoryDecoder>(std::make_shared<const CodecChain>(CodecChain::standard()), m_keys,
                                                    request.maxDecodedPayloadBytes);
    decoder->setCodecServer(request.codecServer);
    decoder->setBudget(request.budget ? request.budget
                                      : std::make_shared<DecodeBudget>(CodecContext::kDefaultMaxDecodedHistoryBytes));
    WorkPtr work = m_work;
    work->decoder = std::move(decoder);
    work->phase = Work::Local;
    if (!request.payloads.empty()) {
        WorkThreads::instance().runOnCpu([work] {
            if (work->cancelled)
                return;
            work->parts.push_back(work->decoder->decodeLoose(work->request.payloads));
            afterLocal(work);
        });
        return;
    }
    // Independent chunks: no task waits for another; the one that ends last carries on.
    const int from = qMax(0, request.fromEvent);
    const int end = request.history.eventCount();
    work->eventsTotal = qMax(0, end - from);
    work->parts.resize(size_t((work->eventsTotal + HistoryDecoder::kEventsPerChunk - 1) / HistoryDecoder::kEventsPerChunk));
    WorkThreads::instance().runInChunks(
        from, end, HistoryDecoder::kEventsPerChunk, &work->cancelled,
        [work](int index, int first, int last) {
            work->parts[size_t(index)] = work->decoder->decodeRange(work->request.history, first, last, &work->cancelled);
            work->eventsDone += last - first;
        },
        [work] { afterLocal(work); });
}

void DecodeTask::cancel()
{
    if (!isRunning())
        return;
    m_work->cancelled = true;
    finish(cancelledError());
}

void DecodeTask::finish(Result<DecodedPayloadsPtr> result)
{
    if (!isRunning())
        return; // cancelled meanwhile: what a worker delivered late is dropped
    reportProgress();
    m_stage = Stage::Done;
    m_progressTimer.stop();
    m_work->owner->cut();
    m_result = std::move(result);
    Q_EMIT finished();
}

void DecodeTask::reportProgress()
{
    if (!isRunning())
        return;
    switch (m_work->phase.load()) {
    case Work::Keys:
        break;
    case Work::Local:
        m_stage = Stage::Decoding;
        Q_EMIT progressed(m_stage, m_work->eventsDone.load(), m_work->eventsTotal);
        break;
    case Work::Remote:
        m_stage = Stage::CodecServer;
        Q_EMIT progressed(m_stage, m_work->remoteDone.load(), m_work->remoteTotal.load());
        break;
    }
}

} // namespace hl
