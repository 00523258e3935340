#include "picture/timelinepainter.h"

#include <QFontMetrics>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace hl {

namespace {

using State = Timeline::State;

// Coordinates far outside the picture are clamped before they reach QPainter (a millisecond view of a week's
// history puts its ends millions of pixels away).
double clampX(double x, const QRect& area)
{
    return std::clamp(x, double(area.left()) - 16.0, double(area.right()) + 16.0);
}

// Which state shows when spans of several share a pixel of a group's row: problems first.
int priority(State state)
{
    switch (state) {
    case State::Failed: return 7;
    case State::TimedOut: return 6;
    case State::Terminated: return 5;
    case State::Canceled: return 4;
    case State::Running: return 3;
    case State::Completed: return 2;
    case State::Pending: return 1;
    }
    return 0;
}

constexpr State kStateOfPriority[] = {State::Pending, State::Pending, State::Completed, State::Running,
                                      State::Canceled, State::Terminated, State::TimedOut, State::Failed};

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

} // namespace

TimelinePainter::TimelinePainter(const TimelineRows& rows, const TimelineScale& scale, const QFont& font)
    : m_rows(rows), m_timeline(*rows.timeline()), m_scale(scale), m_font(font)
{
    const QFontMetrics metrics(m_font);
    m_rowHeight = std::max(18, metrics.height() + 8);
    m_axisHeight = metrics.height() + 8;
    m_markerHeight = std::max(20, metrics.height() + 6);
}

QColor TimelinePainter::stateColor(State state, bool dark)
{
    switch (state) {
    case State::Completed: return dark ? QColor(0x4c, 0xc1, 0x7a) : QColor(0x2e, 0x9d, 0x57);
    case State::Failed: return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xd6, 0x3b, 0x3b);
    case State::TimedOut: return dark ? QColor(0xff, 0xae, 0x42) : QColor(0xe0, 0x80, 0x10);
    case State::Canceled: return dark ? QColor(0xa0, 0xa6, 0xb0) : QColor(0x80, 0x86, 0x90);
    case State::Terminated: return dark ? QColor(0xc0, 0x8c, 0xe8) : QColor(0x8e, 0x44, 0xad);
    case State::Running: return dark ? QColor(0x5a, 0xa2, 0xff) : QColor(0x2f, 0x7e, 0xd8);
    case State::Pending: return dark ? QColor(0x7f, 0x9c, 0xc8) : QColor(0x8d, 0xa9, 0xd4);
    }
    return {};
}

QColor TimelinePainter::markerColor(Timeline::MarkerKind kind, bool dark)
{
    using K = Timeline::MarkerKind;
    switch (kind) {
    case K::Started: return stateColor(State::Running, dark);
    case K::Signal: return dark ? QColor(0xe8, 0x8c, 0xd9) : QColor(0xb0, 0x3a, 0x9c);
    case K::CancelRequested: return stateColor(State::Canceled, dark);
    case K::Marker: return dark ? QColor(0xc8, 0xc8, 0xc8) : QColor(0x60, 0x60, 0x60);
    case K::WorkflowTaskProblem: return stateColor(State::Failed, dark);
    case K::Completed: return stateColor(State::Completed, dark);
    case K::Failed: return stateColor(State::Failed, dark);
    case K::TimedOut: return stateColor(State::TimedOut, dark);
    case K::Canceled: return stateColor(State::Canceled, dark);
    case K::Terminated: return stateColor(State::Terminated, dark);
    case K::ContinuedAsNew: return stateColor(State::Running, dark);
    }
    return {};
}

QRect TimelinePainter::timeArea(const QRect& area) const
{
    return area.adjusted(m_labelWidth, 0, -8, 0);
}

double TimelinePainter::xOf(int64_t axis, const QRect& area, const View& view) const
{
    const QRect time = timeArea(area);
    const double span = double(std::max<int64_t>(1, view.axisTo - view.axisFrom));
    return double(time.left()) + double(axis - view.axisFrom) / span * double(time.width());
}

int64_t TimelinePainter::axisAt(double x, const QRect& area, const View& view) const
{
    const QRect time = timeArea(area);
    const double span = double(std::max<int64_t>(1, view.axisTo - view.axisFrom));
    return view.axisFrom + int64_t(std::llround((x - double(time.left())) / double(std::max(1, time.width())) * span));
}

int64_t TimelinePainter::endOf(const Timeline::Lane& lane, const View& view) const
{
    if (view.liveNow > lane.end && Timeline::isOpen(lane.state) && !m_timeline.isClosed())
        return view.liveNow;
    return lane.end;
}

QString TimelinePainter::rowLabel(int row) const
{
    const TimelineRows::Row& r = m_rows.rows()[size_t(row)];
    if (r.lane < 0) {
        const TimelineRows::Group& group = m_rows.groups()[size_t(r.group)];
        QString label = QStringLiteral("%1 × %2").arg(group.name.isEmpty() ? Timeline::kindName(group.kind) : group.name,
                                                      QLocale().toString(qlonglong(group.lanes.size())));
        if (group.problems)
            label += QStringLiteral(" · %1 failed").arg(QLocale().toString(group.problems));
        if (group.open)
            label += QStringLiteral(" · %1 open").arg(QLocale().toString(group.open));
        return label;
    }
    const Timeline::Lane& lane = m_timeline.lanes()[size_t(r.lane)];
    QString name;
    switch (lane.kind) {
    case Timeline::LaneKind::Timer: name = QStringLiteral("timer %1").arg(lane.name); break;
    case Timeline::LaneKind::ExternalSignal: name = QStringLiteral("signal %1 → %2").arg(lane.name, lane.id); break;
    case Timeline::LaneKind::ExternalCancel: name = QStringLiteral("cancel → %1").arg(lane.id); break;
    case Timeline::LaneKind::Update: name = QStringLiteral("update %1").arg(lane.name); break;
    case Timeline::LaneKind::LocalActivity: name = QStringLiteral("%1 (local)").arg(lane.name); break;
    default: name = lane.name;
    }
    if (!lane.summary.isEmpty())
        name = QStringLiteral("“%1” · %2").arg(lane.summary, name);
    return name;
}

void TimelinePainter::paint(QPainter& painter, const QRect& area, const View& view) const
{
    painter.save();
    painter.setClipRect(area);
    painter.setFont(m_font);
    const QColor base = view.dark ? QColor(0x23, 0x25, 0x29) : QColor(0xff, 0xff, 0xff);
    const QColor alternate = view.dark ? QColor(0x2a, 0x2d, 0x32) : QColor(0xf6, 0xf7, 0xf9);
    const QColor text = view.dark ? QColor(0xe6, 0xe6, 0xe6) : QColor(0x20, 0x20, 0x20);
    const QColor rule = view.dark ? QColor(0x44, 0x48, 0x50) : QColor(0xd8, 0xdb, 0xe0);
    painter.fillRect(area, base);
    const auto ticks = axisTicks(area, view);

    // Rows: only those in view.
    const int rowsTop = area.top() + headerHeight();
    const QRect rowsArea(area.left(), rowsTop, area.width(), std::max(0, area.bottom() - rowsTop + 1));
    painter.save();
    painter.setClipRect(rowsArea);
    const int total = int(m_rows.rows().size());
    const int first = std::max(0, view.rowScroll / m_rowHeight);
    const int last = std::min(total - 1, (view.rowScroll + rowsArea.height()) / m_rowHeight);
    const QFontMetrics metrics(m_font);
    for (int row = first; row <= last; ++row) {
        const int y = rowsTop + row * m_rowHeight - view.rowScroll;
        const TimelineRows::Row& r = m_rows.rows()[size_t(row)];
        const bool selected = r.lane >= 0 ? r.lane == view.selectedLane : r.group == view.selectedGroup;
        QColor background = row % 2 ? alternate : base;
        if (selected)
            background = mix(background, stateColor(State::Running, view.dark), view.dark ? 0.30 : 0.18);
        painter.fillRect(QRect(area.left(), y, area.width(), m_rowHeight), background);
        // The label: a group's arrow, a kind's colour dot when grouped lanes show, the name elided.
        int x = area.left() + 6;
        if (r.lane < 0) {
            const bool open = m_rows.options().expanded.count(r.group) > 0;
            painter.setPen(text);
            painter.drawText(QRect(x, y, 14, m_rowHeight), Qt::AlignCenter, open ? QStringLiteral("▾") : QStringLiteral("▸"));
            x += 16;
        } else if (r.group >= 0) {
            x += 16;
        }
        const bool matched = r.lane >= 0 && view.matchedLanes && size_t(r.lane) < view.matchedLanes->size() && (*view.matchedLanes)[size_t(r.lane)];
        if (matched)
            painter.fillRect(QRect(area.left(), y + 2, 4, m_rowHeight - 4), view.dark ? QColor(0xf0, 0xc6, 0x40) : QColor(0xf2, 0xb7, 0x05));
        painter.setPen(text);
        const QString label = metrics.elidedText(rowLabel(row), Qt::ElideRight, m_labelWidth - (x - area.left()) - 8);
        painter.drawText(QRect(x, y, m_labelWidth - (x - area.left()) - 8, m_rowHeight), Qt::AlignVCenter | Qt::AlignLeft, label);
    }
    // The ticks' lines under the bars, then the bars.
    const QRect time = timeArea(area);
    painter.setPen(view.dark ? QColor(0x38, 0x3b, 0x42) : QColor(0xe6, 0xe8, 0xec));
    for (const TimelineTicks::Tick& tick : ticks) {
        const double x = xOf(m_scale.toAxis(tick.real), area, view);
        if (x >= time.left() && x <= time.right())
            painter.drawLine(QPointF(x, rowsTop), QPointF(x, area.bottom()));
    }
    // Folds hold no span, so their breaks go under the bars, and a bar's duration text that runs into one stays legible.
    paintFolds(painter, area, view);
    for (int row = first; row <= last; ++row) {
        const int y = rowsTop + row * m_rowHeight - view.rowScroll;
        const TimelineRows::Row& r = m_rows.rows()[size_t(row)];
        if (r.lane >= 0)
            paintLane(painter, m_timeline.lanes()[size_t(r.lane)], r.lane, y, area, view);
        else
            paintGroup(painter, m_rows.groups()[size_t(r.group)], y, area, view);
    }
    painter.restore();

    // The label column's edge, the header's.
    painter.setPen(rule);
    painter.drawLine(area.left() + m_labelWidth - 1, area.top(), area.left() + m_labelWidth - 1, area.bottom());
    paintAxis(painter, area, view, ticks);
    paintFoldLabels(painter, area, view);
    const QRect band(area.left(), area.top() + m_axisHeight, area.width(), m_markerHeight);
    paintMarkers(painter, band, area, view);
    painter.setPen(rule);
    painter.drawLine(area.left(), rowsTop - 1, area.right(), rowsTop - 1);
    painter.restore();
}

std::vector<TimelineTicks::Tick> TimelinePainter::axisTicks(const QRect& area, const View& view) const
{
    const QRect time = timeArea(area);
    const double pixelsPerMicro = double(time.width()) / double(std::max<int64_t>(1, view.axisTo - view.axisFrom));
    const double spacing = QFontMetrics(m_font).horizontalAdvance(QStringLiteral("00:00:00.000000")) + 16;
    return TimelineTicks::of(m_scale, m_scale.toReal(std::max<int64_t>(0, view.axisFrom)),
                             m_scale.toReal(std::min(m_scale.length(), view.axisTo)), pixelsPerMicro, spacing, view.format,
                             m_timeline.start());
}

void TimelinePainter::paintAxis(QPainter& painter, const QRect& area, const View& view, const std::vector<TimelineTicks::Tick>& ticks) const
{
    const QColor text = view.dark ? QColor(0xc8, 0xc8, 0xc8) : QColor(0x50, 0x50, 0x50);
    const QColor grid = view.dark ? QColor(0x55, 0x5a, 0x64) : QColor(0xc4, 0xc8, 0xd0);
    const QRect band(area.left(), area.top(), area.width(), m_axisHeight);
    painter.fillRect(band, view.dark ? QColor(0x2c, 0x2f, 0x35) : QColor(0xf0, 0xf2, 0xf5));
    const QRect time = timeArea(area);
    const QFontMetrics metrics(m_font);
    for (const TimelineTicks::Tick& tick : ticks) {
        const double x = xOf(m_scale.toAxis(tick.real), area, view);
        if (x < time.left() || x > time.right())
            continue;
        painter.setPen(grid);
        painter.drawLine(QPointF(x, band.bottom() - 4), QPointF(x, band.bottom()));
        const int width = metrics.horizontalAdvance(tick.label);
        if (x + 3 + width > area.right())
            continue; // a label cut by the edge reads wrong
        painter.setPen(text);
        painter.drawText(QRectF(x + 3, band.top(), width + 2, band.height()), Qt::AlignVCenter | Qt::AlignLeft, tick.label);
    }
    painter.setPen(text);
    const QString clock = view.format == TimelineTicks::Format::Utc ? QStringLiteral("UTC")
                          : view.format == TimelineTicks::Format::Local ? QStringLiteral("Local time")
                                                                        : QStringLiteral("Since start");
    painter.fillRect(QRect(area.left(), band.top(), m_labelWidth - 1, band.height()), view.dark ? QColor(0x2c, 0x2f, 0x35) : QColor(0xf0, 0xf2, 0xf5));
    painter.drawText(QRect(area.left() + 6, band.top(), m_labelWidth - 12, band.height()), Qt::AlignVCenter | Qt::AlignLeft, clock);
}

void TimelinePainter::paintMarkers(QPainter& painter, const QRect& band, const QRect& area, const View& view) const
{
    const QColor text = view.dark ? QColor(0xe6, 0xe6, 0xe6) : QColor(0x20, 0x20, 0x20);
    painter.fillRect(band, view.dark ? QColor(0x26, 0x28, 0x2d) : QColor(0xfa, 0xfb, 0xfc));
    painter.setPen(text);
    painter.drawText(QRect(band.left() + 6, band.top(), m_labelWidth - 12, band.height()), Qt::AlignVCenter | Qt::AlignLeft,
                     QStringLiteral("Workflow"));
    const QRect time = timeArea(area);
    painter.save();
    painter.setClipRect(QRect(time.left() - 6, band.top(), time.width() + 12, band.height()));
    // The run itself: a thin bar from start to close (or now).
    const int64_t end = !m_timeline.isClosed() && view.liveNow > m_timeline.end() ? view.liveNow : m_timeline.end();
    const double x0 = clampX(xOf(m_scale.toAxis(m_timeline.start()), area, view), area);
    const double x1 = clampX(xOf(m_scale.toAxis(end), area, view), area);
    const int mid = band.center().y();
    painter.fillRect(QRectF(x0, mid - 1, std::max(1.0, x1 - x0), 3), view.dark ? QColor(0x55, 0x5a, 0x64) : QColor(0xc4, 0xc8, 0xd0));
    // Markers in view, one per pixel column (a problem wins the column).
    const auto& markers = m_timeline.markers();
    const int64_t from = m_scale.toReal(std::max<int64_t>(0, view.axisFrom - (view.axisTo - view.axisFrom) / 100));
    const int64_t to = m_scale.toReal(std::min(m_scale.length(), view.axisTo + (view.axisTo - view.axisFrom) / 100));
    auto it = std::lower_bound(markers.begin(), markers.end(), from, [](const Timeline::Marker& m, int64_t t) { return m.time < t; });
    int lastColumn = INT_MIN;
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (; it != markers.end() && it->time <= to; ++it) {
        const int index = int(it - markers.begin());
        const double x = xOf(m_scale.toAxis(it->time), area, view);
        const int column = int(std::floor(x));
        const bool selected = index == view.selectedMarker;
        const bool matched = view.matchedMarkers && size_t(index) < view.matchedMarkers->size() && (*view.matchedMarkers)[size_t(index)];
        const bool important = it->kind != Timeline::MarkerKind::Signal && it->kind != Timeline::MarkerKind::Marker;
        if (column == lastColumn && !selected && !matched && !important)
            continue;
        lastColumn = column;
        const double r = selected ? 6.0 : 4.5;
        QPainterPath diamond;
        diamond.moveTo(x, mid - r);
        diamond.lineTo(x + r, mid);
        diamond.lineTo(x, mid + r);
        diamond.lineTo(x - r, mid);
        diamond.closeSubpath();
        painter.fillPath(diamond, markerColor(it->kind, view.dark));
        if (selected || matched) {
            painter.setPen(QPen(matched && !selected ? QColor(0xf2, 0xb7, 0x05) : text, 1.5));
            painter.drawPath(diamond);
        }
    }
    painter.restore();
}

void TimelinePainter::paintLane(QPainter& painter, const Timeline::Lane& lane, int laneIndex, int y, const QRect& area,
                                const View& view) const
{
    const QRect time = timeArea(area);
    const int64_t end = endOf(lane, view);
    const double x0 = xOf(m_scale.toAxis(lane.scheduled), area, view);
    const double x1 = xOf(m_scale.toAxis(end), area, view);
    if (x1 < time.left() - 2 && (lane.fireTime < 0 || xOf(m_scale.toAxis(lane.fireTime), area, view) < time.left()))
        return;
    if (x0 > time.right() + 2)
        return;
    painter.save();
    painter.setClipRect(QRect(time.left() - 2, y, time.width() + 4, m_rowHeight));
    const int mid = y + m_rowHeight / 2;
    const QColor color = stateColor(lane.state, view.dark);
    // The lane's whole extent as a thin line: waiting to be picked up, retry backoff, or still open.
    const QColor line = view.dark ? QColor(0x8a, 0x90, 0x9a) : QColor(0x9a, 0xa0, 0xaa);
    QPen linePen(lane.state == State::Pending ? color : line, lane.state == State::Pending ? 2 : 1);
    if (lane.state == State::Pending)
        linePen.setStyle(Qt::DashLine);
    painter.setPen(linePen);
    painter.drawLine(QPointF(clampX(x0, area), mid), QPointF(clampX(std::max(x1, x0 + 1), area), mid));
    // A timer's fire time ahead: an outline to where it will fire.
    if (lane.fireTime > end && Timeline::isOpen(lane.state)) {
        const double xf = xOf(m_scale.toAxis(lane.fireTime), area, view);
        QPen dashed(color, 1, Qt::DashLine);
        painter.setPen(dashed);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(clampX(x1, area), y + 5, std::max(1.0, clampX(xf, area) - clampX(x1, area)), m_rowHeight - 10));
    }
    const bool selected = laneIndex == view.selectedLane;
    const bool matched = view.matchedLanes && size_t(laneIndex) < view.matchedLanes->size() && (*view.matchedLanes)[size_t(laneIndex)];
    const Timeline::Segment* segments = m_timeline.segmentsOf(lane);
    // A lane of thousands of workflow tasks: segments sorted by time, the visible ones found by binary search.
    const Timeline::Segment* firstSegment = segments;
    const Timeline::Segment* lastSegment = segments + lane.segmentCount;
    if (lane.segmentCount > 64) {
        const int64_t from = m_scale.toReal(std::max<int64_t>(0, view.axisFrom));
        firstSegment = std::lower_bound(segments, lastSegment, from, [](const Timeline::Segment& s, int64_t t) { return s.end < t; });
    }
    double lastRight = -1e9;
    for (const Timeline::Segment* s = firstSegment; s != lastSegment; ++s) {
        const int64_t segmentEnd = (s + 1 == segments + lane.segmentCount && Timeline::isOpen(s->state)) ? std::max(s->end, end) : s->end;
        const double sx0 = xOf(m_scale.toAxis(s->start), area, view);
        if (sx0 > time.right() + 2)
            break;
        const double sx1 = std::max(sx0 + 2.0, xOf(m_scale.toAxis(segmentEnd), area, view)); // at least 2 px: short attempts stay visible
        if (sx1 < time.left() - 2 || sx1 <= lastRight)
            continue;
        lastRight = std::floor(sx1) == std::floor(lastRight) ? lastRight : sx1;
        const QRectF bar(clampX(sx0, area), y + 4, clampX(sx1, area) - clampX(sx0, area), m_rowHeight - 8);
        QColor fill = stateColor(s->state, view.dark);
        if (s->estimated)
            fill.setAlpha(110);
        painter.fillRect(bar, fill);
        if (s->estimated || selected || matched) {
            QPen pen(selected ? (view.dark ? QColor(Qt::white) : QColor(Qt::black)) : matched ? QColor(0xf2, 0xb7, 0x05) : fill.darker(130),
                     selected || matched ? 1.5 : 1, s->estimated && !selected && !matched ? Qt::DashLine : Qt::SolidLine);
            painter.setPen(pen);
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(bar);
        }
    }
    painter.restore();
    // The duration after the bar, where there is room.
    if (lane.kind != Timeline::LaneKind::WorkflowTask && x1 < time.right() - 40 && x1 >= time.left()) {
        const QString duration = TimelineTicks::duration(end - lane.scheduled);
        painter.setPen(view.dark ? QColor(0xa8, 0xac, 0xb4) : QColor(0x6a, 0x70, 0x78));
        painter.drawText(QRectF(x1 + 5, y, time.right() - x1 - 5, m_rowHeight), Qt::AlignVCenter | Qt::AlignLeft, duration);
    }
}

// A closed group's row: every lane of it in one row, each pixel column in the colour of the most serious state
// found there.
void TimelinePainter::paintGroup(QPainter& painter, const TimelineRows::Group& group, int y, const QRect& area, const View& view) const
{
    const QRect time = timeArea(area);
    const int width = time.width() + 1;
    if (width <= 0)
        return;
    std::vector<uint8_t> column(size_t(width), 0);
    std::vector<uint8_t> waiting(size_t(width), 0);
    const int64_t from = m_scale.toReal(std::max<int64_t>(0, view.axisFrom));
    const int64_t to = m_scale.toReal(std::min(m_scale.length(), view.axisTo));
    auto columns = [&](int64_t a, int64_t b) {
        const double xa = xOf(m_scale.toAxis(a), area, view) - time.left();
        const double xb = xOf(m_scale.toAxis(b), area, view) - time.left();
        const int c0 = std::clamp(int(std::floor(xa)), 0, width - 1);
        const int c1 = std::clamp(int(std::ceil(xb)), c0 + 1, width);
        return std::pair<int, int>(c0, c1);
    };
    for (const int laneIndex : group.lanes) {
        const Timeline::Lane& lane = m_timeline.lanes()[size_t(laneIndex)];
        const int64_t end = endOf(lane, view);
        if (end < from || lane.scheduled > to)
            continue;
        const auto [w0, w1] = columns(lane.scheduled, end);
        for (int c = w0; c < w1; ++c)
            waiting[size_t(c)] = 1;
        const Timeline::Segment* segments = m_timeline.segmentsOf(lane);
        for (uint32_t s = 0; s < lane.segmentCount; ++s) {
            const int64_t segmentEnd = (s + 1 == lane.segmentCount && Timeline::isOpen(segments[s].state)) ? std::max(segments[s].end, end) : segments[s].end;
            if (segmentEnd < from || segments[s].start > to)
                continue;
            const auto [c0, c1] = columns(segments[s].start, segmentEnd);
            const uint8_t p = uint8_t(priority(segments[s].state));
            for (int c = c0; c < c1; ++c)
                column[size_t(c)] = std::max(column[size_t(c)], p);
        }
    }
    const int mid = y + m_rowHeight / 2;
    const QColor line = view.dark ? QColor(0x8a, 0x90, 0x9a) : QColor(0x9a, 0xa0, 0xaa);
    for (int c = 0; c < width;) {
        int e = c + 1;
        while (e < width && column[size_t(e)] == column[size_t(c)] && waiting[size_t(e)] == waiting[size_t(c)])
            ++e;
        if (column[size_t(c)])
            painter.fillRect(QRect(time.left() + c, y + 4, e - c, m_rowHeight - 8), stateColor(kStateOfPriority[column[size_t(c)]], view.dark));
        else if (waiting[size_t(c)])
            painter.fillRect(QRect(time.left() + c, mid, e - c, 1), line);
        c = e;
    }
}

void TimelinePainter::paintFolds(QPainter& painter, const QRect& area, const View& view) const
{
    if (m_scale.folds().empty())
        return;
    const QRect time = timeArea(area);
    const QColor band = view.dark ? QColor(0x30, 0x33, 0x3a) : QColor(0xec, 0xee, 0xf2);
    const QColor edge = view.dark ? QColor(0x70, 0x76, 0x80) : QColor(0xa8, 0xae, 0xb8);
    for (const TimelineScale::Fold& fold : m_scale.folds()) {
        const double x0 = xOf(m_scale.toAxis(fold.start), area, view);
        const double x1 = xOf(m_scale.toAxis(fold.end), area, view);
        if (x1 < time.left() || x0 > time.right())
            continue;
        const QRectF strip(clampX(x0, area), area.top() + headerHeight(), std::max(2.0, clampX(x1, area) - clampX(x0, area)),
                           area.height() - headerHeight());
        QColor fill = band;
        fill.setAlpha(200);
        painter.fillRect(strip, fill);
        // A break mark: two zigzag edges.
        painter.setPen(QPen(edge, 1));
        for (const double x : {strip.left(), strip.right()}) {
            QPainterPath zigzag;
            zigzag.moveTo(x, strip.top());
            bool left = true;
            for (double yy = strip.top(); yy < strip.bottom(); yy += 6, left = !left)
                zigzag.lineTo(x + (left ? -2 : 2), yy + 6);
            painter.drawPath(zigzag);
        }
    }
}

// Each fold's length on the axis, over its break.
void TimelinePainter::paintFoldLabels(QPainter& painter, const QRect& area, const View& view) const
{
    const QRect time = timeArea(area);
    const QFontMetrics metrics(m_font);
    const QColor fill = view.dark ? QColor(0x30, 0x33, 0x3a) : QColor(0xe2, 0xe5, 0xea);
    const QColor text = view.dark ? QColor(0xe0, 0xe0, 0xe0) : QColor(0x30, 0x30, 0x30);
    for (const TimelineScale::Fold& fold : m_scale.folds()) {
        const double x0 = xOf(m_scale.toAxis(fold.start), area, view);
        const double x1 = xOf(m_scale.toAxis(fold.end), area, view);
        if (x1 < time.left() || x0 > time.right())
            continue;
        const QString length = QStringLiteral("⋯ %1 ⋯").arg(TimelineTicks::duration(fold.end - fold.start));
        const double width = metrics.horizontalAdvance(length) + 8;
        const QRectF box((x0 + x1) / 2 - width / 2, area.top() + 2, width, m_axisHeight - 4);
        painter.fillRect(box, fill);
        painter.setPen(text);
        painter.drawText(box, Qt::AlignCenter, length);
    }
}

TimelinePainter::Hit TimelinePainter::hitTest(const QPoint& point, const QRect& area, const View& view) const
{
    Hit hit;
    if (!area.contains(point))
        return hit;
    const QRect time = timeArea(area);
    const int rowsTop = area.top() + headerHeight();
    const int64_t axis = axisAt(point.x(), area, view);
    const int64_t tolerance = axisAt(point.x() + 4, area, view) - axis;
    if (point.y() >= area.top() + m_axisHeight && point.y() < rowsTop) {
        // The nearest marker within a few pixels.
        const auto& markers = m_timeline.markers();
        const int64_t lo = m_scale.toReal(std::max<int64_t>(0, axis - tolerance));
        const int64_t hi = m_scale.toReal(axis + tolerance);
        auto it = std::lower_bound(markers.begin(), markers.end(), lo, [](const Timeline::Marker& m, int64_t t) { return m.time < t; });
        double best = 1e9;
        for (; it != markers.end() && it->time <= hi; ++it) {
            const double distance = std::abs(xOf(m_scale.toAxis(it->time), area, view) - point.x());
            if (distance < best) {
                best = distance;
                hit.marker = int(it - markers.begin());
            }
        }
        return hit;
    }
    if (point.y() < rowsTop)
        return hit;
    const int row = (point.y() - rowsTop + view.rowScroll) / m_rowHeight;
    if (row < 0 || row >= int(m_rows.rows().size()))
        return hit;
    hit.row = row;
    const TimelineRows::Row& r = m_rows.rows()[size_t(row)];
    hit.group = r.group;
    if (r.lane < 0) {
        hit.groupToggle = point.x() < area.left() + 24;
        if (point.x() >= time.left()) {
            // The lane of the group whose attempt (or extent) is nearest the pointer.
            const int64_t real = m_scale.toReal(std::max<int64_t>(0, axis));
            const int64_t slack = m_scale.toReal(std::max<int64_t>(0, axis + tolerance)) - real;
            for (const int laneIndex : m_rows.groups()[size_t(r.group)].lanes) {
                const Timeline::Lane& lane = m_timeline.lanes()[size_t(laneIndex)];
                if (real + slack >= lane.scheduled && real - slack <= endOf(lane, view)) {
                    hit.lane = laneIndex;
                    if (lane.started >= 0 && real >= lane.started)
                        break; // a running attempt beats a waiting one
                }
            }
        }
        return hit;
    }
    hit.lane = r.lane;
    const Timeline::Lane& lane = m_timeline.lanes()[size_t(r.lane)];
    const int64_t real = m_scale.toReal(std::max<int64_t>(0, axis));
    const Timeline::Segment* segments = m_timeline.segmentsOf(lane);
    for (uint32_t s = 0; s < lane.segmentCount; ++s) {
        const double x0 = xOf(m_scale.toAxis(segments[s].start), area, view);
        const double x1 = std::max(x0 + 2, xOf(m_scale.toAxis(segments[s].end), area, view));
        if (point.x() >= x0 - 2 && point.x() <= x1 + 2) {
            hit.segment = int(lane.firstSegment + s);
            if (real <= segments[s].end)
                break;
        }
    }
    return hit;
}

QString TimelinePainter::toolTip(const Hit& hit, const View& view) const
{
    auto escape = [](const QString& s) { return s.toHtmlEscaped(); };
    if (hit.marker >= 0) {
        const Timeline::Marker& marker = m_timeline.markers()[size_t(hit.marker)];
        return QStringLiteral("<b>%1</b>%2<br>%3 after the start")
            .arg(escape(Timeline::markerName(marker.kind)),
                 marker.kind == Timeline::MarkerKind::Signal || marker.kind == Timeline::MarkerKind::Marker ? QStringLiteral(" ") + escape(marker.label) : QString(),
                 TimelineTicks::duration(marker.time - m_timeline.start()));
    }
    if (hit.lane < 0 && hit.group >= 0 && hit.row >= 0)
        return escape(rowLabel(hit.row));
    if (hit.lane < 0)
        return {};
    const Timeline::Lane& lane = m_timeline.lanes()[size_t(hit.lane)];
    const int64_t end = endOf(lane, view);
    QString tip = QStringLiteral("<b>%1</b> %2").arg(escape(Timeline::kindName(lane.kind)), escape(lane.name));
    if (!lane.id.isEmpty() && lane.id != lane.name)
        tip += QStringLiteral(" (%1)").arg(escape(lane.id));
    if (!lane.summary.isEmpty())
        tip += QStringLiteral("<br><i>%1</i>").arg(escape(lane.summary));
    tip += QStringLiteral("<br>%1 · %2%3").arg(Timeline::stateName(lane.state), TimelineTicks::duration(end - lane.scheduled),
                                               Timeline::isOpen(lane.state) ? QStringLiteral(" so far") : QString());
    if (lane.started > lane.scheduled && lane.kind != Timeline::LaneKind::WorkflowTask)
        tip += QStringLiteral("<br>waited %1 to start").arg(TimelineTicks::duration(lane.started - lane.scheduled));
    if (lane.kind == Timeline::LaneKind::WorkflowTask)
        tip += QStringLiteral("<br>%1 workflow tasks").arg(lane.attempts);
    else if (lane.attempts > 1)
        tip += QStringLiteral("<br>%1 attempts (earlier ones estimated from the retry policy)").arg(lane.attempts);
    if (lane.fireTime >= 0)
        tip += QStringLiteral("<br>fires %1 after it started").arg(TimelineTicks::duration(lane.fireTime - lane.scheduled));
    if (hit.segment >= 0 && lane.kind == Timeline::LaneKind::WorkflowTask) {
        const Timeline::Segment& segment = m_timeline.segments()[size_t(hit.segment)];
        tip += QStringLiteral("<br>this task: %1, %2").arg(Timeline::stateName(segment.state), TimelineTicks::duration(segment.end - segment.start));
    }
    if (!lane.failure.isEmpty())
        tip += QStringLiteral("<br><span style='color:%1'>%2</span>").arg(stateColor(State::Failed, view.dark).name(), escape(lane.failure.left(300)));
    return tip;
}

} // namespace hl
