#include "timeline/timeline.h"

namespace hl {

int Timeline::laneOfEvent(int eventIndex) const
{
    if (eventIndex < 0 || size_t(eventIndex) >= m_eventLane.size())
        return -1;
    return std::max(-1, m_eventLane[size_t(eventIndex)]);
}

int Timeline::markerOfEvent(int eventIndex) const
{
    if (eventIndex < 0 || size_t(eventIndex) >= m_eventLane.size())
        return -1;
    const int value = m_eventLane[size_t(eventIndex)];
    return value <= -2 ? -2 - value : -1;
}

size_t Timeline::memoryBytes() const
{
    auto text = [](const QString& s) { return s.isEmpty() ? size_t(0) : size_t(s.capacity()) * 2 + 24; };
    size_t bytes = sizeof(*this) + m_lanes.capacity() * sizeof(Lane) + m_segments.capacity() * sizeof(Segment)
                   + m_markers.capacity() * sizeof(Marker) + m_eventLane.capacity() * sizeof(int);
    for (const Lane& lane : m_lanes)
        bytes += text(lane.name) + text(lane.id) + text(lane.summary) + text(lane.failure);
    for (const Marker& marker : m_markers)
        bytes += text(marker.label);
    return bytes;
}

QString Timeline::kindName(LaneKind kind)
{
    switch (kind) {
    case LaneKind::Activity: return QStringLiteral("Activity");
    case LaneKind::LocalActivity: return QStringLiteral("Local activity");
    case LaneKind::ChildWorkflow: return QStringLiteral("Child workflow");
    case LaneKind::Timer: return QStringLiteral("Timer");
    case LaneKind::Update: return QStringLiteral("Update");
    case LaneKind::Nexus: return QStringLiteral("Nexus operation");
    case LaneKind::ExternalSignal: return QStringLiteral("Signal external");
    case LaneKind::ExternalCancel: return QStringLiteral("Cancel external");
    case LaneKind::WorkflowTask: return QStringLiteral("Workflow tasks");
    }
    return {};
}

QString Timeline::stateName(State state)
{
    switch (state) {
    case State::Pending: return QStringLiteral("Pending");
    case State::Running: return QStringLiteral("Running");
    case State::Completed: return QStringLiteral("Completed");
    case State::Failed: return QStringLiteral("Failed");
    case State::TimedOut: return QStringLiteral("Timed out");
    case State::Canceled: return QStringLiteral("Canceled");
    case State::Terminated: return QStringLiteral("Terminated");
    }
    return {};
}

QString Timeline::markerName(MarkerKind kind)
{
    switch (kind) {
    case MarkerKind::Started: return QStringLiteral("Started");
    case MarkerKind::Signal: return QStringLiteral("Signal");
    case MarkerKind::CancelRequested: return QStringLiteral("Cancel requested");
    case MarkerKind::Marker: return QStringLiteral("Marker");
    case MarkerKind::WorkflowTaskProblem: return QStringLiteral("Workflow task problem");
    case MarkerKind::Completed: return QStringLiteral("Completed");
    case MarkerKind::Failed: return QStringLiteral("Failed");
    case MarkerKind::TimedOut: return QStringLiteral("Timed out");
    case MarkerKind::Canceled: return QStringLiteral("Canceled");
    case MarkerKind::Terminated: return QStringLiteral("Terminated");
    case MarkerKind::ContinuedAsNew: return QStringLiteral("Continued as new");
    }
    return {};
}

} // namespace hl
