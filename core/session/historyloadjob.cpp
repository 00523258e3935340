#include "session/historyloadjob.h"

#include "codecserver/codecserverclient.h"
#include "format/historyreader.h"
#include "session/decodetask.h"
#include "session/decodingservice.h"
#include "session/ownerlink.h"
#include "session/workthreads.h"

#include <QThreadPool>

#include <algorithm>

namespace hl {

namespace {

constexpr int kProgressIntervalMs = 50;

Error cancelledError()
{
    return Error{ErrorCode::Cancelled, QStringLiteral("loading cancelled")};
}

} // namespace

HistoryLoadJob::HistoryLoadJob(QString path, std::vector<KeyStore*> stores, ReadOptions options, QObject* parent)
    : QObject(parent), m_path(std::move(path)), m_stores(std::move(stores)), m_options(std::move(options)),
      m_link(OwnerLink<HistoryLoadJob>::to(this))
{
    m_progressTimer.setInterval(kProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &HistoryLoadJob::pollProgress);
}

HistoryLoadJob::~HistoryLoadJob()
{
    // The reader holds only the shared state; it stops at its next event and its result is dropped.
    m_shared->cancelled = true;
    m_link->cut();
    WorkThreads::instance().release(std::move(m_result), std::move(m_file));
}

void HistoryLoadJob::start()
{
    if (m_running || m_stage == Stage::Done)
        return; // running, or already ended (a job cancelled before it started never starts)
    m_running = true;
    m_stage = Stage::Reading;
    m_progressTimer.start();
    ReadOptions options = m_options;
    auto shared = m_shared;
    options.progress = [shared](qint64 done, qint64 total) {
        shared->done = done;
        shared->total = total;
        return !shared->cancelled.load();
    };
    const QString path = m_path;
    WorkThreads::instance().runOnCpu([path, options, shared, link = m_link] {
        auto read = std::make_shared<Result<HistoryFile>>(HistoryReader(options).readFile(path));
        if (!shared->cancelled)
            link->post([read](HistoryLoadJob* job) { job->read(std::move(*read)); });
    });
}

void HistoryLoadJob::cancel()
{
    m_shared->cancelled = true;
    finish(cancelledError());
}

void HistoryLoadJob::read(Result<HistoryFile> read)
{
    if (!m_running)
        return;
    if (!read.ok())
        return finish(read.error());
    m_file = std::move(read.value());
    m_stage = Stage::FetchingKeys;
    Q_EMIT progressed(m_stage, 0);
    for (const History& history : m_file.histories) {
        DecodeRequest request;
        request.history = history; // shares the pages, copies no events
        request.stores = m_stores;
        request.codecServer = m_codecServer;
        DecodeTask* task = DecodingService::decode(std::move(request), this);
        const size_t index = m_decoding.size();
        m_decoding.push_back({task, Stage::FetchingKeys, 0, qint64(history.eventCount())});
        connect(task, &DecodeTask::finished, this, &HistoryLoadJob::decoded);
        connect(task, &DecodeTask::progressed, this, [this, index](DecodeTask::Stage stage, qint64 done, qint64 total) {
            Decoding& decoding = m_decoding[index];
            decoding.stage = stage == DecodeTask::Stage::CodecServer ? Stage::CodecServer : Stage::Decoding;
            decoding.done = done;
            decoding.total = total;
        });
    }
    if (m_file.histories.empty())
        decoded();
}

void HistoryLoadJob::decoded()
{
    if (!m_running)
        return;
    for (const Decoding& decoding : m_decoding) {
        if (decoding.task && decoding.task->isRunning())
            return;
    }
    Outcome outcome;
    for (const Decoding& decoding : m_decoding) {
        const DecodeTask* task = decoding.task;
        if (!task)
            return finish(cancelledError());
        if (!task->result().ok())
            return finish(task->result().error());
        outcome.decoded.push_back(task->result().value());
        for (const Error& error : task->keyStoreErrors()) {
            const bool known = std::any_of(outcome.keyStoreErrors.begin(), outcome.keyStoreErrors.end(),
                                           [&error](const Error& seen) { return seen.message == error.message; });
            if (!known)
                outcome.keyStoreErrors.push_back(error);
        }
    }
    outcome.file = std::move(m_file);
    finish(std::move(outcome));
}

void HistoryLoadJob::finish(Result<Outcome> result)
{
    if (m_stage == Stage::Done)
        return;
    m_running = false;
    m_stage = Stage::Done;
    m_progressTimer.stop();
    m_link->cut();
    for (const Decoding& decoding : m_decoding) {
        if (decoding.task) {
            decoding.task->disconnect(this);
            decoding.task->cancel();
            decoding.task->deleteLater();
        }
    }
    m_decoding.clear();
    m_result = std::move(result);
    Q_EMIT finished();
}

void HistoryLoadJob::pollProgress()
{
    qint64 done = m_shared->done;
    qint64 total = m_shared->total;
    if (m_stage != Stage::Reading) {
        // Over every history of the file: events decoded, or the Codec Server's payloads once it is asked.
        Stage stage = Stage::FetchingKeys;
        for (const Decoding& decoding : m_decoding)
            stage = std::max(stage, decoding.stage);
        done = 0;
        total = 0;
        for (const Decoding& decoding : m_decoding) {
            const bool finished = !decoding.task || !decoding.task->isRunning();
            total += decoding.stage == stage || finished ? decoding.total : 0;
            done += finished ? decoding.total : decoding.stage == stage ? decoding.done : 0;
        }
        m_stage = stage;
    }
    Q_EMIT progressed(m_stage, total > 0 ? int(std::clamp<qint64>(done * 100 / total, 0, 100)) : 0);
}

} // namespace hl
