#pragma once

#include "diff/historycomparison.h"

#include <QByteArray>
#include <QString>

namespace hl {

// A comparison as JSON, the schema docs/diff.md describes: both sides, the summary and counts, the workflow's own
// differences, and every step that differs (or, with `allSteps`, every step) with its events on each side and its
// differences by field and path.
class ComparisonJson {
public:
    struct Side {
        QString source; // the file, or "namespace/workflow-id (run …)" at a frontend
        QString runId;  // the run, when the source knows it better than the history's first event (a reset run's
                        // start event is its original's copy)
    };
    static QByteArray write(const HistoryComparison& comparison, const Side& a, const Side& b, bool allSteps = false);
};

} // namespace hl
