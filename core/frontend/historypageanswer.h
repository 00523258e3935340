#pragma once

#include "history/historypage.h"

#include <QByteArray>

#include <memory>
#include <vector>

namespace hl {

// One answer of GetWorkflowExecutionHistory: its events as pages (usually one; raw_history blobs written as JSON
// give one each), and the token for the next answer.
struct HistoryPageAnswer {
    std::vector<HistoryPagePtr> pages;
    QByteArray nextPageToken; // empty: no more pages
    bool archived = false;

    int eventCount() const
    {
        int count = 0;
        for (const auto& page : pages)
            count += page->size();
        return count;
    }
};

} // namespace hl
