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
    // `bytes` must keep kSourcePadding spare bytes of capacity after its end.
    static Result<HistoryFile> parse(const QByteArray& bytes, const ReadOptions& options);
};

} // namespace hl
