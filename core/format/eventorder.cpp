#include "format/eventorder.h"

#include <algorithm>
#include <unordered_map>

namespace hl {

namespace {

// Ids that appear more than once in an id-ordered page: a doubled page or batch, or a doctored source.
void noteDuplicateIds(HistoryPage& page)
{
    const auto& events = page.events().events();
    int repeats = 0;
    int64_t first = 0;
    for (int i = 1; i < events.size(); ++i) {
        const int64_t id = events.Get(i).event_id();
        if (id != 0 && events.Get(i - 1).event_id() == id && repeats++ == 0) // 0: a source without ids
            first = id;
    }
    if (repeats == 0)
        return;
    page.mutableNotices().push_back(
        Notice{Notice::Kind::EventOrder, -1, QString(), QString::number(first),
               QStringLiteral("%1 event%2 repeat%3 an id already used (first: id %4); every copy is kept")
                   .arg(repeats)
                   .arg(repeats == 1 ? QString() : QStringLiteral("s"))
                   .arg(repeats == 1 ? QStringLiteral("s") : QString())
                   .arg(first)});
}

} // namespace

bool normalizeEventOrder(HistoryPage& page)
{
    auto* events = page.mutableEvents()->mutable_events();
    const int n = events->size();
    bool ascending = true;
    bool descending = n > 1;
    int firstDisorder = -1; // the first event whose id is below its predecessor's
    for (int i = 1; i < n; ++i) {
        const int64_t prev = events->Get(i - 1).event_id();
        const int64_t cur = events->Get(i).event_id();
        if (prev > cur && firstDisorder < 0)
            firstDisorder = i;
        ascending = ascending && prev <= cur;
        descending = descending && prev > cur;
    }
    if (ascending) {
        noteDuplicateIds(page);
        return false;
    }
    // Newest first is a dialect (a reverse fetch); any other disorder is a damaged or doctored source, and said.
    if (!descending) {
        page.mutableNotices().push_back(
            Notice{Notice::Kind::EventOrder, -1, QString(), QString::number(events->Get(firstDisorder).event_id()),
                   QStringLiteral("events are out of id order (event #%1, id %2, comes after id %3); they are shown "
                                  "sorted by id")
                       .arg(firstDisorder + 1)
                       .arg(events->Get(firstDisorder).event_id())
                       .arg(events->Get(firstDisorder - 1).event_id())});
    }

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
    noteDuplicateIds(page);
    return descending;
}

} // namespace hl
