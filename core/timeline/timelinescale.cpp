#include "timeline/timelinescale.h"

#include <algorithm>

namespace hl {

TimelineScale::TimelineScale(int64_t start, int64_t end) : m_start(start), m_end(std::max(start, end)) {}

TimelineScale TimelineScale::collapsingIdle(const Timeline& timeline, bool workflowTasks, int64_t minimum)
{
    TimelineScale scale(timeline.start(), timeline.end());
    struct Busy {
        int64_t start, end;
    };
    std::vector<Busy> busy;
    busy.reserve(timeline.lanes().size() + timeline.markers().size());
    for (const Timeline::Lane& lane : timeline.lanes()) {
        if (lane.kind == Timeline::LaneKind::WorkflowTask) {
            if (!workflowTasks)
                continue;
            for (uint32_t s = 0; s < lane.segmentCount; ++s) {
                const Timeline::Segment& segment = timeline.segmentsOf(lane)[s];
                busy.push_back({segment.start, segment.end});
            }
            continue;
        }
        busy.push_back({lane.scheduled, std::max(lane.end, lane.fireTime)});
    }
    for (const Timeline::Marker& marker : timeline.markers())
        busy.push_back({marker.time, marker.time});
    std::sort(busy.begin(), busy.end(), [](const Busy& a, const Busy& b) { return a.start < b.start; });
    const int64_t whole = scale.m_end - scale.m_start;
    const int64_t threshold = std::max(minimum, whole / 50);
    int64_t reach = scale.m_start;
    int64_t removed = 0;
    for (const Busy& b : busy) {
        if (b.start - reach > threshold) {
            scale.m_folds.push_back({reach, b.start});
            removed += b.start - reach;
        }
        reach = std::max(reach, b.end);
    }
    if (scale.m_end - reach > threshold) {
        scale.m_folds.push_back({reach, scale.m_end});
        removed += scale.m_end - reach;
    }
    if (scale.m_folds.empty())
        return scale;
    // A fold is as wide as 3% of what is left (at least a millisecond), so a break reads as a break at any length.
    scale.m_foldWidth = std::max<int64_t>(1000, (whole - removed) * 3 / 100);
    int64_t before = 0;
    for (const Fold& fold : scale.m_folds) {
        scale.m_removedBefore.push_back(before);
        before += (fold.end - fold.start) - scale.m_foldWidth;
    }
    return scale;
}

int TimelineScale::foldAt(int64_t real) const
{
    const auto after = std::upper_bound(m_folds.begin(), m_folds.end(), real, [](int64_t t, const Fold& f) { return t < f.start; });
    if (after == m_folds.begin())
        return -1;
    const auto fold = after - 1;
    return real > fold->start && real < fold->end ? int(fold - m_folds.begin()) : -1;
}

int64_t TimelineScale::toAxis(int64_t real) const
{
    const auto after = std::upper_bound(m_folds.begin(), m_folds.end(), real, [](int64_t t, const Fold& f) { return t < f.start; });
    if (after == m_folds.begin())
        return real - m_start;
    const size_t index = size_t(after - m_folds.begin()) - 1;
    const Fold& fold = m_folds[index];
    const int64_t foldAxisStart = fold.start - m_start - m_removedBefore[index];
    if (real >= fold.end)
        return foldAxisStart + m_foldWidth + (real - fold.end);
    // Inside the fold: squeezed in proportion.
    return foldAxisStart + int64_t(double(real - fold.start) / double(fold.end - fold.start) * double(m_foldWidth));
}

int64_t TimelineScale::toReal(int64_t axis) const
{
    int64_t real = m_start + axis;
    for (size_t i = 0; i < m_folds.size(); ++i) {
        const Fold& fold = m_folds[i];
        const int64_t foldAxisStart = fold.start - m_start - m_removedBefore[i];
        if (axis < foldAxisStart)
            return m_start + axis + m_removedBefore[i];
        if (axis < foldAxisStart + m_foldWidth)
            return fold.start + int64_t(double(axis - foldAxisStart) / double(m_foldWidth) * double(fold.end - fold.start));
        real = fold.end + (axis - foldAxisStart - m_foldWidth);
    }
    return real;
}

} // namespace hl
