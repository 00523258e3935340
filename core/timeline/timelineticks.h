#pragma once

#include "timeline/timelinescale.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace hl {

// Ticks of a timeline's time axis, from microseconds to weeks: a step of 1, 2 or 5 (seconds and minutes: 1, 2, 5, 10,
// 15, 30; hours 1, 2, 3, 6, 12; days 1, 2, 7, 14) as wide as a label needs, aligned to whole steps of the chosen
// clock, none inside a folded stretch. Labels in the tree's time format.
class TimelineTicks {
public:
    enum class Format { Utc, Local, SinceStart };

    struct Tick {
        int64_t real = 0; // microseconds since the epoch
        QString label;
    };

    // Ticks for real times between `from` and `to` when one microsecond of axis is `pixelsPerMicro` pixels wide, at
    // least `minimumSpacing` pixels apart. `origin` is the workflow's start (for SinceStart).
    static std::vector<Tick> of(const TimelineScale& scale, int64_t from, int64_t to, double pixelsPerMicro,
                                double minimumSpacing, Format format, int64_t origin);
    // The step chosen for that density, in microseconds.
    static int64_t step(double pixelsPerMicro, double minimumSpacing);

    // One time as the axis writes it at that step: "13:05:02.120", "+2m 5s", "Dec 4 13:00".
    static QString label(int64_t real, int64_t step, Format format, int64_t origin);
    // A duration: "350 µs", "12.5 ms", "1.25 s", "2m 5s", "3h 10m", "2d 4h".
    static QString duration(int64_t micros);
};

} // namespace hl
