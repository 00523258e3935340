#pragma once

#include "frontend/historypageanswer.h"
#include "support/result.h"

#include <google/protobuf/io/zero_copy_stream.h>

#include <QByteArray>

namespace hl {

// Reads a GetWorkflowExecutionHistory(Reverse)Response: `history`, or the `raw_history` DataBlobs a server sends
// with frontend.sendRawWorkflowHistory (each a serialized History batch, in order). The events are parsed straight
// onto the page's arena. An answer whose bytes do not all parse is read again event by event, so one damaged event
// is named (page, event, field) and the rest still shows.
class HistoryResponseParser {
public:
    // `pageNumber` from 1, for notes and errors.
    static Result<HistoryPageAnswer> parse(google::protobuf::io::ZeroCopyInputStream& input, int pageNumber);
    static Result<HistoryPageAnswer> parse(const QByteArray& bytes, int pageNumber);
};

} // namespace hl
