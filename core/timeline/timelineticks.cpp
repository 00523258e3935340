#include "timeline/timelineticks.h"

#include <QDateTime>
#include <QTimeZone>

#include <array>
#include <cmath>
#include <cstdlib>

namespace hl {

namespace {

constexpr int64_t kMs = 1000;
constexpr int64_t kS = 1000 * kMs;
constexpr int64_t kMin = 60 * kS;
constexpr int64_t kHour = 60 * kMin;
constexpr int64_t kDay = 24 * kHour;

constexpr std::array<int64_t, 39> kSteps = {
    1, 2, 5, 10, 20, 50, 100, 200, 500,
    kMs, 2 * kMs, 5 * kMs, 10 * kMs, 20 * kMs, 50 * kMs, 100 * kMs, 200 * kMs, 500 * kMs,
    kS, 2 * kS, 5 * kS, 10 * kS, 15 * kS, 30 * kS,
    kMin, 2 * kMin, 5 * kMin, 10 * kMin, 15 * kMin, 30 * kMin,
    kHour, 2 * kHour, 3 * kHour, 6 * kHour, 12 * kHour,
    kDay, 2 * kDay, 7 * kDay, 14 * kDay,
};

int64_t floorDiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

int64_t TimelineTicks::step(double pixelsPerMicro, double minimumSpacing)
{
    for (const int64_t step : kSteps) {
        if (double(step) * pixelsPerMicro >= minimumSpacing)
            return step;
    }
    // Beyond two weeks: whole multiples of four weeks.
    const double weeks = minimumSpacing / pixelsPerMicro / double(28 * kDay);
    return int64_t(std::max(1.0, std::ceil(weeks))) * 28 * kDay;
}

std::vector<TimelineTicks::Tick> TimelineTicks::of(const TimelineScale& scale, int64_t from, int64_t to, double pixelsPerMicro,
                                                   double minimumSpacing, Format format, int64_t origin)
{
    std::vector<Tick> ticks;
    if (to <= from || pixelsPerMicro <= 0)
        return ticks;
    const int64_t every = step(pixelsPerMicro, minimumSpacing);
    // Whole steps of the clock the labels read: since the start, UTC, or local time (its offset at `from`).
    int64_t offset = 0;
    if (format == Format::SinceStart)
        offset = -origin;
    else if (format == Format::Local)
        offset = int64_t(QDateTime::fromMSecsSinceEpoch(from / 1000).offsetFromUtc()) * kS;
    // Ticks run through each stretch between folds on its own: a fold of days between two busy seconds would
    // otherwise take millions of steps of a millisecond.
    std::vector<std::pair<int64_t, int64_t>> stretches;
    int64_t at = from;
    for (const TimelineScale::Fold& fold : scale.folds()) {
        if (fold.end <= at || fold.start >= to)
            continue;
        if (fold.start > at)
            stretches.emplace_back(at, fold.start);
        at = fold.end;
    }
    if (at <= to)
        stretches.emplace_back(at, to);
    for (const auto& [a, b] : stretches) {
        int64_t tick = floorDiv(a + offset + every - 1, every) * every - offset;
        for (int guard = 0; tick <= b && ticks.size() < 4096 && guard < 4096; tick += every, ++guard)
            ticks.push_back({tick, label(tick, every, format, origin)});
    }
    return ticks;
}

QString TimelineTicks::label(int64_t real, int64_t step, Format format, int64_t origin)
{
    if (format == Format::SinceStart) {
        const int64_t since = real - origin;
        return since == 0 ? QStringLiteral("0") : (since < 0 ? QStringLiteral("−") : QStringLiteral("+")) + duration(std::abs(since));
    }
    const QDateTime time = format == Format::Utc ? QDateTime::fromMSecsSinceEpoch(real / 1000, QTimeZone::utc())
                                                 : QDateTime::fromMSecsSinceEpoch(real / 1000);
    if (step >= kDay)
        return time.toString(QStringLiteral("MMM d"));
    if (step >= kMin) {
        // A day boundary says which day it is.
        if (time.time().hour() == 0 && time.time().minute() == 0)
            return time.toString(QStringLiteral("MMM d"));
        return time.toString(QStringLiteral("HH:mm"));
    }
    if (step >= kS)
        return time.toString(QStringLiteral("HH:mm:ss"));
    if (step >= kMs)
        return time.toString(QStringLiteral("HH:mm:ss.zzz"));
    const int64_t micros = ((real % kS) + kS) % kS;
    return time.toString(QStringLiteral("HH:mm:ss.")) + QStringLiteral("%1").arg(micros, 6, 10, QLatin1Char('0'));
}

QString TimelineTicks::duration(int64_t micros)
{
    if (micros < kMs)
        return QStringLiteral("%1 µs").arg(micros);
    if (micros < kS)
        return QStringLiteral("%1 ms").arg(QString::number(double(micros) / double(kMs), 'g', 4));
    if (micros < kMin)
        return QStringLiteral("%1 s").arg(QString::number(double(micros) / double(kS), 'g', 4));
    if (micros < kHour) {
        const int64_t seconds = (micros % kMin) / kS;
        return seconds ? QStringLiteral("%1m %2s").arg(micros / kMin).arg(seconds) : QStringLiteral("%1m").arg(micros / kMin);
    }
    if (micros < kDay) {
        const int64_t minutes = (micros % kHour) / kMin;
        return minutes ? QStringLiteral("%1h %2m").arg(micros / kHour).arg(minutes) : QStringLiteral("%1h").arg(micros / kHour);
    }
    const int64_t hours = (micros % kDay) / kHour;
    return hours ? QStringLiteral("%1d %2h").arg(micros / kDay).arg(hours) : QStringLiteral("%1d").arg(micros / kDay);
}

} // namespace hl
