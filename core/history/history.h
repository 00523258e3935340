#pragma once

#include "history/historypage.h"

#include <QString>

#include <vector>

namespace hl {

// An immutable snapshot of one workflow execution's event history, in event-id order. It is made of shared pages, so
// a history that grows (a frontend delivering the next page, a live follow) yields a new snapshot without copying
// the events already loaded.
class History {
public:
    using Event = temporal::api::history::v1::HistoryEvent;

    History() = default;

    // A snapshot with `page` appended after the events already here.
    History appended(HistoryPagePtr page) const;

    int eventCount() const { return m_eventCount; }
    bool isEmpty() const { return m_eventCount == 0; }
    const Event& event(int index) const;

    // Notices of all pages, with event indexes relative to the whole history.
    std::vector<Notice> notices() const;
    // How many notices the pages hold, without copying them.
    size_t noticeCount() const;
    // Notices about one event.
    std::vector<Notice> noticesFor(int eventIndex) const;

    // Facts read from the first event, when it is WorkflowExecutionStarted (empty otherwise).
    QString workflowType() const;
    QString workflowId() const;
    QString runId() const;

    const std::vector<HistoryPagePtr>& pages() const { return m_pages; }

private:
    std::vector<HistoryPagePtr> m_pages;
    std::vector<int> m_pageStarts; // index of each page's first event
    int m_eventCount = 0;
};

} // namespace hl
