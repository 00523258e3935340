#include "session/frontendhistoryjob.h"

#include "codec/historydecoder.h"
#include "frontend/frontendclient.h"
#include "keys/keyresolver.h"

#include <QtConcurrent/QtConcurrentRun>
#include <QPointer>
#include <QTimer>

#include <utility>

namespace hl {

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
{
    connect(&m_decoding, &QFutureWatcher<std::shared_ptr<DecodedPayloads>>::finished, this, [this] {
        std::shared_ptr<DecodedPayloads> decoded = m_decoding.result();
        DecodedPayloadsPtr all = decoded ? DecodedPayloads::extended(*m_decoded, std::move(*decoded)) : m_decoded;
        deliver(std::exchange(m_decodingHistory, History()), std::move(all));
    });
}

FrontendHistoryJob::~FrontendHistoryJob()
{
    // The worker uses the client and posts to this object: stop it and wait (a call ends within ~50 ms of cancel).
    m_shared->cancelled = true;
    if (m_shared->client)
        m_shared->client->cancel();
    m_fetching.waitForFinished();
    m_decoding.waitForFinished(); // a Codec Server request in flight ends within ~50 ms of the cancel
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
    auto shared = m_shared;
    FrontendHistoryJob* self = this; // valid while the worker runs: the destructor waits for it
    const WorkflowRef workflow = m_workflow;
    const Options options = m_options;
    // Its own thread: a long poll holds it for up to a minute, and the shared pool's threads decode.
    m_fetchThread.setMaxThreadCount(1);
    m_fetching = QtConcurrent::run(&m_fetchThread, [shared, self, workflow, options] {
        FrontendClient& client = *shared->client;
        auto post = [self](auto function) { QMetaObject::invokeMethod(self, std::move(function), Qt::QueuedConnection); };
        // A server that answers, and which: the first call any Temporal client makes.
        auto system = client.systemInfo();
        if (!system) {
            post([self, error = system.error()] { self->fetchEnded(error); });
            return;
        }
        // The length to show progress against, and the run to stay on while following.
        auto description = client.describe(workflow);
        if (!description) {
            post([self, error = description.error()] { self->fetchEnded(error); });
            return;
        }
        WorkflowRef pinned = workflow;
        pinned.runId = QString::fromStdString(description->workflow_execution_info().execution().run_id());
        const qint64 length = description->workflow_execution_info().history_length();
        auto described = std::make_shared<const FrontendClient::DescribeResponse>(std::move(description.value()));
        post([self, pinned, length, described] {
            self->m_workflow = pinned;
            self->m_description = described;
            self->m_expectedEvents = length;
            Q_EMIT self->described();
            Q_EMIT self->progressed(self->m_history.eventCount(), length);
        });
        QByteArray token;
        for (int page = 1; !shared->cancelled; ++page) {
            auto answer = client.historyPage(pinned, token, page, options.follow, false, options.maximumPageSize);
            if (!answer) {
                post([self, error = answer.error()] { self->fetchEnded(error); });
                return;
            }
            token = answer->nextPageToken;
            auto delivered = std::make_shared<HistoryPageAnswer>(std::move(answer.value()));
            post([self, delivered] { self->answerArrived(delivered); });
            if (token.isEmpty()) {
                post([self] { self->fetchEnded({}); });
                return;
            }
        }
        post([self] { self->fetchEnded(Error{ErrorCode::Cancelled, QStringLiteral("loading cancelled")}); });
    });
}

void FrontendHistoryJob::cancel()
{
    m_shared->cancelled = true;
    if (m_shared->client)
        m_shared->client->cancel();
    m_pending.clear();
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
    if (m_busy || m_pending.empty())
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
    std::set<std::string> newKeyIds;
    for (const auto& answer : answers) {
        for (const auto& page : answer->pages) {
            for (const std::string& id : HistoryDecoder::keyIdsIn(History().appended(page))) {
                if (!m_keyIdsAsked.count(id))
                    newKeyIds.insert(id);
            }
        }
    }
    if (newKeyIds.empty())
        return decodePending(std::make_shared<const KeyRing>(m_keys), std::move(answers));
    m_keyIdsAsked.insert(newKeyIds.begin(), newKeyIds.end());
    QPointer<FrontendHistoryJob> self(this);
    KeyResolver::resolve(newKeyIds, m_stores, [self, answers](KeyRing found, std::vector<Error> errors) {
        if (!self)
            return;
        for (const std::string& id : found.keyIds())
            self->m_keys.insert(id, found.find(id));
        for (Error& error : errors)
            self->m_keyStoreErrors.push_back(std::move(error));
        self->decodePending(std::make_shared<const KeyRing>(self->m_keys), answers);
    });
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

void FrontendHistoryJob::decodePending(std::shared_ptr<const KeyRing> keys, Answers answers)
{
    const History grown = grownBy(answers);
    m_decodingHistory = grown;
    const int from = m_history.eventCount();
    auto shared = m_shared;
    auto codecServer = m_codecServer;
    FrontendHistoryJob* self = this; // valid while the worker runs: the destructor waits for it
    m_decoding.setFuture(QtConcurrent::run([grown, from, keys, shared, codecServer, self]() -> std::shared_ptr<DecodedPayloads> {
        HistoryDecoder decoder(std::make_shared<CodecChain>(CodecChain::standard()), keys);
        decoder.setCodecServer(codecServer);
        HistoryDecoder::Run run;
        run.fromEvent = from;
        run.progress = [shared](qint64, qint64) { return !shared->cancelled.load(); };
        run.cancelled = &shared->cancelled;
        run.remoteProgress = [self](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(self, [self, done, total] { Q_EMIT self->codecServerProgressed(done, total); },
                                      Qt::QueuedConnection);
        };
        auto decoded = decoder.decode(grown, run);
        if (!decoded)
            return nullptr;
        return std::make_shared<DecodedPayloads>(std::move(decoded.value()));
    }));
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
