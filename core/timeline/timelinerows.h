#pragma once

#include "timeline/timeline.h"

#include <QString>

#include <memory>
#include <set>
#include <vector>

namespace hl {

// The rows a timeline is drawn in, top to bottom: a lane per row in the order the lanes opened; or, grouped by type
// (for histories with thousands of lanes), a row per kind and name ("ChargeCard × 3,412") that draws all its lanes'
// attempts in one row and opens into its lanes.
class TimelineRows {
public:
    struct Group {
        Timeline::LaneKind kind = Timeline::LaneKind::Activity;
        QString name;
        std::vector<int> lanes; // in the order they opened
        int64_t start = 0;
        int64_t end = 0;
        int problems = 0; // lanes that failed, timed out, were canceled or terminated
        int open = 0;     // lanes still pending or running
    };
    struct Row {
        int lane = -1;  // a lane's row...
        int group = -1; // ...or a group's (lane -1)
    };
    struct Options {
        bool workflowTasks = false;
        bool grouped = false;
        std::set<int> expanded; // groups shown open
    };

    // At this many lanes a timeline opens grouped.
    static constexpr int kGroupAt = 500;

    TimelineRows() = default;
    TimelineRows(std::shared_ptr<const Timeline> timeline, Options options);

    const std::vector<Row>& rows() const { return m_rows; }
    const std::vector<Group>& groups() const { return m_groups; }
    const Options& options() const { return m_options; }
    const std::shared_ptr<const Timeline>& timeline() const { return m_timeline; }
    // The row that shows a lane: its own, or its group's while the group is closed; -1 when hidden.
    int rowOfLane(int lane) const;
    int groupOfLane(int lane) const;

private:
    std::shared_ptr<const Timeline> m_timeline;
    Options m_options;
    std::vector<Group> m_groups;
    std::vector<Row> m_rows;
    std::vector<int> m_laneRow;   // by lane
    std::vector<int> m_laneGroup; // by lane
};

} // namespace hl
