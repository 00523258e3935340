#pragma once

#include "history/history.h"
#include "timeline/timeline.h"

#include <string>

namespace hl {

// A timeline's lane model as JSON, for reports and for other tools to build on (`historylens-cli timeline -o json`;
// the schema is in docs/timeline.md). Times are RFC 3339 in UTC with microseconds; only lanes and markers that reach
// into [from, to] are written.
class TimelineJson {
public:
    static std::string write(const Timeline& timeline, const History& history, int64_t from, int64_t to);
    static std::string timeText(int64_t micros);
    static const char* kindKey(Timeline::LaneKind kind);     // "activity", "localActivity", ...
    static const char* stateKey(Timeline::State state);      // "completed", "timedOut", ...
    static const char* markerKey(Timeline::MarkerKind kind); // "signal", "continuedAsNew", ...
};

} // namespace hl
