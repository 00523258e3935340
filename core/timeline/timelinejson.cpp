#include "timeline/timelinejson.h"

#include "json/jsonbuilder.h"
#include "json/prototime.h"

namespace hl {

namespace {

int64_t floorDiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

std::string TimelineJson::timeText(int64_t micros)
{
    const int64_t seconds = floorDiv(micros, 1000000);
    return ProtoTime::formatTimestamp(seconds, int32_t((micros - seconds * 1000000) * 1000));
}

const char* TimelineJson::kindKey(Timeline::LaneKind kind)
{
    switch (kind) {
    case Timeline::LaneKind::Activity: return "activity";
    case Timeline::LaneKind::LocalActivity: return "localActivity";
    case Timeline::LaneKind::ChildWorkflow: return "childWorkflow";
    case Timeline::LaneKind::Timer: return "timer";
    case Timeline::LaneKind::Update: return "update";
    case Timeline::LaneKind::Nexus: return "nexusOperation";
    case Timeline::LaneKind::ExternalSignal: return "signalExternal";
    case Timeline::LaneKind::ExternalCancel: return "cancelExternal";
    case Timeline::LaneKind::WorkflowTask: return "workflowTasks";
    }
    return "";
}

const char* TimelineJson::stateKey(Timeline::State state)
{
    switch (state) {
    case Timeline::State::Pending: return "pending";
    case Timeline::State::Running: return "running";
    case Timeline::State::Completed: return "completed";
    case Timeline::State::Failed: return "failed";
    case Timeline::State::TimedOut: return "timedOut";
    case Timeline::State::Canceled: return "canceled";
    case Timeline::State::Terminated: return "terminated";
    }
    return "";
}

const char* TimelineJson::markerKey(Timeline::MarkerKind kind)
{
    switch (kind) {
    case Timeline::MarkerKind::Started: return "started";
    case Timeline::MarkerKind::Signal: return "signal";
    case Timeline::MarkerKind::CancelRequested: return "cancelRequested";
    case Timeline::MarkerKind::Marker: return "marker";
    case Timeline::MarkerKind::WorkflowTaskProblem: return "workflowTaskProblem";
    case Timeline::MarkerKind::Completed: return "completed";
    case Timeline::MarkerKind::Failed: return "failed";
    case Timeline::MarkerKind::TimedOut: return "timedOut";
    case Timeline::MarkerKind::Canceled: return "canceled";
    case Timeline::MarkerKind::Terminated: return "terminated";
    case Timeline::MarkerKind::ContinuedAsNew: return "continuedAsNew";
    }
    return "";
}

std::string TimelineJson::write(const Timeline& timeline, const History& history, int64_t from, int64_t to)
{
    std::string out;
    JsonBuilder json(&out, 2);
    auto string = [&json](const char* key, const QString& value) {
        json.key(key);
        json.string(value.toStdString());
    };
    auto time = [&json](const char* key, int64_t micros) {
        json.key(key);
        if (micros < 0)
            json.literal("null");
        else
            json.string(timeText(micros));
    };
    auto number = [&json](const char* key, int64_t value) {
        json.key(key);
        json.literal(std::to_string(value));
    };
    auto eventId = [&history](int index) { return index >= 0 && index < history.eventCount() ? history.event(index).event_id() : 0; };

    json.beginObject();
    json.key("workflow");
    json.beginObject();
    string("type", history.workflowType());
    string("workflowId", history.workflowId());
    string("runId", history.runId());
    time("start", timeline.start());
    time("end", timeline.end());
    json.key("closed");
    json.literal(timeline.isClosed() ? "true" : "false");
    time("now", timeline.now());
    number("events", timeline.eventCount());
    json.endObject();
    json.key("range");
    json.beginObject();
    time("from", from);
    time("to", to);
    json.endObject();

    json.key("lanes");
    json.beginArray();
    for (const Timeline::Lane& lane : timeline.lanes()) {
        if (std::max(lane.end, lane.fireTime) < from || lane.scheduled > to)
            continue;
        json.beginObject();
        json.key("kind");
        json.string(kindKey(lane.kind));
        string("name", lane.name);
        if (!lane.id.isEmpty())
            string("id", lane.id);
        if (!lane.summary.isEmpty())
            string("summary", lane.summary);
        json.key("state");
        json.string(stateKey(lane.state));
        time("scheduled", lane.scheduled);
        time("started", lane.started);
        time("closed", lane.closed);
        time("end", lane.end);
        if (lane.fireTime >= 0)
            time("fireTime", lane.fireTime);
        number("attempts", lane.attempts);
        number("firstEventId", eventId(lane.firstEvent));
        number("lastEventId", eventId(lane.lastEvent));
        if (!lane.failure.isEmpty())
            string("failure", lane.failure);
        json.key("segments");
        json.beginArray();
        for (uint32_t s = 0; s < lane.segmentCount; ++s) {
            const Timeline::Segment& segment = timeline.segmentsOf(lane)[s];
            if (segment.end < from || segment.start > to)
                continue;
            json.beginObject();
            time("start", segment.start);
            time("end", segment.end);
            json.key("state");
            json.string(stateKey(segment.state));
            number("attempt", segment.attempt);
            if (segment.estimated) {
                json.key("estimated");
                json.literal("true");
            }
            if (lane.kind == Timeline::LaneKind::WorkflowTask)
                number("eventId", eventId(segment.event));
            json.endObject();
        }
        json.endArray();
        json.endObject();
    }
    json.endArray();

    json.key("markers");
    json.beginArray();
    for (const Timeline::Marker& marker : timeline.markers()) {
        if (marker.time < from || marker.time > to)
            continue;
        json.beginObject();
        time("time", marker.time);
        json.key("kind");
        json.string(markerKey(marker.kind));
        number("eventId", eventId(marker.event));
        string("label", marker.label);
        json.endObject();
    }
    json.endArray();
    json.endObject();
    out += '\n';
    return out;
}

} // namespace hl
