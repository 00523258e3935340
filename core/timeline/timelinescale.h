#pragma once

#include "timeline/timeline.h"

#include <cstdint>
#include <vector>

namespace hl {

// The time axis of a timeline: real time (microseconds since the epoch) to axis time, where each idle stretch that is
// folded ("Collapse idle time") takes a small fixed width and shows as a break mark with its length. Without folds,
// axis time is real time.
class TimelineScale {
public:
    struct Fold {
        int64_t start = 0; // real time where nothing runs, from here...
        int64_t end = 0;   // ...to here
    };

    TimelineScale() = default;
    TimelineScale(int64_t start, int64_t end);
    // Folds every stretch where no lane shown runs and no marker falls that is longer than both `minimum` and a
    // fiftieth of the whole. A lane's whole extent counts as running (waiting for a worker, a timer's wait, retries).
    static TimelineScale collapsingIdle(const Timeline& timeline, bool workflowTasks, int64_t minimum = 1000000);

    int64_t start() const { return m_start; }
    int64_t end() const { return m_end; }
    // The axis runs from 0 to length().
    int64_t length() const { return toAxis(m_end); }
    int64_t toAxis(int64_t real) const;
    int64_t toReal(int64_t axis) const;
    const std::vector<Fold>& folds() const { return m_folds; }
    // Axis width of one fold.
    int64_t foldWidth() const { return m_foldWidth; }
    // The fold that real time `real` lies strictly inside, or -1.
    int foldAt(int64_t real) const;

private:
    int64_t m_start = 0;
    int64_t m_end = 0;
    std::vector<Fold> m_folds;
    std::vector<int64_t> m_removedBefore; // by fold: real time taken out by the folds before it
    int64_t m_foldWidth = 0;
};

} // namespace hl
