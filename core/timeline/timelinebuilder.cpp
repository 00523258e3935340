#include "timeline/timelinebuilder.h"

#include "render/eventattributes.h"
#include "render/failureattributes.h"
#include "render/markerdata.h"
#include "render/usermetadata.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace hl {

namespace {

using temporal::api::enums::v1::EventType;
using State = Timeline::State;
using Kind = Timeline::LaneKind;

constexpr int64_t kMicrosPerSecond = 1000000;

int64_t microsOf(const google::protobuf::Duration& duration)
{
    return duration.seconds() * kMicrosPerSecond + duration.nanos() / 1000;
}

QString text(const std::string& value)
{
    return QString::fromUtf8(value.data(), int(value.size()));
}

// The failure's message as the SDK wrote it (restored from encoded attributes), and its first cause's after it.
QString failureText(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context)
{
    auto messageOf = [&context](const temporal::api::failure::v1::Failure& f) {
        const auto restored = FailureAttributes::restore(f, context);
        return restored && restored->message ? text(*restored->message) : text(f.message());
    };
    QString message = messageOf(failure);
    if (failure.has_cause()) {
        const QString cause = messageOf(failure.cause());
        if (!cause.isEmpty() && cause != message)
            message = message.isEmpty() ? cause : message + QStringLiteral(": ") + cause;
    }
    return message.left(500);
}

} // namespace

TimelineBuilder::TimelineBuilder(PayloadContext context) : m_context(std::move(context)) {}

Timeline TimelineBuilder::build(const History& history, const PayloadContext& context, int64_t now)
{
    TimelineBuilder builder(context);
    builder.add(history);
    return builder.timeline(now);
}

int64_t TimelineBuilder::timeOf(const History::Event& event)
{
    return event.event_time().seconds() * kMicrosPerSecond + event.event_time().nanos() / 1000;
}

int TimelineBuilder::laneOf(int64_t eventId) const
{
    const auto found = m_laneOfEventId.find(eventId);
    return found == m_laneOfEventId.end() ? -1 : found->second;
}

int TimelineBuilder::openLane(Kind kind, int eventIndex, int64_t time, const History::Event& event)
{
    Timeline::Lane lane;
    lane.kind = kind;
    lane.firstEvent = eventIndex;
    lane.lastEvent = eventIndex;
    lane.scheduled = time;
    lane.summary = UserMetadata::summary(event, m_context);
    const int index = int(m_lanes.size());
    m_lanes.push_back(std::move(lane));
    m_backoffs.emplace_back();
    m_laneOfEventId[event.event_id()] = index;
    m_eventLane[size_t(eventIndex)] = index;
    return index;
}

void TimelineBuilder::attach(int lane, int eventIndex)
{
    m_eventLane[size_t(eventIndex)] = lane;
    m_lanes[size_t(lane)].lastEvent = eventIndex;
}

void TimelineBuilder::close(int lane, int eventIndex, int64_t time, State state, const History::Event& event)
{
    attach(lane, eventIndex);
    Timeline::Lane& l = m_lanes[size_t(lane)];
    l.closed = std::max(time, l.scheduled);
    l.state = state;
    if (const auto* failure = EventAttributes::failure(event))
        l.failure = failureText(*failure, m_context);
    if (l.attempts == 0)
        l.attempts = 1;
}

void TimelineBuilder::addMarker(Timeline::MarkerKind kind, int eventIndex, int64_t time, QString label)
{
    m_eventLane[size_t(eventIndex)] = -2 - int(m_markers.size());
    m_markers.push_back({time, kind, eventIndex, std::move(label)});
}

void TimelineBuilder::addLocalActivity(const History::Event& event, int eventIndex, int64_t time)
{
    const auto& marker = event.marker_recorded_event_attributes();
    const QJsonObject data = MarkerData::data(marker, m_context);
    // It ran inside the workflow task that recorded it: from that task's start to the marker.
    const int64_t start = m_lastWorkflowTaskStart >= 0 && m_lastWorkflowTaskStart <= time ? m_lastWorkflowTaskStart : time;
    const int lane = openLane(Kind::LocalActivity, eventIndex, start, event);
    Timeline::Lane& l = m_lanes[size_t(lane)];
    l.name = MarkerData::localActivityType(data);
    if (l.name.isEmpty())
        l.name = QStringLiteral("local activity");
    for (const char* key : {"activity_id", "ActivityID", "activityId"}) {
        if (const QJsonValue id = data.value(QLatin1String(key)); !id.isUndefined())
            l.id = id.isString() ? id.toString() : QString::number(id.toInteger());
    }
    // Core-based SDKs (Python, TypeScript, .NET, Rust) write when it was first scheduled and when it completed: a long
    // local activity spans several workflow tasks (each heartbeating the one before).
    auto timeIn = [&data](const char* key) -> int64_t {
        const QJsonObject t = data.value(QLatin1String(key)).toObject();
        if (!t.contains(QStringLiteral("seconds")))
            return -1;
        return int64_t(t.value(QStringLiteral("seconds")).toDouble()) * kMicrosPerSecond + int64_t(t.value(QStringLiteral("nanos")).toDouble()) / 1000;
    };
    const int64_t scheduledAt = timeIn("original_schedule_time");
    const int64_t completedAt = timeIn("complete_time");
    if (scheduledAt >= m_start && scheduledAt <= time) {
        l.scheduled = scheduledAt;
        l.started = scheduledAt;
    } else {
        l.started = start;
    }
    l.closed = completedAt >= l.started && completedAt <= time ? completedAt : time;
    l.attempts = std::max(1, int(std::max(data.value(QStringLiteral("attempt")).toInteger(), data.value(QStringLiteral("Attempt")).toInteger())));
    l.state = marker.has_failure() ? State::Failed : State::Completed;
    if (marker.has_failure())
        l.failure = failureText(marker.failure(), m_context);
}

void TimelineBuilder::addWorkflowTask(const History::Event& event, int eventIndex, int64_t time)
{
    if (m_workflowTaskLane < 0) {
        Timeline::Lane lane;
        lane.kind = Kind::WorkflowTask;
        lane.name = QStringLiteral("Workflow tasks");
        lane.firstEvent = eventIndex;
        lane.lastEvent = eventIndex;
        lane.scheduled = time;
        m_workflowTaskLane = int(m_lanes.size());
        m_lanes.push_back(std::move(lane));
        m_backoffs.emplace_back();
    }
    Timeline::Lane& lane = m_lanes[size_t(m_workflowTaskLane)];
    attach(m_workflowTaskLane, eventIndex);
    auto taskOf = [this](int64_t scheduledId) -> WorkflowTask* {
        const auto found = m_workflowTaskOfEventId.find(scheduledId);
        return found == m_workflowTaskOfEventId.end() ? nullptr : &m_workflowTasks[size_t(found->second)];
    };
    switch (event.event_type()) {
    case EventType::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        m_workflowTaskOfEventId[event.event_id()] = int(m_workflowTasks.size());
        m_workflowTasks.push_back({eventIndex, time, -1, -1, State::Pending,
                                   std::max(1, event.workflow_task_scheduled_event_attributes().attempt())});
        lane.attempts = int(m_workflowTasks.size());
        break;
    case EventType::EVENT_TYPE_WORKFLOW_TASK_STARTED:
        m_lastWorkflowTaskStart = time;
        if (WorkflowTask* task = taskOf(event.workflow_task_started_event_attributes().scheduled_event_id())) {
            task->started = time;
            task->state = State::Running;
        }
        break;
    case EventType::EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        if (WorkflowTask* task = taskOf(event.workflow_task_completed_event_attributes().scheduled_event_id()))
            task->closed = time, task->state = State::Completed;
        break;
    case EventType::EVENT_TYPE_WORKFLOW_TASK_FAILED:
        if (WorkflowTask* task = taskOf(event.workflow_task_failed_event_attributes().scheduled_event_id()))
            task->closed = time, task->state = State::Failed;
        break;
    case EventType::EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        if (WorkflowTask* task = taskOf(event.workflow_task_timed_out_event_attributes().scheduled_event_id()))
            task->closed = time, task->state = State::TimedOut;
        break;
    default:
        break;
    }
    lane.closed = time;
    lane.state = State::Completed;
}

void TimelineBuilder::add(const History& history)
{
    using Marker = Timeline::MarkerKind;
    const int total = history.eventCount();
    m_eventLane.resize(size_t(std::max(total, m_eventCount)), -1);
    for (int i = m_eventCount; i < total; ++i) {
        const History::Event& event = history.event(i);
        const int64_t time = timeOf(event);
        if (i == 0)
            m_start = time;
        m_lastTime = std::max(m_lastTime, time);
        switch (event.event_type()) {
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
            addMarker(Marker::Started, i, time, QStringLiteral("Started"));
            break;
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
            addMarker(Marker::Signal, i, time, text(event.workflow_execution_signaled_event_attributes().signal_name()));
            break;
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
            addMarker(Marker::CancelRequested, i, time, QStringLiteral("Cancel requested"));
            break;
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
            addMarker(Marker::Completed, i, time, QStringLiteral("Completed"));
            m_closeTime = time;
            break;
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
            addMarker(Marker::Failed, i, time, QStringLiteral("Failed"));
            m_closeTime = time;
            break;
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
            addMarker(Marker::TimedOut, i, time, QStringLiteral("Timed out"));
            m_closeTime = time;
            break;
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
            addMarker(Marker::Canceled, i, time, QStringLiteral("Canceled"));
            m_closeTime = time;
            break;
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
            addMarker(Marker::Terminated, i, time, QStringLiteral("Terminated"));
            m_closeTime = time;
            break;
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
            addMarker(Marker::ContinuedAsNew, i, time, QStringLiteral("Continued as new"));
            m_closeTime = time;
            break;
        case EventType::EVENT_TYPE_MARKER_RECORDED:
            if (MarkerData::isLocalActivity(event.marker_recorded_event_attributes().marker_name()))
                addLocalActivity(event, i, time);
            else
                addMarker(Marker::Marker, i, time, text(event.marker_recorded_event_attributes().marker_name()));
            break;
        case EventType::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        case EventType::EVENT_TYPE_WORKFLOW_TASK_STARTED:
        case EventType::EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
            addWorkflowTask(event, i, time);
            break;
        case EventType::EVENT_TYPE_WORKFLOW_TASK_FAILED:
        case EventType::EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
            // A failed task (a non-determinism error, a panic) matters even with the workflow task lane hidden.
            addWorkflowTask(event, i, time);
            m_markers.push_back({time, Marker::WorkflowTaskProblem, i,
                                 event.event_type() == EventType::EVENT_TYPE_WORKFLOW_TASK_FAILED ? QStringLiteral("Workflow task failed")
                                                                                                  : QStringLiteral("Workflow task timed out")});
            break;

        case EventType::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
            const auto& a = event.activity_task_scheduled_event_attributes();
            const int lane = openLane(Kind::Activity, i, time, event);
            m_lanes[size_t(lane)].name = text(a.activity_type().name());
            m_lanes[size_t(lane)].id = text(a.activity_id());
            if (a.has_retry_policy()) {
                Backoff& backoff = m_backoffs[size_t(lane)];
                if (const int64_t initial = microsOf(a.retry_policy().initial_interval()); initial > 0)
                    backoff.initial = initial;
                if (a.retry_policy().backoff_coefficient() >= 1.0)
                    backoff.coefficient = a.retry_policy().backoff_coefficient();
                const int64_t maximum = microsOf(a.retry_policy().maximum_interval());
                backoff.maximum = maximum > 0 ? maximum : 100 * backoff.initial;
            }
            break;
        }
        case EventType::EVENT_TYPE_ACTIVITY_TASK_STARTED: {
            const auto& a = event.activity_task_started_event_attributes();
            if (const int lane = laneOf(a.scheduled_event_id()); lane >= 0) {
                attach(lane, i);
                Timeline::Lane& l = m_lanes[size_t(lane)];
                l.started = std::max(time, l.scheduled);
                l.attempts = std::max(1, a.attempt());
                l.state = State::Running;
                if (a.has_last_failure())
                    l.failure = failureText(a.last_failure(), m_context);
            }
            break;
        }
        case EventType::EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED:
            if (const int lane = laneOf(event.activity_task_cancel_requested_event_attributes().scheduled_event_id()); lane >= 0)
                attach(lane, i);
            break;
        case EventType::EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
            if (const int lane = laneOf(event.activity_task_completed_event_attributes().scheduled_event_id()); lane >= 0)
                close(lane, i, time, State::Completed, event);
            break;
        case EventType::EVENT_TYPE_ACTIVITY_TASK_FAILED:
            if (const int lane = laneOf(event.activity_task_failed_event_attributes().scheduled_event_id()); lane >= 0)
                close(lane, i, time, State::Failed, event);
            break;
        case EventType::EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
            if (const int lane = laneOf(event.activity_task_timed_out_event_attributes().scheduled_event_id()); lane >= 0)
                close(lane, i, time, State::TimedOut, event);
            break;
        case EventType::EVENT_TYPE_ACTIVITY_TASK_CANCELED:
            if (const int lane = laneOf(event.activity_task_canceled_event_attributes().scheduled_event_id()); lane >= 0)
                close(lane, i, time, State::Canceled, event);
            break;

        case EventType::EVENT_TYPE_TIMER_STARTED: {
            const auto& a = event.timer_started_event_attributes();
            const int lane = openLane(Kind::Timer, i, time, event);
            Timeline::Lane& l = m_lanes[size_t(lane)];
            l.name = text(a.timer_id());
            l.started = time;
            l.attempts = 1;
            l.state = State::Running;
            l.fireTime = time + microsOf(a.start_to_fire_timeout());
            break;
        }
        case EventType::EVENT_TYPE_TIMER_FIRED:
            if (const int lane = laneOf(event.timer_fired_event_attributes().started_event_id()); lane >= 0)
                close(lane, i, time, State::Completed, event);
            break;
        case EventType::EVENT_TYPE_TIMER_CANCELED:
            if (const int lane = laneOf(event.timer_canceled_event_attributes().started_event_id()); lane >= 0)
                close(lane, i, time, State::Canceled, event);
            break;

        case EventType::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
            const auto& a = event.start_child_workflow_execution_initiated_event_attributes();
            const int lane = openLane(Kind::ChildWorkflow, i, time, event);
            m_lanes[size_t(lane)].name = text(a.workflow_type().name());
            m_lanes[size_t(lane)].id = text(a.workflow_id());
            break;
        }
        case EventType::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED:
            if (const int lane = laneOf(event.start_child_workflow_execution_failed_event_attributes().initiated_event_id()); lane >= 0) {
                close(lane, i, time, State::Failed, event);
                m_lanes[size_t(lane)].failure = QStringLiteral("Could not start: %1")
                                                    .arg(QString::fromStdString(temporal::api::enums::v1::StartChildWorkflowExecutionFailedCause_Name(
                                                        event.start_child_workflow_execution_failed_event_attributes().cause())));
            }
            break;
        case EventType::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
            if (const int lane = laneOf(event.child_workflow_execution_started_event_attributes().initiated_event_id()); lane >= 0) {
                attach(lane, i);
                Timeline::Lane& l = m_lanes[size_t(lane)];
                l.started = std::max(time, l.scheduled);
                l.attempts = 1;
                l.state = State::Running;
            }
            break;
        case EventType::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
            if (const int lane = laneOf(event.child_workflow_execution_completed_event_attributes().initiated_event_id()); lane >= 0)
                close(lane, i, time, State::Completed, event);
            break;
        case EventType::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
            if (const int lane = laneOf(event.child_workflow_execution_failed_event_attributes().initiated_event_id()); lane >= 0)
                close(lane, i, time, State::Failed, event);
            break;
        case EventType::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
            if (const int lane = laneOf(event.child_workflow_execution_canceled_event_attributes().initiated_event_id()); lane >= 0)
                close(lane, i, time, State::Canceled, event);
            break;
        case EventType::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
            if (const int lane = laneOf(event.child_workflow_execution_timed_out_event_attributes().initiated_event_id()); lane >= 0)
                close(lane, i, time, State::TimedOut, event);
            break;
        case EventType::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
            if (const int lane = laneOf(event.child_workflow_execution_terminated_event_attributes().initiated_event_id()); lane >= 0)
                close(lane, i, time, State::Terminated, event);
            break;

        case EventType::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: {
            const auto& a = event.signal_external_workflow_execution_initiated_event_attributes();
            const int lane = openLane(Kind::ExternalSignal, i, time, event);
            m_lanes[size_t(lane)].name = text(a.signal_name());
            m_lanes[size_t(lane)].id = text(a.workflow_execution().workflow_id());
            break;
        }
        case EventType::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED:
            if (const int lane = laneOf(event.external_workflow_execution_signaled_event_attributes().initiated_event_id()); lane >= 0)
                close(lane, i, time, State::Completed, event);
            break;
        case EventType::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
            if (const int lane = laneOf(event.signal_external_workflow_execution_failed_event_attributes().initiated_event_id()); lane >= 0)
                close(lane, i, time, State::Failed, event);
            break;
        case EventType::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: {
            const auto& a = event.request_cancel_external_workflow_execution_initiated_event_attributes();
            const int lane = openLane(Kind::ExternalCancel, i, time, event);
            m_lanes[size_t(lane)].name = QStringLiteral("cancel");
            m_lanes[size_t(lane)].id = text(a.workflow_execution().workflow_id());
            break;
        }
        case EventType::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
            if (const int lane = laneOf(event.external_workflow_execution_cancel_requested_event_attributes().initiated_event_id()); lane >= 0)
                close(lane, i, time, State::Completed, event);
            break;
        case EventType::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
            if (const int lane = laneOf(event.request_cancel_external_workflow_execution_failed_event_attributes().initiated_event_id()); lane >= 0)
                close(lane, i, time, State::Failed, event);
            break;

        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED:
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
            const bool admitted = event.event_type() == EventType::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED;
            const auto& request = admitted ? event.workflow_execution_update_admitted_event_attributes().request()
                                           : event.workflow_execution_update_accepted_event_attributes().accepted_request();
            const std::string& updateId = request.meta().update_id();
            auto found = m_laneOfUpdate.find(updateId);
            int lane;
            if (found == m_laneOfUpdate.end()) {
                lane = openLane(Kind::Update, i, time, event);
                m_lanes[size_t(lane)].name = text(request.input().name());
                m_lanes[size_t(lane)].id = text(updateId);
                m_laneOfUpdate[updateId] = lane;
            } else {
                lane = found->second;
                attach(lane, i);
            }
            m_laneOfEventId[event.event_id()] = lane;
            if (!admitted) {
                Timeline::Lane& l = m_lanes[size_t(lane)];
                l.started = std::max(time, l.scheduled);
                l.attempts = 1;
                l.state = State::Running;
            }
            break;
        }
        case EventType::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
            const auto& a = event.workflow_execution_update_completed_event_attributes();
            int lane = laneOf(a.accepted_event_id());
            if (lane < 0) {
                const auto found = m_laneOfUpdate.find(a.meta().update_id());
                lane = found == m_laneOfUpdate.end() ? -1 : found->second;
            }
            if (lane >= 0) {
                const bool failed = a.outcome().has_failure();
                close(lane, i, time, failed ? State::Failed : State::Completed, event);
                if (failed)
                    m_lanes[size_t(lane)].failure = failureText(a.outcome().failure(), m_context);
            }
            break;
        }

        case EventType::EVENT_TYPE_NEXUS_OPERATION_SCHEDULED: {
            const auto& a = event.nexus_operation_scheduled_event_attributes();
            const int lane = openLane(Kind::Nexus, i, time, event);
            m_lanes[size_t(lane)].name = QStringLiteral("%1.%2").arg(text(a.service()), text(a.operation()));
            m_lanes[size_t(lane)].id = text(a.endpoint());
            break;
        }
        case EventType::EVENT_TYPE_NEXUS_OPERATION_STARTED:
            if (const int lane = laneOf(event.nexus_operation_started_event_attributes().scheduled_event_id()); lane >= 0) {
                attach(lane, i);
                Timeline::Lane& l = m_lanes[size_t(lane)];
                l.started = std::max(time, l.scheduled);
                l.attempts = 1;
                l.state = State::Running;
            }
            break;
        case EventType::EVENT_TYPE_NEXUS_OPERATION_COMPLETED:
            if (const int lane = laneOf(event.nexus_operation_completed_event_attributes().scheduled_event_id()); lane >= 0)
                close(lane, i, time, State::Completed, event);
            break;
        case EventType::EVENT_TYPE_NEXUS_OPERATION_FAILED:
            if (const int lane = laneOf(event.nexus_operation_failed_event_attributes().scheduled_event_id()); lane >= 0)
                close(lane, i, time, State::Failed, event);
            break;
        case EventType::EVENT_TYPE_NEXUS_OPERATION_CANCELED:
            if (const int lane = laneOf(event.nexus_operation_canceled_event_attributes().scheduled_event_id()); lane >= 0)
                close(lane, i, time, State::Canceled, event);
            break;
        case EventType::EVENT_TYPE_NEXUS_OPERATION_TIMED_OUT:
            if (const int lane = laneOf(event.nexus_operation_timed_out_event_attributes().scheduled_event_id()); lane >= 0)
                close(lane, i, time, State::TimedOut, event);
            break;
        case EventType::EVENT_TYPE_NEXUS_OPERATION_CANCEL_REQUESTED:
            if (const int lane = laneOf(event.nexus_operation_cancel_requested_event_attributes().scheduled_event_id()); lane >= 0)
                attach(lane, i);
            break;
        default:
            break;
        }
    }
    m_eventCount = std::max(m_eventCount, total);
}

// An activity's attempts: the last from its started event to its close; the earlier ones (the history keeps only
// their count and the last failure) laid out before it, each followed by its retry backoff, in the time between
// scheduling and the last start.
void TimelineBuilder::appendSegments(const Timeline::Lane& lane, size_t laneIndex, int64_t end,
                                     std::vector<Timeline::Segment>& out) const
{
    const int event = lane.firstEvent;
    if (lane.kind == Kind::WorkflowTask) {
        for (const WorkflowTask& task : m_workflowTasks) {
            const int64_t from = task.started >= 0 ? task.started : task.scheduled;
            const int64_t to = task.closed >= 0 ? task.closed : std::max(from, end);
            out.push_back({from, std::max(from, to), task.state, task.attempt, false, task.event});
        }
        return;
    }
    if (lane.started < 0) // waiting for its first attempt: the lane is a line, no attempt yet
        return;
    const int64_t last = lane.started;
    const int earlier = std::max(0, lane.attempts - 1);
    if (earlier > 0 && lane.kind == Kind::Activity) {
        const Backoff& backoff = m_backoffs[laneIndex];
        const int64_t window = std::max<int64_t>(0, last - lane.scheduled);
        std::vector<int64_t> waits(static_cast<size_t>(earlier), 0);
        int64_t waited = 0;
        for (int k = 0; k < earlier; ++k) {
            const double wait = double(backoff.initial) * std::pow(backoff.coefficient, double(std::min(k, 60)));
            waits[size_t(k)] = std::min<int64_t>(backoff.maximum, int64_t(std::min(wait, 9e15)));
            waited += waits[size_t(k)];
        }
        if (waited >= window) { // the policy does not fit what the history shows: share the time evenly
            for (int64_t& wait : waits)
                wait = window / (2 * earlier);
            waited = window / 2;
        }
        const int64_t run = (window - waited) / earlier;
        int64_t at = lane.scheduled;
        for (int k = 0; k < earlier; ++k) {
            out.push_back({at, at + run, State::Failed, k + 1, true, event});
            at += run + waits[size_t(k)];
        }
    }
    const int64_t to = lane.closed >= 0 ? lane.closed : std::max(last, end);
    out.push_back({last, std::max(last, to), lane.state, std::max(1, lane.attempts), false, event});
}

Timeline TimelineBuilder::timeline(int64_t now) const
{
    Timeline timeline;
    timeline.m_start = m_start;
    timeline.m_closed = m_closeTime >= 0;
    timeline.m_now = now;
    timeline.m_end = m_closeTime >= 0 ? m_closeTime : std::max(m_lastTime, now);
    timeline.m_eventCount = m_eventCount;
    timeline.m_eventLane = m_eventLane;
    timeline.m_markers = m_markers;
    std::stable_sort(timeline.m_markers.begin(), timeline.m_markers.end(),
                     [](const Timeline::Marker& a, const Timeline::Marker& b) { return a.time < b.time; });
    // The event -> marker links follow the sorted order.
    for (size_t m = 0; m < timeline.m_markers.size(); ++m)
        timeline.m_eventLane[size_t(timeline.m_markers[m].event)] = -2 - int(m);
    timeline.m_lanes = m_lanes;
    timeline.m_segments.reserve(m_lanes.size() + m_workflowTasks.size());
    for (size_t i = 0; i < timeline.m_lanes.size(); ++i) {
        Timeline::Lane& lane = timeline.m_lanes[i];
        if (Timeline::isOpen(lane.state) && lane.kind != Kind::WorkflowTask)
            lane.end = std::max(lane.scheduled, timeline.m_end);
        else
            lane.end = std::max(lane.closed, lane.scheduled);
        if (lane.kind == Kind::WorkflowTask) {
            // Open while a task is: pending while no worker has taken it, running once one has.
            const auto open = std::find_if(m_workflowTasks.begin(), m_workflowTasks.end(),
                                           [](const WorkflowTask& task) { return Timeline::isOpen(task.state); });
            const auto started = std::find_if(m_workflowTasks.begin(), m_workflowTasks.end(),
                                              [](const WorkflowTask& task) { return task.started >= 0; });
            lane.started = started != m_workflowTasks.end() ? started->started : -1;
            lane.state = open != m_workflowTasks.end() ? open->state : State::Completed;
            if (open != m_workflowTasks.end()) {
                lane.closed = -1;
                lane.end = std::max(lane.scheduled, timeline.m_end);
            }
        }
        lane.firstSegment = uint32_t(timeline.m_segments.size());
        appendSegments(lane, i, timeline.m_end, timeline.m_segments);
        lane.segmentCount = uint32_t(timeline.m_segments.size() - lane.firstSegment);
    }
    return timeline;
}

} // namespace hl
