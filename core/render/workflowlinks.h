#pragma once

#include "frontend/workflowref.h"
#include "history/history.h"

#include <QObject>
#include <QString>

#include <vector>

namespace hl {

// The other executions an event points at: a child workflow, the parent, the previous and next run of a
// continue-as-new (or retry, or cron) chain. A view from a frontend opens them in a tab with one click.
class WorkflowLinks {
public:
    struct Link {
        QString label; // "Open child workflow packing-1", "Open next run"
        WorkflowRef workflow;
    };

    // `workflowId` is the history's own (a run of the same chain has the same id).
    static std::vector<Link> of(const History::Event& event, const QString& workflowId);
};

} // namespace hl
