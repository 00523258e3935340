#include "history/history.h"

#include <algorithm>

namespace hl {

History History::appended(HistoryPagePtr page) const
{
    History next = *this;
    if (!page || page->size() == 0) {
        if (page && !page->notices().empty()) {
            next.m_pageStarts.push_back(m_eventCount);
            next.m_pages.push_back(std::move(page));
        }
        return next;
    }
    next.m_pageStarts.push_back(m_eventCount);
    next.m_eventCount += page->size();
    next.m_pages.push_back(std::move(page));
    return next;
}

const History::Event& History::event(int index) const
{
    Q_ASSERT(index >= 0 && index < m_eventCount);
    const auto it = std::upper_bound(m_pageStarts.begin(), m_pageStarts.end(), index) - 1;
    const auto page = size_t(it - m_pageStarts.begin());
    return m_pages[page]->events().events(index - *it);
}

std::vector<Notice> History::notices() const
{
    std::vector<Notice> all;
    for (size_t i = 0; i < m_pages.size(); ++i) {
        for (Notice notice : m_pages[i]->notices()) {
            if (notice.eventIndex >= 0)
                notice.eventIndex += m_pageStarts[i];
            all.push_back(std::move(notice));
        }
    }
    return all;
}

size_t History::noticeCount() const
{
    size_t count = 0;
    for (const auto& page : m_pages)
        count += page->notices().size();
    return count;
}

std::vector<Notice> History::noticesFor(int eventIndex) const
{
    std::vector<Notice> found;
    for (size_t i = 0; i < m_pages.size(); ++i) {
        const int local = eventIndex - m_pageStarts[i];
        for (const Notice& notice : m_pages[i]->notices()) {
            if (notice.eventIndex == local && local >= 0) {
                Notice copy = notice;
                copy.eventIndex = eventIndex;
                found.push_back(std::move(copy));
            }
        }
    }
    return found;
}

QString History::workflowType() const
{
    if (isEmpty() || !event(0).has_workflow_execution_started_event_attributes())
        return {};
    return QString::fromStdString(event(0).workflow_execution_started_event_attributes().workflow_type().name());
}

QString History::workflowId() const
{
    if (isEmpty() || !event(0).has_workflow_execution_started_event_attributes())
        return {};
    return QString::fromStdString(event(0).workflow_execution_started_event_attributes().workflow_id());
}

QString History::runId() const
{
    if (isEmpty() || !event(0).has_workflow_execution_started_event_attributes())
        return {};
    const auto& started = event(0).workflow_execution_started_event_attributes();
    return QString::fromStdString(started.original_execution_run_id().empty() ? started.first_execution_run_id()
                                                                               : started.original_execution_run_id());
}

} // namespace hl
