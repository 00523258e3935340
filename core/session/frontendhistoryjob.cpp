#include "session/frontendhistoryjob.h"

#include "frontend/frontendclient.h"
#include "frontend/pagingguard.h"
#include "session/decodetask.h"
#include "session/decodingservice.h"
#include "session/ownerlink.h"
#include "session/workthreads.h"

#include <QElapsedTimer>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

#include <utility>

namespace hl {

// What the fetching worker shares with the job: it holds this, never the job.
struct FrontendHistoryJob::Shared {
    std::unique_ptr<FrontendClient> client;
    std::atomic<bool> cancelled{false};
};

FrontendHistoryJob::FrontendHistoryJob(ConnectionSettings settings, WorkflowRef workflow, std::vector<KeyStore*> stores,
                                       Options options, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_workflow(std::move(workflow))
    , m_stores(std::move(stores))
    , m_options(options)
    , m_shared(std::make_shared<Shared>())
    , m_link(OwnerLink<FrontendHistoryJob>::to(this))
    , m_budget(std::make_shared<DecodeBudget>(m_options.maxDecodedBytes))
{
}

FrontendHistoryJob::~FrontendHistoryJob()
{
    // The worker ends within ~50 ms of the cancel, on its own thread; nothing here waits for it.
    cancel();
    m_link->cut();
    WorkThreads::instance().release(std::move(m_history), std::move(m_decoded), std::move(m_description));
}

void FrontendHistoryJob::start()
{
    if (m_running)
        return;
    m_running = true;
    auto client = FrontendClient::create(m_settings);
    if (!client) {
        m_fetchEnded = true;
        m_fetchOutcome = client.error();
        QTimer::singleShot(0, this, &FrontendHistoryJob::finishIfDone);
        return;
    }
    m_shared->client = std::move(client.value());
    const WorkflowRef workflow = m_workflow;
    const Options options = m_options;
    // A thread of the blocking pool: a long poll holds it for up to a minute, and no decoding thread waits on it.
    WorkThreads::instance().blocking()->start([shared = m_shared, link = m_link, workflow, options] {
        FrontendClient& client = *shared->client;
        auto ended = [&link](Result<void> outcome) {
            link->post([outcome = std::move(outcome)](FrontendHistoryJob* job) { job->fetchEnded(outcome); });
        };
        // A server that answers, and which: the first call any Temporal client makes.
        auto system = client.systemInfo();
        if (!system)
            return ended(system.error());
        WorkflowRef pinned = workflow;
        // The length to show progress against, and the run to stay on while following; asked again as a followed
        // workflow grows, so what is shown beside the events stays current.
        auto describe = [&client, &link, &pinned]() -> Result<void> {
            auto description = client.describe(pinned);
            if (!description)
                return description.error();
            pinned.runId = QString::fromStdString(description->workflow_execution_info().execution().run_id());
            const qint64 length = description->workflow_execution_info().history_length();
            auto described = std::make_shared<const FrontendClient::DescribeResponse>(std::move(description.value()));
            // Who serves it: a running workflow whose queue nobody polls is the first thing to tell.
            auto workers = std::make_shared<const std::vector<TaskQueueWorkers::Queue>>(TaskQueueWorkers::ask(client, *described));
            link->post([pinned, length, described, workers](FrontendHistoryJob* job) {
                job->m_workflow = pinned;
                job->m_description = described;
                job->m_workers = workers;
                job->m_expectedEvents = length;
                Q_EMIT job->described();
                Q_EMIT job->progressed(job->m_history.eventCount(), length);
            });
            return {};
        };
        if (auto described = describe(); !described)
            return ended(described.error());
        QByteArray token;
        PagingGuard guard(options.maxEvents, QStringLiteral("events for one history"),
                          QStringLiteral("--max-events raises the bound"));
        for (int page = 1; !shared->cancelled; ++page) {
            QElapsedTimer asked;
            asked.start();
            auto answer = client.historyPage(pinned, token, page, options.follow, false, options.maximumPageSize);
            if (!answer)
                return ended(answer.error());
            token = answer->nextPageToken;
            qint64 events = 0;
            for (const auto& each : answer->pages)
                events += each->size();
            // Following, a long poll that timed out may send its token again; anything else that repeats a token,
            // sends endless empty pages or more events than a history holds is stopped; what came before stays.
            if (auto accepted = guard.accept(events, token, options.follow); !accepted)
                return ended(accepted.error());
            auto delivered = std::make_shared<HistoryPageAnswer>(std::move(answer.value()));
            link->post([delivered](FrontendHistoryJob* job) { job->answerArrived(delivered); });
            if (token.isEmpty())
                return ended({});
            // A long poll answers empty after about 20 s; one that answers empty at once is not waiting, and is
            // asked again no more than once a second.
            if (options.follow && events == 0) {
                while (!shared->cancelled && asked.elapsed() < 1000)
                    QThread::msleep(50);
            }
            // Following: the description (status, pending work, length) is out of date once events arrive.
            if (options.follow && events > 0 && !shared->cancelled)
                (void)describe(); // a failure here is not the history's: the next page tells
        }
        ended(Error{ErrorCode::Cancelled, QStringLiteral("loading cancelled")});
    });
}

void FrontendHistoryJob::cancel()
{
    m_shared->cancelled = true;
    if (m_shared->client)
        m_shared->client->cancel();
    m_pending.clear();
    if (m_decoding) {
        m_decoding->disconnect(this);
        m_decoding->cancel();
        m_decoding->deleteLater();
        m_busy = false;
    }
}

void FrontendHistoryJob::answerArrived(std::shared_ptr<HistoryPageAnswer> answer)
{
    if (m_shared->cancelled)
        return;
    ++m_pagesReceived;
    m_pending.push_back(std::move(answer));
    processNext();
}

void FrontendHistoryJob::fetchEnded(Result<void> outcome)
{
    m_fetchEnded = true;
    m_fetchOutcome = std::move(outcome);
    finishIfDone();
}

void FrontendHistoryJob::processNext()
{
    if (m_busy || m_pending.empty() || m_shared->cancelled)
        return finishIfDone();
    // Every answer that waited is decoded in one pass: with a Codec Server that is one round of requests for all
    // of them (pages come faster than a server answers); locally it costs nothing.
    Answers answers;
    if (!m_options.decode || !m_codecServer) {
        answers.push_back(m_pending.front());
        m_pending.pop_front();
    } else {
        answers.assign(m_pending.begin(), m_pending.end());
        m_pending.clear();
    }
    m_busy = true;
    if (!m_options.decode)
        return deliver(grownBy(answers), m_decoded);
    decodePending(std::move(answers));
}

History FrontendHistoryJob::grownBy(const Answers& answers) const
{
    History grown = m_history;
    for (const auto& answer : answers) {
        for (const auto& page : answer->pages)
            grown = grown.appended(page);
    }
    return grown;
}

void FrontendHistoryJob::deliver(History grown, DecodedPayloadsPtr decoded)
{
    const int firstNew = m_history.eventCount();
    m_history = std::move(grown);
    m_decoded = std::move(decoded);
    m_busy = false;
    // The first answer is delivered even when empty, so a view can show an empty history.
    if (m_history.eventCount() > firstNew || firstNew == 0)
        Q_EMIT eventsAdded(firstNew);
    Q_EMIT progressed(m_history.eventCount(), m_expectedEvents);
    if (m_options.follow && !m_caughtUp && m_expectedEvents > 0 && m_history.eventCount() >= m_expectedEvents
        && m_pending.empty() && !m_fetchEnded) {
        m_caughtUp = true;
        Q_EMIT caughtUp();
    }
    processNext();
}

void FrontendHistoryJob::decodePending(Answers answers)
{
    DecodeRequest request;
    request.history = grownBy(answers);
    request.fromEvent = m_history.eventCount();
    request.knownKeys = m_keys; // only key ids new in these pages are asked of the stores
    request.stores = m_stores;
    request.codecServer = m_codecServer;
    request.budget = m_budget;
    m_decoding = DecodingService::decode(std::move(request), this);
    connect(m_decoding, &DecodeTask::progressed, this, [this](DecodeTask::Stage stage, qint64 done, qint64 total) {
        if (stage == DecodeTask::Stage::CodecServer)
            Q_EMIT codecServerProgressed(done, total);
    });
    connect(m_decoding, &DecodeTask::finished, this, [this] {
        DecodeTask* task = m_decoding;
        m_decoding = nullptr;
        task->deleteLater();
        m_keys = task->keys();
        for (const Error& error : task->keyStoreErrors())
            m_keyStoreErrors.push_back(error);
        if (!task->result().ok()) { // cancelled
            m_busy = false;
            return finishIfDone();
        }
        DecodedPayloadsPtr all = DecodedPayloads::extended(*m_decoded, *task->result().value());
        deliver(task->request().history, std::move(all));
    });
}

void FrontendHistoryJob::finishIfDone()
{
    if (!m_running || !m_fetchEnded || m_busy || !m_pending.empty())
        return;
    m_running = false;
    m_result = m_fetchOutcome;
    Q_EMIT finished();
}

} // namespace hl
