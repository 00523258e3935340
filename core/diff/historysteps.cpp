#include "diff/historysteps.h"

#include "codec/payloadlocator.h"
#include "render/eventattributes.h"
#include "render/eventgroups.h"
#include "render/eventtext.h"
#include "render/markerdata.h"

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

namespace hl {

namespace {

using Payload = temporal::api::common::v1::Payload;

QString text(const std::string& value)
{
    return QString::fromUtf8(value.data(), int(value.size()));
}

int64_t microsOf(const google::protobuf::Timestamp& time)
{
    return time.seconds() * 1000000 + time.nanos() / 1000;
}

bool isNumber(const std::string& value)
{
    return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool opensWorkflow(const History::Event& event)
{
    return event.has_workflow_execution_started_event_attributes();
}

bool closesWorkflow(const History::Event& event)
{
    return event.has_workflow_execution_completed_event_attributes() || event.has_workflow_execution_failed_event_attributes()
           || event.has_workflow_execution_timed_out_event_attributes() || event.has_workflow_execution_canceled_event_attributes()
           || event.has_workflow_execution_terminated_event_attributes()
           || event.has_workflow_execution_continued_as_new_event_attributes();
}

QString keyOf(const History& history, const EventGroups::Group& group, const PayloadContext& context)
{
    const History::Event& first = history.event(group.events.front());
    if (first.has_activity_task_scheduled_event_attributes())
        return QStringLiteral("activity:") + text(first.activity_task_scheduled_event_attributes().activity_type().name());
    if (first.has_timer_started_event_attributes()) {
        const std::string& id = first.timer_started_event_attributes().timer_id();
        return isNumber(id) ? QStringLiteral("timer") : QStringLiteral("timer:") + text(id);
    }
    if (first.has_start_child_workflow_execution_initiated_event_attributes())
        return QStringLiteral("child:") + text(first.start_child_workflow_execution_initiated_event_attributes().workflow_type().name());
    if (first.has_workflow_execution_signaled_event_attributes())
        return QStringLiteral("signal:") + text(first.workflow_execution_signaled_event_attributes().signal_name());
    if (first.has_signal_external_workflow_execution_initiated_event_attributes())
        return QStringLiteral("signalExternal:") + text(first.signal_external_workflow_execution_initiated_event_attributes().signal_name());
    if (first.has_request_cancel_external_workflow_execution_initiated_event_attributes())
        return QStringLiteral("cancelExternal");
    if (first.has_workflow_execution_update_accepted_event_attributes())
        return QStringLiteral("update:") + text(first.workflow_execution_update_accepted_event_attributes().accepted_request().input().name());
    if (first.has_workflow_execution_update_admitted_event_attributes())
        return QStringLiteral("update:") + text(first.workflow_execution_update_admitted_event_attributes().request().input().name());
    if (first.has_nexus_operation_scheduled_event_attributes()) {
        const auto& a = first.nexus_operation_scheduled_event_attributes();
        return QStringLiteral("nexus:%1/%2.%3").arg(text(a.endpoint()), text(a.service()), text(a.operation()));
    }
    if (first.has_marker_recorded_event_attributes()) {
        const auto& marker = first.marker_recorded_event_attributes();
        if (MarkerData::isLocalActivity(marker.marker_name()))
            return QStringLiteral("localActivity:") + MarkerData::localActivityType(MarkerData::data(marker, context));
        const QString identity = MarkerData::identity(marker, context);
        return QStringLiteral("marker:") + text(marker.marker_name()) + (identity.isEmpty() ? QString() : QLatin1Char(':') + identity);
    }
    if (group.category == EventCategory::WorkflowTask)
        return QStringLiteral("workflowTask");
    return QStringLiteral("event:") + EventText::typeName(history, group.events.front());
}

// "activityTaskScheduledEventAttributes.input.payloads[0]" -> "input[0]"; "...memo.fields.customer" -> "memo.customer".
// Empty for payloads compared elsewhere (failures) or never (headers: tracing context differs every run).
QString fieldNameOf(const std::string& path)
{
    const size_t dot = path.find('.');
    QString name = text(dot == std::string::npos ? path : path.substr(dot + 1));
    if (name.contains(QLatin1String("header")) || name.contains(QLatin1String("ailure")) || name.startsWith(QLatin1String("userMetadata")))
        return {};
    name.replace(QLatin1String(".payloads["), QLatin1String("["));
    name.replace(QLatin1String(".fields."), QLatin1String("."));
    // An update's input is in its accepted event's request, or its admitted event's when the server admitted it first.
    for (const char* request : {"acceptedRequest.", "request."}) {
        if (name.startsWith(QLatin1String(request)))
            name = name.mid(int(qstrlen(request)));
    }
    return name;
}

QString durationText(const google::protobuf::Duration& duration)
{
    return QString::number(double(duration.seconds()) + double(duration.nanos()) / 1e9, 'g', 12) + QLatin1Char('s');
}

uint64_t mix(uint64_t seed, uint64_t value)
{
    return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// A payload's value digest: from decoding when it was encoded (whatever the keys and nonces), of its bytes when not.
uint64_t digestOf(const Payload& payload, const PayloadContext& context)
{
    const DecodedPayload* decoded = context.find(payload);
    return decoded && !decoded->failed() ? decoded->digest : DecodedPayload::digestOf(payload);
}

// What an event holds that a comparison reads: its payloads (by path) and its failure's messages.
uint64_t digestOfEvent(const History::Event& event, const PayloadContext& context)
{
    const std::hash<std::string> hash;
    uint64_t digest = 0;
    PayloadLocator::forEvents().forEach(event, [&](const Payload& payload, const std::string& path) {
        if (path.find("header") != std::string::npos || path.find("userMetadata") != std::string::npos)
            return;
        digest = mix(mix(digest, hash(path)), digestOf(payload, context));
    });
    for (const auto* failure = EventAttributes::failure(event); failure; failure = failure->has_cause() ? &failure->cause() : nullptr)
        digest = mix(digest, hash(failure->message()));
    if (event.has_activity_task_started_event_attributes() && event.activity_task_started_event_attributes().has_last_failure())
        digest = mix(digest, hash(event.activity_task_started_event_attributes().last_failure().message()));
    // The text fields a comparison reads besides outcome and attempts.
    if (event.has_timer_started_event_attributes()) {
        const auto& timeout = event.timer_started_event_attributes().start_to_fire_timeout();
        digest = mix(digest, uint64_t(timeout.seconds()) * 1000000000ULL + uint64_t(timeout.nanos()));
    }
    if (event.has_start_child_workflow_execution_initiated_event_attributes())
        digest = mix(digest, hash(event.start_child_workflow_execution_initiated_event_attributes().workflow_id()));
    return digest;
}

// "WorkflowExecutionContinuedAsNew" -> "continuedAsNew": what tells a field of the closing event from the start's.
QString lowerFirst(QString name)
{
    if (name.startsWith(QLatin1String("WorkflowExecution")) && name.size() > int(qstrlen("WorkflowExecution")))
        name = name.mid(int(qstrlen("WorkflowExecution")));
    if (!name.isEmpty())
        name[0] = name[0].toLower();
    return name;
}

} // namespace

HistorySteps HistorySteps::of(const History& history, const PayloadContext& context)
{
    HistorySteps result;
    result.m_history = history;
    result.m_context = context;
    if (history.isEmpty())
        return result;
    const int64_t start = microsOf(history.event(0).event_time());
    std::unordered_map<QString, int> occurrences;
    result.m_workflow.key = QStringLiteral("workflow");
    result.m_workflow.category = EventCategory::Workflow;
    result.m_workflow.title = QStringLiteral("Workflow %1").arg(history.workflowType());
    for (const EventGroups::Group& group : EventGroups::of(history)) {
        const History::Event& first = history.event(group.events.front());
        if (group.events.size() == 1 && (opensWorkflow(first) || closesWorkflow(first))) {
            result.m_workflow.events.push_back(group.events.front());
            continue;
        }
        // Completed workflow tasks are plumbing whose number follows timing (a signal arriving a moment later
        // makes one more); failed and timed-out ones are what a comparison is for.
        if (group.category == EventCategory::WorkflowTask && !group.problem)
            continue;
        Step step;
        step.key = keyOf(history, group, context);
        step.title = group.category == EventCategory::WorkflowTask
                         ? QStringLiteral("Workflow task %1").arg(EventGroups::state(history, group).toLower())
                         : EventGroups::title(history, group, context);
        step.category = group.category;
        step.events = group.events;
        step.occurrence = ++occurrences[step.key];
        step.outcome = EventGroups::state(history, group);
        step.attempts = group.attempt;
        step.startOffset = microsOf(first.event_time()) - start;
        step.duration = microsOf(history.event(group.events.back()).event_time()) - microsOf(first.event_time());
        step.inputDigest = digestOfEvent(first, context);
        step.contentDigest = step.inputDigest;
        for (size_t e = 1; e < step.events.size(); ++e)
            step.contentDigest = mix(step.contentDigest, digestOfEvent(history.event(step.events[e]), context));
        result.m_steps.push_back(std::move(step));
    }
    Step& workflow = result.m_workflow;
    if (!workflow.events.empty()) {
        const History::Event& last = history.event(workflow.events.back());
        workflow.outcome = closesWorkflow(last) ? EventText::typeName(history, workflow.events.back()).mid(int(qstrlen("WorkflowExecution")))
                                                : QStringLiteral("Running");
        workflow.duration = closesWorkflow(last) ? microsOf(last.event_time()) - start : 0;
    }
    return result;
}

std::vector<HistorySteps::Field> HistorySteps::fieldsOf(const Step& step) const
{
    std::vector<Field> fields;
    auto addText = [&fields](const QString& name, const QString& value) {
        Field field;
        field.name = name;
        field.text = value;
        fields.push_back(std::move(field));
    };
    if (&step == &m_workflow)
        addText(QStringLiteral("type"), m_history.workflowType());
    if (!step.outcome.isEmpty())
        addText(QStringLiteral("outcome"), step.outcome);
    if (step.attempts > 0)
        addText(QStringLiteral("attempts"), QString::number(step.attempts));

    std::map<QString, int> taken;
    auto uniqueName = [&taken](const QString& name, const QString& eventType) {
        return taken[name]++ == 0 ? name : lowerFirst(eventType) + QLatin1Char('.') + name;
    };
    for (const int index : step.events) {
        const History::Event& event = m_history.event(index);
        const QString type = EventText::typeName(m_history, index);
        if (event.has_timer_started_event_attributes())
            addText(QStringLiteral("startToFireTimeout"), durationText(event.timer_started_event_attributes().start_to_fire_timeout()));
        if (event.has_start_child_workflow_execution_initiated_event_attributes())
            addText(QStringLiteral("workflowId"), text(event.start_child_workflow_execution_initiated_event_attributes().workflow_id()));
        PayloadLocator::forEvents().forEach(event, [&](const Payload& payload, const std::string& path) {
            const QString name = fieldNameOf(path);
            if (name.isEmpty())
                return;
            Field field;
            field.name = uniqueName(name, type);
            field.kind = Field::Kind::Payload;
            field.payload = &payload;
            fields.push_back(std::move(field));
        });
        if (event.has_workflow_execution_started_event_attributes()) {
            // Search attributes are never codec-encoded (the server indexes them); the locator leaves them out.
            const auto& indexed = event.workflow_execution_started_event_attributes().search_attributes().indexed_fields();
            std::map<std::string, const Payload*> sorted;
            for (const auto& [name, payload] : indexed)
                sorted.emplace(name, &payload);
            for (const auto& [name, payload] : sorted) {
                Field field;
                field.name = QStringLiteral("searchAttributes.") + text(name);
                field.kind = Field::Kind::Payload;
                field.payload = payload;
                fields.push_back(std::move(field));
            }
        }
        if (const auto* failure = EventAttributes::failure(event)) {
            Field field;
            field.name = uniqueName(QStringLiteral("failure"), type);
            field.kind = Field::Kind::Failure;
            field.failure = failure;
            fields.push_back(std::move(field));
        }
        if (event.has_activity_task_started_event_attributes() && event.activity_task_started_event_attributes().has_last_failure()) {
            Field field;
            field.name = QStringLiteral("lastFailure");
            field.kind = Field::Kind::Failure;
            field.failure = &event.activity_task_started_event_attributes().last_failure();
            fields.push_back(std::move(field));
        }
    }
    for (const auto& [name, micros] : {std::pair{"timing.startOffset", step.startOffset}, std::pair{"timing.duration", step.duration}}) {
        if (&step == &m_workflow && qstrcmp(name, "timing.startOffset") == 0)
            continue;
        Field field;
        field.name = QLatin1String(name);
        field.kind = Field::Kind::Micros;
        field.micros = micros;
        fields.push_back(std::move(field));
    }
    return fields;
}

QString HistorySteps::eventRange(const Step& step) const
{
    if (step.events.empty())
        return {};
    const qint64 first = m_history.event(step.events.front()).event_id();
    const qint64 last = m_history.event(step.events.back()).event_id();
    return first == last ? QStringLiteral("event %1").arg(first) : QStringLiteral("events %1–%2").arg(first).arg(last);
}

} // namespace hl
