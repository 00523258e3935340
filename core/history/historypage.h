#pragma once

#include "history/notice.h"

#include <temporal/api/history/v1/message.pb.h>

#include <google/protobuf/arena.h>

#include <memory>
#include <vector>

namespace hl {

// One batch of events as a reader or a frontend page delivers it. The events live on the page's own arena, which
// makes building and freeing 51,200 events cheap. A page is filled once and then only shared as const.
class HistoryPage {
public:
    using Events = temporal::api::history::v1::History;

    HistoryPage();
    HistoryPage(const HistoryPage&) = delete;
    HistoryPage& operator=(const HistoryPage&) = delete;

    Events* mutableEvents() { return m_events; }
    // Makes `events`, a message on this page's arena (parsed there from a frontend's answer), the page's events.
    void adoptEvents(Events* events);
    const Events& events() const { return *m_events; }
    int size() const { return m_events->events_size(); }

    // Notices carry event indexes relative to this page.
    std::vector<Notice>& mutableNotices() { return m_notices; }
    const std::vector<Notice>& notices() const { return m_notices; }

    google::protobuf::Arena* arena() { return &m_arena; }

private:
    google::protobuf::Arena m_arena;
    Events* m_events;
    std::vector<Notice> m_notices;
};

using HistoryPagePtr = std::shared_ptr<const HistoryPage>;

} // namespace hl
