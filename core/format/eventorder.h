#pragma once

#include "history/historypage.h"

namespace hl {

// Puts a page's events in event-id order. Newest-first sources (--reverse, history-reverse) are reversed; any other
// disorder is sorted stably. Notices follow their events. Returns true when the source was newest-first.
bool normalizeEventOrder(HistoryPage& page);

} // namespace hl
