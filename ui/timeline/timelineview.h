#pragma once

#ifndef Q_MOC_RUN
#include "picture/timelinepainter.h"
#include "timeline/timeline.h"
#include "timeline/timelinerows.h"
#include "timeline/timelinescale.h"
#endif

#include <QAbstractScrollArea>

#include <memory>
#include <vector>

namespace hl {

// A timeline on screen: lanes over time, drawn by TimelinePainter for the rows and times in view only. The wheel
// zooms around the pointer (over the labels it scrolls), dragging pans, Shift+wheel pans in time; arrows, +/-,
// Home/End and F from the keyboard. A click selects a lane or marker and reports its event; a group's arrow opens it.
class TimelineView : public QAbstractScrollArea {
    Q_OBJECT

public:
    explicit TimelineView(QWidget* parent = nullptr);
    ~TimelineView() override;

    // A new timeline for this tab; the visible time range is kept when the new one continues the old (a page came).
    void setTimeline(std::shared_ptr<const Timeline> timeline);
    const std::shared_ptr<const Timeline>& timeline() const { return m_timeline; }
    const TimelineRows& rows() const { return m_rows; }
    const TimelineScale& scale() const { return m_scale; }
    const TimelinePainter::View& viewState() const { return m_view; }

    void setCollapseIdle(bool collapse);
    bool collapsesIdle() const { return m_collapseIdle; }
    void setWorkflowTasksShown(bool shown);
    // Grouped by type: automatic past TimelineRows::kGroupAt lanes until the user chooses.
    void setGrouped(bool grouped);
    bool isGrouped() const { return m_rows.options().grouped; }
    void setGroupExpanded(int group, bool expanded);
    void setTimeFormat(TimelineTicks::Format format);
    // While set, open lanes grow to the clock's now (a frontend's running workflow).
    void setLiveNow(int64_t now);

    // The whole history in view; zoom around an axis point; the visible range.
    void fit();
    void zoom(double factor, int64_t aroundAxis);
    void zoomAt(double factor, int x);
    void setVisibleRange(int64_t axisFrom, int64_t axisTo);
    void panBy(int64_t axisDelta);
    void zoomToSelection();

    // Selection: the lane or marker of an event (from the tree); scrolls it into view. -1 clears.
    void selectEvent(int eventIndex);
    int selectedLane() const { return m_view.selectedLane; }
    int selectedMarker() const { return m_view.selectedMarker; }
    // The events a search found: their lanes and markers are outlined.
    void setMatches(const std::vector<int>& eventIndexes);

    // The painter's hit test at a viewport point, and the point of a lane's middle (for tests).
    TimelinePainter::Hit hitAt(const QPoint& viewportPoint) const;
    QPoint pointOfLane(int lane) const;
    int64_t axisAtX(int x) const;
    // Tall enough for every row (a panel takes no more than that).
    int preferredHeight() const;
    // Lanes drawn (the workflow tasks' only when shown).
    int shownLaneCount() const;
    int xOfAxis(int64_t axis) const;
    QFont pictureFont() const { return font(); }
    int labelWidth() const { return m_labelWidth; }
    // Nanoseconds the last paint took (for the benchmark).
    qint64 lastPaintNanos() const { return m_lastPaintNanos; }

Q_SIGNALS:
    // A lane, a workflow task or a marker was clicked: the event to show (a lane's first, a task's own).
    void eventActivated(int eventIndex);
    void rangeChanged();
    void groupedChanged(bool grouped);
    // The rows changed (a new timeline, grouping, a group opened or closed): preferredHeight() may have.
    void rowsChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    // The rows (and their painter) for these options; the workflow tasks' lane as set here.
    void rebuildRows(TimelineRows::Options options);
    void rebuildScale();
    void updateScrollBars();
    void clampRange();
    void scrollToRow(int row);
    void selectRow(int row);
    TimelinePainter::View paintView() const;
    QRect pictureRect() const;

    std::shared_ptr<const Timeline> m_timeline;
    TimelineRows m_rows;
    TimelineScale m_scale;
    std::unique_ptr<TimelinePainter> m_painter;
    TimelinePainter::View m_view;
    std::vector<char> m_matchedLanes;
    std::vector<char> m_matchedMarkers;
    std::vector<int> m_matchEvents;
    bool m_collapseIdle = false;
    bool m_workflowTasks = false;
    bool m_groupChosen = false; // the user chose grouping; no longer automatic
    int m_labelWidth = 240;
    bool m_dragging = false;
    QPoint m_dragStart;
    int64_t m_dragAxisFrom = 0;
    int m_dragRowScroll = 0;
    bool m_dragMoved = false;
    bool m_updatingScrollBars = false;
    qint64 m_lastPaintNanos = 0;
};

} // namespace hl
