#pragma once

#include "history/history.h"
#include "render/payloadcontext.h"
#include "render/eventcategory.h"

#include <QString>

#include <vector>

namespace hl {

// The Grouped view's units: an activity's scheduled, started and closing events as one; likewise a timer, a child
// workflow, an external signal or cancel request, an update, a Nexus operation, a workflow task. Events are tied
// to the one that opened them by the ids their attributes carry (scheduled, initiated, started, accepted event id);
// an event that opens nothing and closes nothing stands alone.
class EventGroups {
public:
    struct Group {
        EventCategory::Kind category = EventCategory::Other;
        std::vector<int> events; // indexes into the history, in event-id order; the first opened the group
        bool problem = false;    // an event of it failed, timed out or was canceled
        int attempt = 0;         // an activity's last attempt, 0 when not told
    };

    static std::vector<Group> of(const History& history);

    // "ReserveInventory", "approval-reminder", "ShipParcel", "Workflow task", ...
    // With a context, a summary the SDK attached to the group's first event leads: “Charge the card” · charge (activity 1).
    static QString title(const History& history, const Group& group, const PayloadContext& context);
    static QString title(const History& history, const Group& group);
    // "Completed", "Failed", "Fired", "Started" (still open): what the group's last event says.
    static QString state(const History& history, const Group& group);
    // From the first event to the last, in milliseconds; 0 for one event.
    static qint64 durationMs(const History& history, const Group& group);
    // "2.04s", "30m 0.04s", "1h 5m"
    static QString durationText(qint64 milliseconds);
};

} // namespace hl
