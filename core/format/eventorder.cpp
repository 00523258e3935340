#include "format/eventorder.h"

#include <algorithm>
#include <unordered_map>

namespace hl {

bool normalizeEventOrder(HistoryPage& page)
{
    auto* events = page.mutableEvents()->mutable_events();
    const int n = events->size();
    bool ascending = true;
    bool descending = n > 1;
    for (int i = 1; i < n; ++i) {
        const int64_t prev = events->Get(i - 1).event_id();
        const int64_t cur = events->Get(i).event_id();
        ascending = ascending && prev <= cur;
        descending = descending && prev > cur;
    }
    if (ascending)
        return false;

    using Event = temporal::api::history::v1::HistoryEvent;
    std::unordered_map<const Event*, int> originalIndex;
    originalIndex.reserve(size_t(n));
    for (int i = 0; i < n; ++i)
        originalIndex.emplace(&events->Get(i), i);

    if (descending) {
        std::reverse(events->pointer_begin(), events->pointer_end());
    } else {
        std::stable_sort(events->pointer_begin(), events->pointer_end(),
                         [](const Event* a, const Event* b) { return a->event_id() < b->event_id(); });
    }
    std::vector<int> newIndex(size_t(n), -1);
    for (int i = 0; i < n; ++i)
        newIndex[size_t(originalIndex.at(&events->Get(i)))] = i;
    for (Notice& notice : page.mutableNotices()) {
        if (notice.eventIndex >= 0 && notice.eventIndex < n)
            notice.eventIndex = newIndex[size_t(notice.eventIndex)];
    }
    return descending;
}

} // namespace hl
