#include "ui/timeline/timelineview.h"

#include <QElapsedTimer>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace hl {

namespace {

constexpr int64_t kMinimumSpan = 100;       // µs across the whole width: deeper than a millisecond
constexpr int kScrollSteps = 10000;         // the horizontal scroll bar's resolution

} // namespace

TimelineView::TimelineView(QWidget* parent) : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    horizontalScrollBar()->setRange(0, 0);
    setMinimumHeight(120);
    setToolTip(QString()); // tooltips come from viewportEvent
}

TimelineView::~TimelineView() = default;

void TimelineView::setTimeline(std::shared_ptr<const Timeline> timeline)
{
    const bool continues = m_timeline && timeline && m_timeline->start() == timeline->start() && !m_timeline->isEmpty();
    const int64_t oldLength = m_scale.length();
    const bool wasWhole = m_view.axisFrom <= 0 && m_view.axisTo >= oldLength;
    m_timeline = std::move(timeline);
    TimelineRows::Options options = m_rows.options();
    if (!m_groupChosen && m_timeline)
        options.grouped = int(m_timeline->lanes().size()) > TimelineRows::kGroupAt;
    rebuildScale();
    rebuildRows(std::move(options));
    if (!continues || wasWhole)
        fit();
    else
        clampRange();
    // The selection and matches follow the new lanes.
    setMatches(m_matchEvents);
    updateScrollBars();
    viewport()->update();
}

void TimelineView::rebuildScale()
{
    if (!m_timeline) {
        m_scale = TimelineScale();
        return;
    }
    m_scale = m_collapseIdle ? TimelineScale::collapsingIdle(*m_timeline, m_workflowTasks)
                             : TimelineScale(m_timeline->start(), std::max(m_timeline->end(), m_timeline->start() + 1000));
}

void TimelineView::rebuildRows(TimelineRows::Options options)
{
    options.workflowTasks = m_workflowTasks;
    m_rows = TimelineRows(m_timeline, options);
    m_painter = m_timeline ? std::make_unique<TimelinePainter>(m_rows, m_scale, font()) : nullptr;
    if (m_painter)
        m_painter->setLabelWidth(m_labelWidth);
    updateScrollBars();
    viewport()->update();
    Q_EMIT rowsChanged();
}

void TimelineView::setCollapseIdle(bool collapse)
{
    if (collapse == m_collapseIdle)
        return;
    // The same real times stay in view.
    const int64_t from = m_scale.toReal(std::max<int64_t>(0, m_view.axisFrom));
    const int64_t to = m_scale.toReal(std::min(m_scale.length(), m_view.axisTo));
    const bool whole = m_view.axisFrom <= 0 && m_view.axisTo >= m_scale.length();
    m_collapseIdle = collapse;
    rebuildScale();
    rebuildRows(m_rows.options());
    if (whole)
        fit();
    else
        setVisibleRange(m_scale.toAxis(from), m_scale.toAxis(to));
}

void TimelineView::setWorkflowTasksShown(bool shown)
{
    if (shown == m_workflowTasks)
        return;
    m_workflowTasks = shown;
    if (m_collapseIdle)
        rebuildScale();
    rebuildRows(m_rows.options());
}

void TimelineView::setGrouped(bool grouped)
{
    m_groupChosen = true;
    if (grouped == m_rows.options().grouped)
        return;
    TimelineRows::Options options = m_rows.options();
    options.grouped = grouped;
    options.expanded.clear();
    rebuildRows(std::move(options));
    Q_EMIT groupedChanged(grouped);
}

void TimelineView::setGroupExpanded(int group, bool expanded)
{
    TimelineRows::Options options = m_rows.options();
    if (expanded)
        options.expanded.insert(group);
    else
        options.expanded.erase(group);
    rebuildRows(std::move(options));
}

void TimelineView::setTimeFormat(TimelineTicks::Format format)
{
    m_view.format = format;
    viewport()->update();
}

void TimelineView::setLiveNow(int64_t now)
{
    m_view.liveNow = now;
    viewport()->update();
}

QRect TimelineView::pictureRect() const
{
    return viewport()->rect();
}

TimelinePainter::View TimelineView::paintView() const
{
    TimelinePainter::View view = m_view;
    view.matchedLanes = &m_matchedLanes;
    view.matchedMarkers = &m_matchedMarkers;
    view.dark = palette().color(QPalette::Base).lightness() < 128;
    return view;
}

void TimelineView::fit()
{
    const int64_t length = std::max<int64_t>(m_scale.length(), 1000);
    const int64_t margin = length / 100;
    m_view.axisFrom = -margin;
    m_view.axisTo = length + margin;
    updateScrollBars();
    viewport()->update();
    Q_EMIT rangeChanged();
}

void TimelineView::clampRange()
{
    const int64_t length = std::max<int64_t>(m_scale.length(), 1000);
    const int64_t margin = length / 100;
    int64_t span = std::clamp<int64_t>(m_view.axisTo - m_view.axisFrom, kMinimumSpan, length + 2 * margin);
    int64_t from = std::clamp<int64_t>(m_view.axisFrom, -margin, length + margin - span);
    m_view.axisFrom = from;
    m_view.axisTo = from + span;
}

void TimelineView::setVisibleRange(int64_t axisFrom, int64_t axisTo)
{
    m_view.axisFrom = axisFrom;
    m_view.axisTo = std::max(axisTo, axisFrom + kMinimumSpan);
    clampRange();
    updateScrollBars();
    viewport()->update();
    Q_EMIT rangeChanged();
}

void TimelineView::zoom(double factor, int64_t aroundAxis)
{
    const double span = double(m_view.axisTo - m_view.axisFrom);
    const double newSpan = std::max(double(kMinimumSpan), span / factor);
    // The time under `aroundAxis` stays where it is on screen.
    const double share = span > 0 ? double(aroundAxis - m_view.axisFrom) / span : 0.5;
    const int64_t from = aroundAxis - int64_t(std::llround(share * newSpan));
    setVisibleRange(from, from + int64_t(std::llround(newSpan)));
}

void TimelineView::zoomAt(double factor, int x)
{
    zoom(factor, axisAtX(x));
}

void TimelineView::panBy(int64_t axisDelta)
{
    setVisibleRange(m_view.axisFrom + axisDelta, m_view.axisTo + axisDelta);
}

int64_t TimelineView::axisAtX(int x) const
{
    return m_painter ? m_painter->axisAt(x, pictureRect(), m_view) : 0;
}

int TimelineView::preferredHeight() const
{
    const int header = m_painter ? m_painter->headerHeight() : 48;
    const int rows = m_painter ? m_painter->rowsHeight() : 0;
    return header + rows + horizontalScrollBar()->sizeHint().height() + 2 * frameWidth() + 4;
}

int TimelineView::shownLaneCount() const
{
    if (!m_timeline)
        return 0;
    int count = 0;
    for (const Timeline::Lane& lane : m_timeline->lanes())
        count += lane.kind != Timeline::LaneKind::WorkflowTask || m_workflowTasks;
    return count;
}

int TimelineView::xOfAxis(int64_t axis) const
{
    return m_painter ? int(std::lround(m_painter->xOf(axis, pictureRect(), m_view))) : 0;
}

void TimelineView::zoomToSelection()
{
    if (!m_timeline)
        return;
    int64_t from = -1, to = -1;
    if (m_view.selectedLane >= 0) {
        const Timeline::Lane& lane = m_timeline->lanes()[size_t(m_view.selectedLane)];
        from = lane.scheduled;
        to = std::max(lane.end, lane.fireTime);
    } else if (m_view.selectedMarker >= 0) {
        from = to = m_timeline->markers()[size_t(m_view.selectedMarker)].time;
    } else {
        return;
    }
    const int64_t a = m_scale.toAxis(from), b = m_scale.toAxis(to);
    const int64_t margin = std::max<int64_t>((b - a) / 10, 500);
    setVisibleRange(a - margin, b + margin);
}

void TimelineView::selectEvent(int eventIndex)
{
    if (!m_timeline)
        return;
    const int lane = m_timeline->laneOfEvent(eventIndex);
    const int marker = lane < 0 ? m_timeline->markerOfEvent(eventIndex) : -1;
    if (lane >= 0 && m_timeline->lanes()[size_t(lane)].kind == Timeline::LaneKind::WorkflowTask && !m_workflowTasks) {
        m_view.selectedLane = -1;
        m_view.selectedMarker = -1;
        viewport()->update();
        return;
    }
    m_view.selectedLane = lane;
    m_view.selectedMarker = marker;
    m_view.selectedGroup = -1;
    if (lane >= 0) {
        const int row = m_rows.rowOfLane(lane);
        if (row >= 0 && m_rows.rows()[size_t(row)].lane < 0)
            m_view.selectedGroup = m_rows.rows()[size_t(row)].group;
        scrollToRow(row);
        // Horizontally: the lane into view, keeping the zoom unless it is longer than the view.
        const Timeline::Lane& l = m_timeline->lanes()[size_t(lane)];
        int64_t a = m_scale.toAxis(l.scheduled), b = m_scale.toAxis(l.end);
        if (l.kind == Timeline::LaneKind::WorkflowTask) {
            const Timeline::Segment* segments = m_timeline->segmentsOf(l);
            for (uint32_t s = 0; s < l.segmentCount; ++s) {
                if (segments[s].event <= eventIndex)
                    a = m_scale.toAxis(segments[s].start), b = m_scale.toAxis(segments[s].end);
            }
        }
        const int64_t span = m_view.axisTo - m_view.axisFrom;
        if (b < m_view.axisFrom || a > m_view.axisTo) {
            if (b - a > span)
                setVisibleRange(a - (b - a) / 10, b + (b - a) / 10);
            else
                panBy((a + b) / 2 - (m_view.axisFrom + span / 2));
        }
    } else if (marker >= 0) {
        const int64_t at = m_scale.toAxis(m_timeline->markers()[size_t(marker)].time);
        if (at < m_view.axisFrom || at > m_view.axisTo)
            panBy(at - (m_view.axisFrom + m_view.axisTo) / 2);
    }
    viewport()->update();
}

void TimelineView::setMatches(const std::vector<int>& eventIndexes)
{
    m_matchEvents = eventIndexes;
    m_matchedLanes.assign(m_timeline ? m_timeline->lanes().size() : 0, 0);
    m_matchedMarkers.assign(m_timeline ? m_timeline->markers().size() : 0, 0);
    if (m_timeline) {
        for (const int event : eventIndexes) {
            if (const int lane = m_timeline->laneOfEvent(event); lane >= 0)
                m_matchedLanes[size_t(lane)] = 1;
            else if (const int marker = m_timeline->markerOfEvent(event); marker >= 0)
                m_matchedMarkers[size_t(marker)] = 1;
        }
    }
    viewport()->update();
}

void TimelineView::scrollToRow(int row)
{
    if (row < 0 || !m_painter)
        return;
    const int top = row * m_painter->rowHeight();
    const int visible = viewport()->height() - m_painter->headerHeight();
    if (top < m_view.rowScroll)
        verticalScrollBar()->setValue(top);
    else if (top + m_painter->rowHeight() > m_view.rowScroll + visible)
        verticalScrollBar()->setValue(top + m_painter->rowHeight() - visible);
}

void TimelineView::selectRow(int row)
{
    if (row < 0 || row >= int(m_rows.rows().size()))
        return;
    const TimelineRows::Row& r = m_rows.rows()[size_t(row)];
    if (r.lane >= 0) {
        m_view.selectedLane = r.lane;
        m_view.selectedGroup = -1;
        m_view.selectedMarker = -1;
        scrollToRow(row);
        viewport()->update();
        Q_EMIT eventActivated(m_timeline->lanes()[size_t(r.lane)].firstEvent);
    } else {
        m_view.selectedLane = -1;
        m_view.selectedMarker = -1;
        m_view.selectedGroup = r.group;
        scrollToRow(row);
        viewport()->update();
    }
}

TimelinePainter::Hit TimelineView::hitAt(const QPoint& viewportPoint) const
{
    return m_painter ? m_painter->hitTest(viewportPoint, pictureRect(), m_view) : TimelinePainter::Hit{};
}

QPoint TimelineView::pointOfLane(int lane) const
{
    if (!m_painter || !m_timeline)
        return {};
    const int row = m_rows.rowOfLane(lane);
    const Timeline::Lane& l = m_timeline->lanes()[size_t(lane)];
    const int64_t start = l.started >= 0 ? l.started : l.scheduled;
    const int64_t mid = m_scale.toAxis(start) + (m_scale.toAxis(std::max(l.end, start)) - m_scale.toAxis(start)) / 2;
    return {xOfAxis(mid), m_painter->headerHeight() + row * m_painter->rowHeight() - m_view.rowScroll + m_painter->rowHeight() / 2};
}

void TimelineView::updateScrollBars()
{
    m_updatingScrollBars = true;
    QScrollBar* vertical = verticalScrollBar();
    const int rowsVisible = m_painter ? viewport()->height() - m_painter->headerHeight() : 0;
    const int rowsHeight = m_painter ? m_painter->rowsHeight() : 0;
    vertical->setRange(0, std::max(0, rowsHeight - rowsVisible));
    vertical->setPageStep(std::max(1, rowsVisible));
    vertical->setSingleStep(m_painter ? m_painter->rowHeight() : 20);
    m_view.rowScroll = std::clamp(m_view.rowScroll, 0, vertical->maximum());
    vertical->setValue(m_view.rowScroll);
    QScrollBar* horizontal = horizontalScrollBar();
    const int64_t length = std::max<int64_t>(m_scale.length(), 1000);
    const int64_t margin = length / 100;
    const int64_t room = length + 2 * margin - (m_view.axisTo - m_view.axisFrom);
    if (room <= 0) {
        horizontal->setRange(0, 0);
    } else {
        horizontal->setRange(0, kScrollSteps);
        horizontal->setPageStep(int(std::clamp<double>(double(m_view.axisTo - m_view.axisFrom) / double(room) * kScrollSteps, 1, kScrollSteps)));
        horizontal->setSingleStep(std::max(1, horizontal->pageStep() / 10));
        horizontal->setValue(int(std::llround(double(m_view.axisFrom + margin) / double(room) * kScrollSteps)));
    }
    m_updatingScrollBars = false;
}

void TimelineView::scrollContentsBy(int, int)
{
    if (m_updatingScrollBars)
        return;
    m_view.rowScroll = verticalScrollBar()->value();
    const QScrollBar* horizontal = horizontalScrollBar();
    if (horizontal->maximum() > 0) {
        const int64_t length = std::max<int64_t>(m_scale.length(), 1000);
        const int64_t margin = length / 100;
        const int64_t span = m_view.axisTo - m_view.axisFrom;
        const int64_t room = length + 2 * margin - span;
        m_view.axisFrom = -margin + int64_t(double(horizontal->value()) / kScrollSteps * double(room));
        m_view.axisTo = m_view.axisFrom + span;
        Q_EMIT rangeChanged();
    }
    viewport()->update();
}

void TimelineView::paintEvent(QPaintEvent*)
{
    QElapsedTimer timer;
    timer.start();
    QPainter painter(viewport());
    if (!m_painter) {
        painter.fillRect(viewport()->rect(), palette().color(QPalette::Base));
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect(), Qt::AlignCenter, m_timeline ? QString() : tr("Laying out the timeline…"));
        return;
    }
    m_painter->paint(painter, viewport()->rect(), paintView());
    m_lastPaintNanos = timer.nsecsElapsed();
}

void TimelineView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void TimelineView::wheelEvent(QWheelEvent* event)
{
    const QPoint delta = event->angleDelta();
    const int x = int(event->position().x());
    const bool overLabels = x < m_labelWidth;
    if (event->modifiers() & Qt::ShiftModifier || (delta.x() != 0 && delta.y() == 0)) {
        const int steps = delta.x() != 0 ? delta.x() : delta.y();
        panBy(-int64_t(double(steps) / 120.0 * double(m_view.axisTo - m_view.axisFrom) / 10.0));
    } else if (overLabels) {
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y() / 120 * 3 * (m_painter ? m_painter->rowHeight() : 20));
    } else {
        zoomAt(std::pow(1.25, double(delta.y()) / 120.0), x);
    }
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    m_dragging = true;
    m_dragMoved = false;
    m_dragStart = event->position().toPoint();
    m_dragAxisFrom = m_view.axisFrom;
    m_dragRowScroll = m_view.rowScroll;
    event->accept();
}

void TimelineView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragging || !m_painter)
        return QAbstractScrollArea::mouseMoveEvent(event);
    const QPoint moved = event->position().toPoint() - m_dragStart;
    if (!m_dragMoved && moved.manhattanLength() < 4)
        return;
    m_dragMoved = true;
    viewport()->setCursor(Qt::ClosedHandCursor);
    const int64_t span = m_view.axisTo - m_view.axisFrom;
    const int width = std::max(1, m_painter->timeArea(pictureRect()).width());
    const int64_t from = m_dragAxisFrom - int64_t(double(moved.x()) / width * double(span));
    setVisibleRange(from, from + span);
    verticalScrollBar()->setValue(m_dragRowScroll - moved.y());
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event)
{
    if (!m_dragging)
        return QAbstractScrollArea::mouseReleaseEvent(event);
    m_dragging = false;
    viewport()->unsetCursor();
    if (m_dragMoved || !m_timeline)
        return;
    // A click: the lane, task or marker under it.
    const TimelinePainter::Hit hit = hitAt(event->position().toPoint());
    if (hit.groupToggle && hit.group >= 0 && hit.lane < 0) {
        setGroupExpanded(hit.group, m_rows.options().expanded.count(hit.group) == 0);
        return;
    }
    if (hit.marker >= 0) {
        m_view.selectedMarker = hit.marker;
        m_view.selectedLane = -1;
        m_view.selectedGroup = -1;
        viewport()->update();
        Q_EMIT eventActivated(m_timeline->markers()[size_t(hit.marker)].event);
        return;
    }
    if (hit.lane >= 0) {
        m_view.selectedLane = hit.lane;
        m_view.selectedMarker = -1;
        m_view.selectedGroup = m_rows.rows()[size_t(hit.row)].lane < 0 ? hit.group : -1;
        viewport()->update();
        const Timeline::Lane& lane = m_timeline->lanes()[size_t(hit.lane)];
        // The last attempt's bar shows how it ended (result or failure); the line and earlier attempts, its input.
        int event = lane.firstEvent;
        if (lane.kind == Timeline::LaneKind::WorkflowTask && hit.segment >= 0) {
            event = m_timeline->segments()[size_t(hit.segment)].event;
        } else if (hit.segment >= 0 && !m_timeline->segments()[size_t(hit.segment)].estimated) {
            event = lane.lastEvent;
        }
        Q_EMIT eventActivated(event);
        return;
    }
    if (hit.row >= 0)
        selectRow(hit.row);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent* event)
{
    const TimelinePainter::Hit hit = hitAt(event->position().toPoint());
    if (hit.group >= 0 && hit.row >= 0 && m_rows.rows()[size_t(hit.row)].lane < 0) {
        setGroupExpanded(hit.group, m_rows.options().expanded.count(hit.group) == 0);
        return;
    }
    if (hit.lane >= 0)
        zoomToSelection();
}

void TimelineView::keyPressEvent(QKeyEvent* event)
{
    const int64_t span = m_view.axisTo - m_view.axisFrom;
    const int64_t middle = m_view.axisFrom + span / 2;
    int row = -1;
    if (m_view.selectedLane >= 0)
        row = m_rows.rowOfLane(m_view.selectedLane);
    else if (m_view.selectedGroup >= 0) {
        for (size_t r = 0; r < m_rows.rows().size(); ++r) {
            if (m_rows.rows()[r].lane < 0 && m_rows.rows()[r].group == m_view.selectedGroup)
                row = int(r);
        }
    }
    switch (event->key()) {
    case Qt::Key_Left: panBy(-span / 10); break;
    case Qt::Key_Right: panBy(span / 10); break;
    case Qt::Key_Up: selectRow(std::max(0, row - 1)); break;
    case Qt::Key_Down: selectRow(row + 1); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoom(1.5, middle); break;
    case Qt::Key_Minus: zoom(1 / 1.5, middle); break;
    case Qt::Key_Home: panBy(-(m_view.axisFrom + std::max<int64_t>(m_scale.length(), 1000) / 100)); break;
    case Qt::Key_End: panBy(std::max<int64_t>(m_scale.length(), 1000) * 101 / 100 - m_view.axisTo); break;
    case Qt::Key_F: fit(); break;
    case Qt::Key_Z: zoomToSelection(); break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (row >= 0 && m_rows.rows()[size_t(row)].lane < 0)
            setGroupExpanded(m_rows.rows()[size_t(row)].group, m_rows.options().expanded.count(m_rows.rows()[size_t(row)].group) == 0);
        break;
    default: return QAbstractScrollArea::keyPressEvent(event);
    }
    event->accept();
}

bool TimelineView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip && m_painter) {
        auto* help = static_cast<QHelpEvent*>(event);
        const TimelinePainter::Hit hit = hitAt(help->pos());
        const QString tip = m_painter->toolTip(hit, paintView());
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace hl
