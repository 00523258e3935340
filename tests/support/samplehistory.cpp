#include "support/samplehistory.h"

namespace hl::test {

using namespace temporal::api;

namespace {

common::v1::Payload jsonPayload(const std::string& json)
{
    common::v1::Payload payload;
    (*payload.mutable_metadata())["encoding"] = "json/plain";
    payload.set_data(json);
    return payload;
}

void addJson(common::v1::Payloads* payloads, const std::string& json)
{
    *payloads->add_payloads() = jsonPayload(json);
}

class Builder {
public:
    explicit Builder(history::v1::History* history) : m_history(history) {}

    history::v1::HistoryEvent* next(enums::v1::EventType type)
    {
        auto* event = m_history->add_events();
        event->set_event_id(++m_id);
        event->set_event_type(type);
        event->set_task_id(1048576 + m_id);
        event->mutable_event_time()->set_seconds(1732266000 + m_id * 3);
        event->mutable_event_time()->set_nanos(int32_t((m_id * 7919) % 1000) * 1000000);
        return event;
    }

    int64_t id() const { return m_id; }

    void workflowTask()
    {
        auto* scheduled = next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
        auto* s = scheduled->mutable_workflow_task_scheduled_event_attributes();
        s->mutable_task_queue()->set_name("orders");
        s->mutable_task_queue()->set_kind(enums::v1::TASK_QUEUE_KIND_NORMAL);
        s->mutable_start_to_close_timeout()->set_seconds(10);
        s->set_attempt(1);
        const int64_t scheduledId = m_id;
        auto* started = next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_STARTED);
        started->mutable_workflow_task_started_event_attributes()->set_scheduled_event_id(scheduledId);
        started->mutable_workflow_task_started_event_attributes()->set_identity("worker-1@host");
        auto* completed = next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
        completed->mutable_workflow_task_completed_event_attributes()->set_scheduled_event_id(scheduledId);
        completed->mutable_workflow_task_completed_event_attributes()->set_started_event_id(scheduledId + 1);
    }

private:
    history::v1::History* m_history;
    int64_t m_id = 0;
};

failure::v1::Failure applicationFailure(const std::string& message, const std::string& type, bool nonRetryable)
{
    failure::v1::Failure failure;
    failure.set_message(message);
    failure.set_source("GoSDK");
    failure.set_stack_trace("main.chargeCard(...)\n\tactivities.go:42");
    failure.mutable_application_failure_info()->set_type(type);
    failure.mutable_application_failure_info()->set_non_retryable(nonRetryable);
    addJson(failure.mutable_application_failure_info()->mutable_details(), R"({"code":402,"declined":true})");
    return failure;
}

} // namespace

history::v1::History sampleHistory(const std::string& workflowId, const std::string& runId)
{
    history::v1::History history;
    Builder b(&history);

    auto* start = b.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)->mutable_workflow_execution_started_event_attributes();
    start->mutable_workflow_type()->set_name("OrderWorkflow");
    start->mutable_task_queue()->set_name("orders");
    start->mutable_task_queue()->set_kind(enums::v1::TASK_QUEUE_KIND_NORMAL);
    addJson(start->mutable_input(), R"({"items":[{"qty":2,"sku":"X1"}],"orderId":"A-1042","total":19.5})");
    start->mutable_workflow_execution_timeout()->set_seconds(3600);
    start->mutable_workflow_run_timeout()->set_seconds(3600);
    start->mutable_workflow_task_timeout()->set_seconds(10);
    start->set_original_execution_run_id(runId);
    start->set_first_execution_run_id(runId);
    start->set_identity("starter@host");
    start->set_attempt(1);
    start->set_workflow_id(workflowId);
    start->set_initiator(enums::v1::CONTINUE_AS_NEW_INITIATOR_WORKFLOW);
    (*start->mutable_memo()->mutable_fields())["customer"] = jsonPayload(R"("ACME Corp")");
    auto keyword = jsonPayload(R"(["gold","eu"])");
    (*keyword.mutable_metadata())["type"] = "KeywordList";
    (*start->mutable_search_attributes()->mutable_indexed_fields())["CustomerTier"] = keyword;
    (*start->mutable_header()->mutable_fields())["traceparent"] = jsonPayload(R"("00-4bf92f-00f067-01")");
    start->mutable_retry_policy()->set_backoff_coefficient(2.0);
    start->mutable_retry_policy()->set_maximum_attempts(3);
    start->mutable_retry_policy()->mutable_initial_interval()->set_seconds(1);
    start->mutable_retry_policy()->mutable_initial_interval()->set_nanos(500000000);
    b.workflowTask();

    // An activity that fails once, then completes.
    auto* scheduled = b.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)->mutable_activity_task_scheduled_event_attributes();
    scheduled->set_activity_id("charge");
    scheduled->mutable_activity_type()->set_name("ChargeCard");
    scheduled->mutable_task_queue()->set_name("orders");
    addJson(scheduled->mutable_input(), R"({"amount":19.5,"currency":"EUR"})");
    scheduled->mutable_start_to_close_timeout()->set_seconds(30);
    const int64_t scheduledId = b.id();
    auto* activityStarted = b.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_STARTED)->mutable_activity_task_started_event_attributes();
    activityStarted->set_scheduled_event_id(scheduledId);
    activityStarted->set_attempt(2);
    *activityStarted->mutable_last_failure() = applicationFailure("card declined", "CardDeclined", false);
    auto* completed = b.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_COMPLETED)->mutable_activity_task_completed_event_attributes();
    completed->set_scheduled_event_id(scheduledId);
    completed->set_started_event_id(scheduledId + 1);
    addJson(completed->mutable_result(), R"({"chargeId":"ch_1","ok":true})");
    b.workflowTask();

    // A timer, a signal with two arguments, a marker.
    auto* timer = b.next(enums::v1::EVENT_TYPE_TIMER_STARTED)->mutable_timer_started_event_attributes();
    timer->set_timer_id("reminder");
    timer->mutable_start_to_fire_timeout()->set_seconds(60);
    b.next(enums::v1::EVENT_TYPE_TIMER_FIRED)->mutable_timer_fired_event_attributes()->set_timer_id("reminder");
    auto* signal = b.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)->mutable_workflow_execution_signaled_event_attributes();
    signal->set_signal_name("addItem");
    addJson(signal->mutable_input(), R"({"qty":1,"sku":"Y7"})");
    addJson(signal->mutable_input(), R"("rush")");
    auto* marker = b.next(enums::v1::EVENT_TYPE_MARKER_RECORDED)->mutable_marker_recorded_event_attributes();
    marker->set_marker_name("SideEffect");
    addJson(&(*marker->mutable_details())["data"], "42");

    // A child workflow.
    auto* child = b.next(enums::v1::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                      ->mutable_start_child_workflow_execution_initiated_event_attributes();
    child->set_namespace_("default");
    child->set_workflow_id("ship-A-1042");
    child->mutable_workflow_type()->set_name("ShippingWorkflow");
    addJson(child->mutable_input(), R"({"address":"1 Main St"})");
    child->set_parent_close_policy(enums::v1::PARENT_CLOSE_POLICY_TERMINATE);
    child->set_workflow_id_reuse_policy(enums::v1::WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    const int64_t initiatedId = b.id();
    auto* childStarted = b.next(enums::v1::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)
                             ->mutable_child_workflow_execution_started_event_attributes();
    childStarted->set_initiated_event_id(initiatedId);
    childStarted->mutable_workflow_execution()->set_workflow_id("ship-A-1042");
    childStarted->mutable_workflow_execution()->set_run_id("7b2e0c47-3f1f-4e4d-8b62-1d3bc1f2a002");
    childStarted->mutable_workflow_type()->set_name("ShippingWorkflow");
    auto* childDone = b.next(enums::v1::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)
                          ->mutable_child_workflow_execution_completed_event_attributes();
    *childDone->mutable_workflow_execution() = childStarted->workflow_execution();
    childDone->mutable_workflow_type()->set_name("ShippingWorkflow");
    childDone->set_initiated_event_id(initiatedId);
    childDone->set_started_event_id(initiatedId + 1);
    addJson(childDone->mutable_result(), R"({"tracking":"TRK-9"})");

    // An update, accepted then completed.
    auto* accepted = b.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                         ->mutable_workflow_execution_update_accepted_event_attributes();
    accepted->set_protocol_instance_id("upd-1");
    accepted->mutable_accepted_request()->mutable_meta()->set_update_id("upd-1");
    accepted->mutable_accepted_request()->mutable_input()->set_name("changeAddress");
    addJson(accepted->mutable_accepted_request()->mutable_input()->mutable_args(), R"({"address":"2 Side St"})");
    auto* updated = b.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)
                        ->mutable_workflow_execution_update_completed_event_attributes();
    updated->mutable_meta()->set_update_id("upd-1");
    updated->set_accepted_event_id(b.id() - 1);
    addJson(updated->mutable_outcome()->mutable_success(), R"("address changed")");

    // A Nexus operation with a single-payload input, timed out with a cause chain.
    auto* nexus = b.next(enums::v1::EVENT_TYPE_NEXUS_OPERATION_SCHEDULED)->mutable_nexus_operation_scheduled_event_attributes();
    nexus->set_endpoint("fraud-endpoint");
    nexus->set_service("fraud");
    nexus->set_operation("score");
    *nexus->mutable_input() = jsonPayload(R"({"orderId":"A-1042"})");
    nexus->set_request_id("req-1");
    auto* nexusTimedOut = b.next(enums::v1::EVENT_TYPE_NEXUS_OPERATION_TIMED_OUT)->mutable_nexus_operation_timed_out_event_attributes();
    nexusTimedOut->set_scheduled_event_id(b.id() - 1);
    auto* nexusFailure = nexusTimedOut->mutable_failure();
    nexusFailure->set_message("nexus operation timed out");
    nexusFailure->mutable_nexus_operation_execution_failure_info()->set_endpoint("fraud-endpoint");
    nexusFailure->mutable_cause()->set_message("operation timed out");
    nexusFailure->mutable_cause()->mutable_timeout_failure_info()->set_timeout_type(enums::v1::TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
    b.workflowTask();

    // The workflow fails: activity failure caused by an application failure.
    auto* failed = b.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)->mutable_workflow_execution_failed_event_attributes();
    failed->set_retry_state(enums::v1::RETRY_STATE_RETRY_POLICY_NOT_SET);
    failed->set_workflow_task_completed_event_id(b.id() - 1);
    auto* failure = failed->mutable_failure();
    failure->set_message("activity error");
    failure->mutable_activity_failure_info()->mutable_activity_type()->set_name("ReserveStock");
    failure->mutable_activity_failure_info()->set_retry_state(enums::v1::RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    *failure->mutable_cause() = applicationFailure("out of stock", "OutOfStock", true);
    return history;
}

export_::v1::WorkflowExecutions sampleExport()
{
    export_::v1::WorkflowExecutions executions;
    const char* ids[] = {"order-1", "order-2", "order-3"};
    const char* runs[] = {"00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
                          "00000000-0000-4000-8000-000000000003"};
    for (int i = 0; i < 3; ++i) {
        auto history = sampleHistory(ids[i], runs[i]);
        // Different lengths, so a mixed-up split would show.
        for (int drop = 0; drop < i * 3; ++drop)
            history.mutable_events()->RemoveLast();
        *executions.add_items()->mutable_history() = history;
    }
    return executions;
}

} // namespace hl::test
