#pragma once

#include <QString>

#include <algorithm>

#include <cstdint>
#include <vector>

namespace hl {

// A workflow execution's history laid out over time: one lane per activity, local activity, child workflow, timer,
// update, Nexus operation and external signal or cancel request (workflow tasks in one lane of their own), and the
// workflow's own moments (start, signals, cancel request, markers, failed workflow tasks, close) as markers.
// Times are microseconds since the Unix epoch. Built by TimelineBuilder; a built Timeline is never changed.
class Timeline {
public:
    enum class LaneKind { Activity, LocalActivity, ChildWorkflow, Timer, Update, Nexus, ExternalSignal, ExternalCancel, WorkflowTask };
    // Pending: scheduled or initiated, not started. Running: started, not closed.
    enum class State { Pending, Running, Completed, Failed, TimedOut, Canceled, Terminated };
    enum class MarkerKind { Started, Signal, CancelRequested, Marker, WorkflowTaskProblem, Completed, Failed, TimedOut, Canceled, Terminated, ContinuedAsNew };

    // One attempt of an activity (or a workflow task, a child's run, a timer's wait): from its start to its end.
    // Attempts before an activity's last one are not in the history: their times are estimated from the retry
    // policy's backoff inside the time before the last attempt started.
    struct Segment {
        int64_t start = 0;
        int64_t end = 0;
        State state = State::Running;
        int attempt = 1;
        bool estimated = false;
        int event = -1; // the event that opened it, for a workflow task's segments; else the lane's first
    };

    struct Lane {
        LaneKind kind = LaneKind::Activity;
        QString name;    // activity type, timer id, child workflow type, update name, service.operation, signal name
        QString id;      // activity id, child workflow id, update id, target workflow id; empty when none
        QString summary; // user metadata's summary, decoded; empty when none
        QString failure; // the closing failure's message (or an activity's last failure), for tooltips
        State state = State::Pending;
        int firstEvent = -1; // index of the event that opened the lane
        int lastEvent = -1;  // index of the lane's latest event
        int64_t scheduled = 0; // scheduled, initiated (or the first attempt) time
        int64_t started = -1;  // the last attempt's start; -1 when not started
        int64_t closed = -1;   // -1 while pending or running
        int64_t end = 0;       // where the lane is drawn to: closed, or "now" (or the workflow's close) while open
        int64_t fireTime = -1; // a timer's fire time (ahead of "now" while it waits); -1 for others
        int attempts = 0;      // attempts the history tells of (0 while an activity waits for its first)
        uint32_t firstSegment = 0;
        uint32_t segmentCount = 0;
    };

    struct Marker {
        int64_t time = 0;
        MarkerKind kind = MarkerKind::Signal;
        int event = -1;
        QString label; // a signal's name, a marker's name
    };

    const std::vector<Lane>& lanes() const { return m_lanes; }
    const std::vector<Segment>& segments() const { return m_segments; }
    const Segment* segmentsOf(const Lane& lane) const { return m_segments.data() + lane.firstSegment; }
    // In time order.
    const std::vector<Marker>& markers() const { return m_markers; }
    // The lane an event belongs to, or -1 (a marker's event, or one that belongs to no lane).
    int laneOfEvent(int eventIndex) const;
    // The marker of an event, or -1.
    int markerOfEvent(int eventIndex) const;

    // The workflow's start (its first event), and its close or "now" while it runs.
    int64_t start() const { return m_start; }
    int64_t end() const { return m_end; }
    bool isClosed() const { return m_closed; }
    // "now" for what is still open: the clock the builder was given.
    int64_t now() const { return m_now; }
    int eventCount() const { return m_eventCount; }
    bool isEmpty() const { return m_eventCount == 0; }

    // Bytes the lane model holds (its vectors and the text it does not share with the history), for the benchmark.
    size_t memoryBytes() const;

    static QString kindName(LaneKind kind);   // "Activity", "Local activity", ...
    static QString stateName(State state);    // "Completed", "Timed out", ...
    static QString markerName(MarkerKind kind);
    static bool isOpen(State state) { return state == State::Pending || state == State::Running; }

private:
    friend class TimelineBuilder;

    std::vector<Lane> m_lanes;
    std::vector<Segment> m_segments;
    std::vector<Marker> m_markers;
    std::vector<int> m_eventLane;   // by event index: lane, -1 - marker index, or kNoLane
    int64_t m_start = 0;
    int64_t m_end = 0;
    int64_t m_now = 0;
    int m_eventCount = 0;
    bool m_closed = false;
};

} // namespace hl
