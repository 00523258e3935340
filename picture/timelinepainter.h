#pragma once

#include "timeline/timelinerows.h"
#include "timeline/timelinescale.h"
#include "timeline/timelineticks.h"

#include <QColor>
#include <QFont>
#include <QPoint>
#include <QRect>

#include <vector>

class QPainter;

namespace hl {

// Draws a timeline with QPainter, on a widget, an image or an SVG alike: the time axis at the top, the workflow's
// own markers below it, then a row per lane (or group of lanes) with its label on the left. Only what falls inside
// the visible rows and times is drawn, so a frame costs the same at 50 lanes and at 17,000.
class TimelinePainter {
public:
    struct View {
        int64_t axisFrom = 0; // the visible stretch of the scale's axis
        int64_t axisTo = 1;
        int rowScroll = 0;     // pixels the rows are scrolled up
        int selectedLane = -1;
        int selectedMarker = -1;
        int selectedGroup = -1;
        const std::vector<char>* matchedLanes = nullptr;   // by lane: a search found one of its events
        const std::vector<char>* matchedMarkers = nullptr; // by marker
        int64_t liveNow = -1; // while following: open lanes grow to this time
        TimelineTicks::Format format = TimelineTicks::Format::Utc;
        bool dark = false;
    };
    struct Hit {
        int row = -1;
        int lane = -1;
        int group = -1;  // a group's row (lane -1), or the group of the lane hit
        int marker = -1;
        int segment = -1; // index into the timeline's segments
        bool groupToggle = false; // the open/close arrow of a group's row
    };

    TimelinePainter(const TimelineRows& rows, const TimelineScale& scale, const QFont& font);

    int labelWidth() const { return m_labelWidth; }
    void setLabelWidth(int width) { m_labelWidth = width; }
    int rowHeight() const { return m_rowHeight; }
    int headerHeight() const { return m_axisHeight + m_markerHeight; }
    // Height of every row, and of the whole picture (header and rows).
    int rowsHeight() const { return int(m_rows.rows().size()) * m_rowHeight; }
    int fullHeight() const { return headerHeight() + rowsHeight(); }

    void paint(QPainter& painter, const QRect& area, const View& view) const;
    Hit hitTest(const QPoint& point, const QRect& area, const View& view) const;

    // The part of `area` where time runs (right of the labels), and conversions between its x and the axis.
    QRect timeArea(const QRect& area) const;
    double xOf(int64_t axis, const QRect& area, const View& view) const;
    int64_t axisAt(double x, const QRect& area, const View& view) const;

    static QColor stateColor(Timeline::State state, bool dark);
    static QColor markerColor(Timeline::MarkerKind kind, bool dark);
    // "ChargeCard · “Charge the card”", "timer approval-reminder", "ChargeCard × 3,412 · 12 failed"
    QString rowLabel(int row) const;
    // The tooltip of a hit: type, state, duration, attempts, summary, failure.
    QString toolTip(const Hit& hit, const View& view) const;

private:
    std::vector<TimelineTicks::Tick> axisTicks(const QRect& area, const View& view) const;
    void paintAxis(QPainter& painter, const QRect& area, const View& view, const std::vector<TimelineTicks::Tick>& ticks) const;
    void paintMarkers(QPainter& painter, const QRect& band, const QRect& area, const View& view) const;
    void paintLane(QPainter& painter, const Timeline::Lane& lane, int laneIndex, int y, const QRect& area, const View& view) const;
    void paintGroup(QPainter& painter, const TimelineRows::Group& group, int y, const QRect& area, const View& view) const;
    void paintFolds(QPainter& painter, const QRect& area, const View& view) const;
    void paintFoldLabels(QPainter& painter, const QRect& area, const View& view) const;
    int64_t endOf(const Timeline::Lane& lane, const View& view) const;

    const TimelineRows& m_rows;
    const Timeline& m_timeline;
    const TimelineScale& m_scale;
    QFont m_font;
    int m_rowHeight;
    int m_axisHeight;
    int m_markerHeight;
    int m_labelWidth = 240;
};

} // namespace hl
