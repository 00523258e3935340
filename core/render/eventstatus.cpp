#include "render/eventstatus.h"

#include <temporal/api/enums/v1/event_type.pb.h>

namespace hl {

int EventStatus::of(const History::Event& event)
{
    const auto* value = temporal::api::enums::v1::EventType_descriptor()->FindValueByNumber(event.event_type());
    const std::string name = value ? value->name() : std::string();
    int flags = None;
    if (name.find("_FAILED") != std::string::npos || name.find("_TERMINATED") != std::string::npos)
        flags |= Failed;
    if (name.find("_TIMED_OUT") != std::string::npos)
        flags |= TimedOut;
    if (name.find("_CANCELED") != std::string::npos && name.find("REQUEST") == std::string::npos)
        flags |= Canceled;
    const int attempt = event.has_activity_task_started_event_attributes() ? event.activity_task_started_event_attributes().attempt()
                        : event.has_workflow_task_scheduled_event_attributes() ? event.workflow_task_scheduled_event_attributes().attempt()
                        : event.has_workflow_execution_started_event_attributes() ? event.workflow_execution_started_event_attributes().attempt()
                                                                                   : 0;
    if (attempt > 1)
        flags |= Retried;
    return flags;
}

QString EventStatus::name(int flag)
{
    switch (flag) {
    case Failed: return QStringLiteral("Failed");
    case TimedOut: return QStringLiteral("Timed out");
    case Canceled: return QStringLiteral("Canceled");
    case Retried: return QStringLiteral("Retried");
    default: return QString();
    }
}

} // namespace hl
