#pragma once

#include <QString>

namespace hl {

// What an event is about, for icons, filters and grouping, and whether it reports a problem.
class EventCategory {
public:
    enum Kind { Workflow, WorkflowTask, Activity, Timer, Signal, ChildWorkflow, Update, Nexus, Marker, Other };

    static Kind of(int eventType);
    static QString name(Kind kind); // "Activity", "Workflow task", ...
    // Failed, timed out, canceled or terminated: the events a person debugging looks for first.
    static bool isProblem(int eventType);
};

} // namespace hl
