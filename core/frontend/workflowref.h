#pragma once

#include <QString>

namespace hl {

// A workflow execution on a frontend: its id, and a run id (empty for the latest run).
struct WorkflowRef {
    QString workflowId;
    QString runId;

    // "order-42" or "order-42 (run 0a1b…)": for messages and titles.
    QString describe() const
    {
        return runId.isEmpty() ? workflowId : QStringLiteral("%1 (run %2)").arg(workflowId, runId);
    }
};

} // namespace hl
