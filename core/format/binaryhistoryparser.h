#pragma once

#include "format/readoptions.h"
#include "history/historyfile.h"
#include "support/result.h"

#include <QByteArray>

namespace hl {

// Reads serialized temporal.api.history.v1.History (sdk-core histfetch, TypeScript test files) and
// temporal.api.export.v1.WorkflowExecutions (Temporal Cloud Workflow History Export, several workflows per file).
class BinaryHistoryParser {
public:
    static Result<HistoryFile> parse(const QByteArray& bytes, const ReadOptions& options);
};

} // namespace hl
