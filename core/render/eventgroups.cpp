#include "render/eventgroups.h"

#include "render/eventattributes.h"
#include "render/eventtext.h"
#include "render/usermetadata.h"

#include <google/protobuf/descriptor.h>

#include <unordered_map>

namespace hl {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

namespace {

int64_t int64Field(const Message& message, const char* name)
{
    const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
    if (!field || field->cpp_type() != FieldDescriptor::CPPTYPE_INT64 || field->is_repeated())
        return 0;
    return message.GetReflection()->GetInt64(message, field);
}

// The id of the event this one continues, or 0 when it opens something (or stands alone).
int64_t openerOf(const History::Event& event)
{
    const Message* attributes = EventAttributes::of(event);
    if (!attributes)
        return 0;
    for (const char* name : {"scheduled_event_id", "initiated_event_id", "started_event_id", "accepted_event_id"}) {
        if (const int64_t id = int64Field(*attributes, name))
            return id;
    }
    return 0;
}

qint64 millisOf(const google::protobuf::Timestamp& time)
{
    return time.seconds() * 1000 + time.nanos() / 1000000;
}

} // namespace

std::vector<EventGroups::Group> EventGroups::of(const History& history)
{
    std::vector<Group> groups;
    std::unordered_map<int64_t, size_t> groupOfEventId; // event id -> index in groups
    std::unordered_map<int64_t, bool> admittedUpdates;   // event ids of WorkflowExecutionUpdateAdmitted
    for (int i = 0; i < history.eventCount(); ++i) {
        const History::Event& event = history.event(i);
        int64_t opener = openerOf(event);
        // An update the server admitted before a worker accepted it (one a reset reapplied, say): its accepted event
        // names the admitted one as its request's sequencing event. (For others that id is a workflow task's.)
        if (!opener && event.has_workflow_execution_update_accepted_event_attributes()) {
            const int64_t sequencing = event.workflow_execution_update_accepted_event_attributes().accepted_request_sequencing_event_id();
            if (admittedUpdates.count(sequencing))
                opener = sequencing;
        }
        if (event.has_workflow_execution_update_admitted_event_attributes())
            admittedUpdates.emplace(event.event_id(), true);
        const auto found = opener ? groupOfEventId.find(opener) : groupOfEventId.end();
        size_t index;
        if (found != groupOfEventId.end()) {
            index = found->second;
        } else {
            index = groups.size();
            groups.push_back({EventCategory::of(event.event_type()), {}, false, 0});
        }
        Group& group = groups[index];
        group.events.push_back(i);
        group.problem = group.problem || EventCategory::isProblem(event.event_type());
        if (event.has_activity_task_started_event_attributes())
            group.attempt = event.activity_task_started_event_attributes().attempt();
        groupOfEventId[event.event_id()] = index;
    }
    return groups;
}

QString EventGroups::title(const History& history, const Group& group, const PayloadContext& context)
{
    return UserMetadata::withSummary(UserMetadata::summary(history.event(group.events.front()), context), title(history, group));
}

QString EventGroups::title(const History& history, const Group& group)
{
    const History::Event& first = history.event(group.events.front());
    auto text = [](const std::string& value) { return QString::fromUtf8(value.data(), int(value.size())); };
    if (first.has_activity_task_scheduled_event_attributes()) {
        const auto& a = first.activity_task_scheduled_event_attributes();
        return QStringLiteral("%1 (activity %2)").arg(text(a.activity_type().name()), text(a.activity_id()));
    }
    if (first.has_timer_started_event_attributes())
        return QStringLiteral("timer %1").arg(text(first.timer_started_event_attributes().timer_id()));
    if (first.has_start_child_workflow_execution_initiated_event_attributes()) {
        const auto& a = first.start_child_workflow_execution_initiated_event_attributes();
        return QStringLiteral("%1 (%2)").arg(text(a.workflow_type().name()), text(a.workflow_id()));
    }
    if (first.has_workflow_execution_signaled_event_attributes())
        return QStringLiteral("signal %1").arg(text(first.workflow_execution_signaled_event_attributes().signal_name()));
    if (first.has_signal_external_workflow_execution_initiated_event_attributes())
        return QStringLiteral("signal %1 to %2")
            .arg(text(first.signal_external_workflow_execution_initiated_event_attributes().signal_name()),
                 text(first.signal_external_workflow_execution_initiated_event_attributes().workflow_execution().workflow_id()));
    if (first.has_workflow_execution_update_accepted_event_attributes())
        return QStringLiteral("update %1").arg(text(first.workflow_execution_update_accepted_event_attributes().accepted_request().input().name()));
    if (first.has_workflow_execution_update_admitted_event_attributes())
        return QStringLiteral("update %1").arg(text(first.workflow_execution_update_admitted_event_attributes().request().input().name()));
    if (first.has_nexus_operation_scheduled_event_attributes()) {
        const auto& a = first.nexus_operation_scheduled_event_attributes();
        return QStringLiteral("%1.%2").arg(text(a.service()), text(a.operation()));
    }
    if (first.has_marker_recorded_event_attributes())
        return QStringLiteral("marker %1").arg(text(first.marker_recorded_event_attributes().marker_name()));
    if (group.category == EventCategory::WorkflowTask)
        return QStringLiteral("Workflow task");
    return EventText::typeName(history, group.events.front());
}

QString EventGroups::state(const History& history, const Group& group)
{
    const QString type = EventText::typeName(history, group.events.back());
    // The verb at the end of the type name: ActivityTaskCompleted -> Completed, TimerFired -> Fired.
    int start = int(type.size()) - 1;
    while (start > 0 && !type.at(start).isUpper())
        --start;
    QString verb = type.mid(start);
    if (verb == QLatin1String("Out") && type.endsWith(QLatin1String("TimedOut")))
        verb = QStringLiteral("Timed out");
    return group.events.size() == 1 ? QString() : verb;
}

qint64 EventGroups::durationMs(const History& history, const Group& group)
{
    return millisOf(history.event(group.events.back()).event_time()) - millisOf(history.event(group.events.front()).event_time());
}

QString EventGroups::durationText(qint64 milliseconds)
{
    if (milliseconds < 60000)
        return QStringLiteral("%1s").arg(double(milliseconds) / 1000.0, 0, 'f', 2);
    if (milliseconds < 3600000)
        return QStringLiteral("%1m %2s").arg(milliseconds / 60000).arg(double(milliseconds % 60000) / 1000.0, 0, 'f', 2);
    return QStringLiteral("%1h %2m").arg(milliseconds / 3600000).arg(milliseconds / 60000 % 60);
}

} // namespace hl
