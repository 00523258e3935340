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
        QString source; // the file, or "namespace/workflow-id/run-id" at a frontend
    };
    static QByteArray write(const HistoryComparison& comparison, const Side& a, const Side& b, bool allSteps = false);
};

} // namespace hl
