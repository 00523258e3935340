#pragma once

#include "history/history.h"
#include "render/payloadcontext.h"
#include "timeline/timeline.h"

#include <unordered_map>
#include <vector>

namespace hl {

// Lays a history out as a Timeline, one pass over its events; a history that grows (a frontend's next page, a
// followed workflow's new events) is added where the last pass stopped, so the work done for earlier pages is kept.
class TimelineBuilder {
public:
    explicit TimelineBuilder(PayloadContext context = {});

    static Timeline build(const History& history, const PayloadContext& context, int64_t now);

    // Adds the events of `history` after those added so far (`history` is the last one with later events).
    void add(const History& history);
    int eventCount() const { return m_eventCount; }
    // Decoded payloads for the events added next (a grown history brings its new events decoded).
    void setContext(PayloadContext context) { m_context = std::move(context); }
    // What was built so far; lanes still open are drawn to `now` (or to the workflow's close).
    Timeline timeline(int64_t now) const;

    // Microseconds since the epoch of an event's time.
    static int64_t timeOf(const History::Event& event);

private:
    // Retry backoff of an activity's scheduled event, for estimating its earlier attempts.
    struct Backoff {
        int64_t initial = 1000000;
        double coefficient = 2.0;
        int64_t maximum = 100000000;
    };
    struct WorkflowTask {
        int event = -1;
        int64_t scheduled = 0;
        int64_t started = -1;
        int64_t closed = -1;
        Timeline::State state = Timeline::State::Pending;
        int attempt = 1;
    };

    int openLane(Timeline::LaneKind kind, int eventIndex, int64_t time, const History::Event& event);
    void attach(int lane, int eventIndex);
    void close(int lane, int eventIndex, int64_t time, Timeline::State state, const History::Event& event);
    void addMarker(Timeline::MarkerKind kind, int eventIndex, int64_t time, QString label);
    void addLocalActivity(const History::Event& event, int eventIndex, int64_t time);
    void addWorkflowTask(const History::Event& event, int eventIndex, int64_t time);
    int laneOf(int64_t eventId) const;
    void appendSegments(const Timeline::Lane& lane, size_t laneIndex, int64_t end, std::vector<Timeline::Segment>& out) const;

    PayloadContext m_context;
    std::vector<Timeline::Lane> m_lanes;
    std::vector<Backoff> m_backoffs; // by lane
    std::vector<Timeline::Marker> m_markers;
    std::vector<int> m_eventLane;
    std::vector<WorkflowTask> m_workflowTasks;
    std::unordered_map<int64_t, int> m_laneOfEventId;         // an opening event's id -> its lane
    std::unordered_map<int64_t, int> m_workflowTaskOfEventId; // a workflow task's scheduled event id -> its index
    std::unordered_map<std::string, int> m_laneOfUpdate;      // update id -> lane
    int m_workflowTaskLane = -1;
    int64_t m_lastWorkflowTaskStart = -1;
    int64_t m_start = 0;
    int64_t m_lastTime = 0;
    int64_t m_closeTime = -1;
    int m_eventCount = 0;
};

} // namespace hl
