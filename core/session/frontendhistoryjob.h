#pragma once

// moc cannot parse the generated protobuf headers; it needs none of them.
#ifndef Q_MOC_RUN
#include "codec/codeccontext.h"
#include "codec/decodebudget.h"
#include "codec/decodedpayloads.h"
#include "frontend/connectionsettings.h"
#include "frontend/workflowref.h"
#include "history/history.h"
#include "keys/keyring.h"
#include "keys/keystore.h"
#include "render/taskqueueworkers.h"
#include "support/readlimits.h"
#include "support/result.h"

#include <temporal/api/workflowservice/v1/request_response.pb.h>
#endif

#include <QObject>
#include <QPointer>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace hl {

class CodecServerClient;
class DecodeTask;
class FrontendClient;
struct HistoryPageAnswer;
template <typename Owner>
class OwnerLink;

// Loads one workflow's history from a Temporal frontend page by page and decodes each page while the next is
// fetched: pages come in on a thread of WorkThreads' blocking pool, each is decoded by DecodingService, and every
// page that is ready is delivered as a new immutable snapshot, in order. With `follow`, it long-polls for new events
// until the workflow closes or cancel() is called, and asks for the description again as events arrive. Nothing
// here waits: cancel() and the destructor end a long poll within ~50 ms without waiting for it. Whatever was
// delivered stays valid when a later page fails.
class FrontendHistoryJob : public QObject {
    Q_OBJECT

public:
    struct Options {
        bool follow = false;
        int maximumPageSize = 0; // 0: the server's default (256 event batches)
        bool decode = true;      // false: deliver the events as stored (a benchmark of fetching alone)
        // A server that sends more events than this for one history is stopped there (PagingGuard); <= 0: no bound.
        qint64 maxEvents = ReadLimits::kDefaultMaxEvents;
        // What the whole history may decode, over every page and codec layer.
        qint64 maxDecodedBytes = CodecContext::kDefaultMaxDecodedHistoryBytes;
    };

    // `stores` are asked in order for codec keys and must outlive the job.
    FrontendHistoryJob(ConnectionSettings settings, WorkflowRef workflow, std::vector<KeyStore*> stores, Options options,
                       QObject* parent = nullptr);
    ~FrontendHistoryJob() override;

    // Decode through this Codec Server as well (before start()). Pages that arrive while it is busy are decoded
    // together, so a long history costs a handful of requests rather than one per page.
    void setCodecServer(std::shared_ptr<CodecServerClient> client) { m_codecServer = std::move(client); }
    const std::shared_ptr<CodecServerClient>& codecServer() const { return m_codecServer; }

    void start();
    // Stops fetching (ends a long poll at once); what was delivered stays. finished() follows with
    // ErrorCode::Cancelled.
    void cancel();
    bool isRunning() const { return m_running; }

    const WorkflowRef& workflow() const { return m_workflow; }
    // The latest snapshot delivered, and its decoded payloads.
    const History& history() const { return m_history; }
    DecodedPayloadsPtr decoded() const { return m_decoded; }
    // The history length DescribeWorkflowExecution reported (0 before it answered or when it failed).
    qint64 expectedEvents() const { return m_expectedEvents; }
    int pagesReceived() const { return m_pagesReceived; }
    // What DescribeWorkflowExecution said when the load began (null before).
    std::shared_ptr<const temporal::api::workflowservice::v1::DescribeWorkflowExecutionResponse> description() const
    {
        return m_description;
    }
    // Who polled the workflow's task queues when it was last described (DescribeTaskQueue).
    std::shared_ptr<const std::vector<TaskQueueWorkers::Queue>> workers() const { return m_workers; }
    // The codec keys fetched so far (for payloads outside the history, such as pending activities').
    std::shared_ptr<const KeyRing> keys() const { return m_keys; }
    // Errors of key stores that could not be asked (the rest still decoded).
    const std::vector<Error>& keyStoreErrors() const { return m_keyStoreErrors; }
    // Valid after finished(): success, or why loading stopped (ErrorCode::Cancelled after cancel()).
    const Result<void>& result() const { return m_result; }

Q_SIGNALS:
    // The history grew: events [firstNewEvent, history().eventCount()) arrived and are decoded.
    void eventsAdded(int firstNewEvent);
    void progressed(qint64 eventsReceived, qint64 eventsExpected);
    // The Codec Server's part of decoding the pages in hand.
    void codecServerProgressed(qint64 payloadsDone, qint64 payloadsTotal);
    // The server confirmed the workflow and its length (DescribeWorkflowExecution); again as a followed workflow grows.
    void described();
    // With follow, once: the whole history so far is here and the job is waiting for new events.
    void caughtUp();
    void finished();

private:
    struct Shared;

    void answerArrived(std::shared_ptr<HistoryPageAnswer> answer);
    void fetchEnded(Result<void> outcome);
    void processNext();
    using Answers = std::vector<std::shared_ptr<HistoryPageAnswer>>;
    // The history shown so far with the answers' pages after it.
    History grownBy(const Answers& answers) const;
    void decodePending(Answers answers);
    // `grown` (with `decoded`) becomes the history delivered; the next answer is taken up.
    void deliver(History grown, DecodedPayloadsPtr decoded);
    void finishIfDone();

    ConnectionSettings m_settings;
    WorkflowRef m_workflow;
    std::vector<KeyStore*> m_stores;
    Options m_options;
    std::shared_ptr<CodecServerClient> m_codecServer;
    std::shared_ptr<Shared> m_shared;
    std::shared_ptr<OwnerLink<FrontendHistoryJob>> m_link;
    QPointer<DecodeTask> m_decoding;

    std::deque<std::shared_ptr<HistoryPageAnswer>> m_pending;
    bool m_busy = false; // resolving keys or decoding a page
    bool m_fetchEnded = false;
    Result<void> m_fetchOutcome;
    bool m_running = false;
    History m_history;
    bool m_caughtUp = false;
    DecodedPayloadsPtr m_decoded = std::make_shared<const DecodedPayloads>();
    std::shared_ptr<const KeyRing> m_keys = std::make_shared<const KeyRing>();
    std::shared_ptr<DecodeBudget> m_budget; // every page's decoding spends from it
    std::vector<Error> m_keyStoreErrors;
    qint64 m_expectedEvents = 0;
    std::shared_ptr<const temporal::api::workflowservice::v1::DescribeWorkflowExecutionResponse> m_description;
    std::shared_ptr<const std::vector<TaskQueueWorkers::Queue>> m_workers;
    int m_pagesReceived = 0;
    Result<void> m_result = Error{ErrorCode::Cancelled, QStringLiteral("not loaded yet")};
};

} // namespace hl
