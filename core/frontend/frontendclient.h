#pragma once

#include "frontend/connectionsettings.h"
#include "frontend/historypageanswer.h"
#include "frontend/workflowref.h"
#include "history/historypage.h"
#include "support/result.h"

#include <temporal/api/failure/v1/message.pb.h>
#include <temporal/api/workflowservice/v1/request_response.pb.h>

#include <QByteArray>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace hl {

// A client of a Temporal frontend's WorkflowService over gRPC: plaintext, TLS or mTLS, API keys, extra metadata.
// Calls block the calling thread (run them off the GUI thread) until the answer, the deadline or cancel(); every
// failure comes back as an Error a person can act on (is a server running there? which certificate problem?
// which of namespace, workflow or run was not found?). gRPC's own types stay inside the implementation.
class FrontendClient {
public:
    using DescribeResponse = temporal::api::workflowservice::v1::DescribeWorkflowExecutionResponse;
    using ListResponse = temporal::api::workflowservice::v1::ListWorkflowExecutionsResponse;
    using SystemInfoResponse = temporal::api::workflowservice::v1::GetSystemInfoResponse;
    using TaskQueueResponse = temporal::api::workflowservice::v1::DescribeTaskQueueResponse;
    using QueryResponse = temporal::api::workflowservice::v1::QueryWorkflowResponse;

    static constexpr int kMaxReceiveBytes = 128 * 1024 * 1024; // a page holds up to 256 event batches
    static constexpr int kDefaultDeadlineMs = 30'000;
    // A long poll (wait_new_event) is held by the server for about 20 s; the SDKs allow 65 s.
    static constexpr int kLongPollDeadlineMs = 65'000;

    // Reads the certificate and key files the settings name; fails when one cannot be read or a setting cannot be
    // honoured. No connection is made until the first call.
    static Result<std::unique_ptr<FrontendClient>> create(ConnectionSettings settings);
    ~FrontendClient();
    FrontendClient(const FrontendClient&) = delete;
    FrontendClient& operator=(const FrontendClient&) = delete;

    const ConnectionSettings& settings() const { return m_settings; }
    void setDeadlineMs(int deadlineMs) { m_deadlineMs = deadlineMs; }

    // Ends the call under way (from any thread) and makes later calls fail with ErrorCode::Cancelled until
    // resetCancel().
    void cancel();
    void resetCancel();
    bool isCancelled() const { return m_cancelled->load(); }
    // The flag cancel() sets, for other waits of the same work to poll (a Codec Server exchange).
    const std::atomic<bool>* cancelFlag() const { return m_cancelled.get(); }

    Result<SystemInfoResponse> systemInfo();

    // One page of GetWorkflowExecutionHistory (or ...Reverse: newest first, no long poll). `pageNumber` (from 1)
    // names the page in errors and notes. `waitNewEvent` long-polls for events after the token.
    Result<HistoryPageAnswer> historyPage(const WorkflowRef& workflow, const QByteArray& pageToken, int pageNumber,
                                          bool waitNewEvent = false, bool reverse = false, int maximumPageSize = 0);

    Result<DescribeResponse> describe(const WorkflowRef& workflow);
    Result<ListResponse> list(const QString& query, int pageSize, const QByteArray& pageToken);
    Result<qint64> count(const QString& query);
    // The pollers a task queue has had lately (DescribeTaskQueue): `activities` for its activity tasks, else its
    // workflow tasks.
    Result<TaskQueueResponse> describeTaskQueue(const QString& name, bool activities);
    // Asks a workflow's worker a query (QueryWorkflow): "__stack_trace", "__temporal_workflow_metadata", or one the
    // workflow defines, with its arguments already encoded as the worker's codec expects. A query the server rejects
    // (the workflow closed in a way its worker does not answer for) is ErrorCode::Unavailable, naming the status.
    // When the worker failed the query, `workerFailure` (if given) receives its failure as the server passed it on
    // (QueryFailedFailure in the status details; its message may be in encoded attributes, for the caller to decode;
    // empty when the server passed no reason on).
    Result<QueryResponse> query(const WorkflowRef& workflow, const QString& queryType,
                                const std::vector<temporal::api::common::v1::Payload>& arguments = {},
                                std::shared_ptr<const temporal::api::failure::v1::Failure>* workerFailure = nullptr);

private:
    class Channel;
    explicit FrontendClient(ConnectionSettings settings);
    // One unary call whose answer is parsed as `Response`.
    template <typename Response>
    Result<Response> unary(const QString& method, const WorkflowRef& workflow, bool namespaced,
                           const google::protobuf::Message& request);

    ConnectionSettings m_settings;
    std::unique_ptr<Channel> m_channel;
    std::shared_ptr<std::atomic<bool>> m_cancelled = std::make_shared<std::atomic<bool>>(false);
    int m_deadlineMs = kDefaultDeadlineMs;
};

} // namespace hl
