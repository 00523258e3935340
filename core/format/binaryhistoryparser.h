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
    // One serialized History batch (a frontend's answer), read event by event onto `page`: an event that does not
    // parse is kept as far as it was read, with a notice naming the field and its bytes (offsets from `byteOffset`).
    // False when the bytes are not a History at all.
    static bool readBatchLeniently(const char* data, int size, qint64 byteOffset, HistoryPage& page);
};

} // namespace hl
