#include "render/eventcategory.h"

#include <temporal/api/enums/v1/event_type.pb.h>

#include <string>

namespace hl {

namespace {

std::string typeName(int eventType)
{
    const auto* value = temporal::api::enums::v1::EventType_descriptor()->FindValueByNumber(eventType);
    return value ? value->name() : std::string();
}

bool contains(const std::string& text, const char* part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

EventCategory::Kind EventCategory::of(int eventType)
{
    const std::string name = typeName(eventType);
    if (name.empty() || eventType == 0)
        return Other;
    if (contains(name, "WORKFLOW_TASK"))
        return WorkflowTask;
    if (contains(name, "ACTIVITY_TASK"))
        return Activity;
    if (contains(name, "TIMER"))
        return Timer;
    if (contains(name, "SIGNAL"))
        return Signal;
    if (contains(name, "CHILD_WORKFLOW"))
        return ChildWorkflow;
    if (contains(name, "UPDATE"))
        return Update;
    if (contains(name, "NEXUS"))
        return Nexus;
    if (contains(name, "MARKER"))
        return Marker;
    return Workflow;
}

QString EventCategory::name(Kind kind)
{
    switch (kind) {
    case Workflow: return QStringLiteral("Workflow");
    case WorkflowTask: return QStringLiteral("Workflow task");
    case Activity: return QStringLiteral("Activity");
    case Timer: return QStringLiteral("Timer");
    case Signal: return QStringLiteral("Signal");
    case ChildWorkflow: return QStringLiteral("Child workflow");
    case Update: return QStringLiteral("Update");
    case Nexus: return QStringLiteral("Nexus");
    case Marker: return QStringLiteral("Marker");
    case Other: break;
    }
    return QStringLiteral("Other");
}

bool EventCategory::isProblem(int eventType)
{
    const std::string name = typeName(eventType);
    return contains(name, "_FAILED") || contains(name, "_TIMED_OUT") || contains(name, "_TERMINATED")
           || (contains(name, "_CANCELED") && !contains(name, "REQUEST"));
}

} // namespace hl
