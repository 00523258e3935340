#pragma once

#include "history/history.h"

namespace hl::test {

// The events of a History snapshot as one History message, for comparing with MessageDifferencer.
inline temporal::api::history::v1::History eventsOf(const History& history)
{
    temporal::api::history::v1::History out;
    for (int i = 0; i < history.eventCount(); ++i)
        *out.add_events() = history.event(i);
    return out;
}

} // namespace hl::test
