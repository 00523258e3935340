#include "fuzztargets.h"

#include "frontend/historyresponseparser.h"
#include "history/history.h"
#include "render/eventtext.h"

namespace hl::fuzz {

// One GetWorkflowExecutionHistory answer as the frontend client receives it (the gRPC layer hands over the message
// bytes): `history`, or `raw_history` blobs, parsed onto pages and shown event by event.
int historyPage(const uint8_t* data, size_t size)
{
    auto answer = HistoryResponseParser::parse(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), 1);
    if (!answer)
        return 0;
    History history;
    for (const auto& page : answer->pages)
        history = history.appended(page);
    const int shown = std::min(history.eventCount(), 5000);
    for (int i = 0; i < shown; ++i)
        (void)EventText::describe(history.event(i));
    (void)history.notices();
    (void)history.workflowId();
    return 0;
}

} // namespace hl::fuzz
