#include "render/workflowlinks.h"

namespace hl {

namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

} // namespace

std::vector<WorkflowLinks::Link> WorkflowLinks::of(const History::Event& event, const QString& workflowId)
{
    std::vector<Link> links;
    auto child = [&](const temporal::api::common::v1::WorkflowExecution& execution) {
        if (!execution.workflow_id().empty())
            links.push_back({QObject::tr("Open child workflow %1").arg(text(execution.workflow_id())),
                             {text(execution.workflow_id()), text(execution.run_id())}});
    };
    auto nextRun = [&](const std::string& runId) {
        if (!runId.empty())
            links.push_back({QObject::tr("Open next run"), {workflowId, text(runId)}});
    };
    if (event.has_workflow_execution_started_event_attributes()) {
        const auto& started = event.workflow_execution_started_event_attributes();
        if (started.has_parent_workflow_execution())
            links.push_back({QObject::tr("Open parent workflow %1").arg(text(started.parent_workflow_execution().workflow_id())),
                             {text(started.parent_workflow_execution().workflow_id()), text(started.parent_workflow_execution().run_id())}});
        if (!started.continued_execution_run_id().empty())
            links.push_back({QObject::tr("Open previous run"), {workflowId, text(started.continued_execution_run_id())}});
        if (!started.first_execution_run_id().empty() && started.first_execution_run_id() != started.original_execution_run_id()
            && started.first_execution_run_id() != started.continued_execution_run_id())
            links.push_back({QObject::tr("Open first run"), {workflowId, text(started.first_execution_run_id())}});
    } else if (event.has_workflow_execution_continued_as_new_event_attributes()) {
        nextRun(event.workflow_execution_continued_as_new_event_attributes().new_execution_run_id());
    } else if (event.has_workflow_execution_completed_event_attributes()) {
        nextRun(event.workflow_execution_completed_event_attributes().new_execution_run_id());
    } else if (event.has_workflow_execution_failed_event_attributes()) {
        nextRun(event.workflow_execution_failed_event_attributes().new_execution_run_id());
    } else if (event.has_workflow_execution_timed_out_event_attributes()) {
        nextRun(event.workflow_execution_timed_out_event_attributes().new_execution_run_id());
    } else if (event.has_start_child_workflow_execution_initiated_event_attributes()) {
        const auto& initiated = event.start_child_workflow_execution_initiated_event_attributes();
        links.push_back({QObject::tr("Open child workflow %1").arg(text(initiated.workflow_id())), {text(initiated.workflow_id()), {}}});
    } else if (event.has_child_workflow_execution_started_event_attributes()) {
        child(event.child_workflow_execution_started_event_attributes().workflow_execution());
    } else if (event.has_child_workflow_execution_completed_event_attributes()) {
        child(event.child_workflow_execution_completed_event_attributes().workflow_execution());
    } else if (event.has_child_workflow_execution_failed_event_attributes()) {
        child(event.child_workflow_execution_failed_event_attributes().workflow_execution());
    } else if (event.has_child_workflow_execution_canceled_event_attributes()) {
        child(event.child_workflow_execution_canceled_event_attributes().workflow_execution());
    } else if (event.has_child_workflow_execution_timed_out_event_attributes()) {
        child(event.child_workflow_execution_timed_out_event_attributes().workflow_execution());
    } else if (event.has_child_workflow_execution_terminated_event_attributes()) {
        child(event.child_workflow_execution_terminated_event_attributes().workflow_execution());
    }
    return links;
}

} // namespace hl
