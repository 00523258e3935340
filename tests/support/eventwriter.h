#pragma once

#include "history/history.h"
#include "history/historypage.h"

#include <temporal/api/history/v1/message.pb.h>

#include <memory>

namespace hl::test {

// Writes a history's events one by one, ids in order, 1 second apart unless told: for the cases no real history has.
class EventWriter {
public:
    explicit EventWriter(temporal::api::history::v1::History* history) : m_history(history) {}
    temporal::api::history::v1::HistoryEvent* next(temporal::api::enums::v1::EventType type, int64_t afterMillis = 1000)
    {
        m_millis += afterMillis;
        auto* event = m_history->add_events();
        event->set_event_id(m_history->events_size());
        event->set_event_type(type);
        event->mutable_event_time()->set_seconds(m_millis / 1000);
        event->mutable_event_time()->set_nanos(int32_t(m_millis % 1000) * 1000000);
        return event;
    }
    int64_t lastId() const { return m_history->events_size(); }
    int64_t millis() const { return m_millis; }

private:
    temporal::api::history::v1::History* m_history;
    int64_t m_millis = 1767225600000;
};

inline History historyOf(const std::shared_ptr<HistoryPage>& page)
{
    return History().appended(page);
}

} // namespace hl::test
