#pragma once

#include "format/readoptions.h"
#include "history/historyfile.h"
#include "support/result.h"

#include <QByteArray>

namespace hl {

// Reads every JSON dialect of Temporal histories: {events}, {history:{events}}, arrays of events or of History
// batches, JSON Lines, the S3 archival HistoryBlob and WorkflowExecutions as JSON.
class JsonHistoryParser {
public:
    // `bytes` must keep kSourcePadding spare bytes of capacity after its end. They are released as soon as the
    // document is parsed, so the source and the History it becomes are never both held in full.
    static Result<HistoryFile> parse(QByteArray bytes, const ReadOptions& options);
};

} // namespace hl
