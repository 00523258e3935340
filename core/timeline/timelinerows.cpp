#include "timeline/timelinerows.h"

#include <map>

namespace hl {

TimelineRows::TimelineRows(std::shared_ptr<const Timeline> timeline, Options options)
    : m_timeline(std::move(timeline)), m_options(std::move(options))
{
    if (!m_timeline)
        return;
    const auto& lanes = m_timeline->lanes();
    m_laneRow.assign(lanes.size(), -1);
    m_laneGroup.assign(lanes.size(), -1);
    auto shown = [this](const Timeline::Lane& lane) {
        return lane.kind != Timeline::LaneKind::WorkflowTask || m_options.workflowTasks;
    };
    if (!m_options.grouped) {
        m_rows.reserve(lanes.size());
        for (size_t i = 0; i < lanes.size(); ++i) {
            if (!shown(lanes[i]))
                continue;
            m_laneRow[i] = int(m_rows.size());
            m_rows.push_back({int(i), -1});
        }
        return;
    }
    std::map<std::pair<int, QString>, int> groupOf;
    for (size_t i = 0; i < lanes.size(); ++i) {
        const Timeline::Lane& lane = lanes[i];
        if (!shown(lane))
            continue;
        auto [found, added] = groupOf.try_emplace({int(lane.kind), lane.name}, int(m_groups.size()));
        if (added) {
            Group group;
            group.kind = lane.kind;
            group.name = lane.name;
            group.start = lane.scheduled;
            group.end = lane.end;
            m_groups.push_back(std::move(group));
        }
        Group& group = m_groups[size_t(found->second)];
        group.lanes.push_back(int(i));
        group.start = std::min(group.start, lane.scheduled);
        group.end = std::max(group.end, lane.end);
        if (Timeline::isOpen(lane.state))
            ++group.open;
        else if (lane.state != Timeline::State::Completed)
            ++group.problems;
        m_laneGroup[i] = found->second;
    }
    for (size_t g = 0; g < m_groups.size(); ++g) {
        const int groupRow = int(m_rows.size());
        m_rows.push_back({-1, int(g)});
        const bool open = m_options.expanded.count(int(g)) > 0;
        for (const int lane : m_groups[g].lanes) {
            if (open) {
                m_laneRow[size_t(lane)] = int(m_rows.size());
                m_rows.push_back({lane, int(g)});
            } else {
                m_laneRow[size_t(lane)] = groupRow;
            }
        }
    }
}

int TimelineRows::rowOfLane(int lane) const
{
    return lane >= 0 && size_t(lane) < m_laneRow.size() ? m_laneRow[size_t(lane)] : -1;
}

int TimelineRows::groupOfLane(int lane) const
{
    return lane >= 0 && size_t(lane) < m_laneGroup.size() ? m_laneGroup[size_t(lane)] : -1;
}

} // namespace hl
