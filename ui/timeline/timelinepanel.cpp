#include "ui/timeline/timelinepanel.h"

#include "picture/timelineexport.h"
#include "session/timelinetask.h"
#include "timeline/timelinebuilder.h"
#include "ui/timeline/timelineview.h"

#include <QAction>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace hl {

TimelinePanel::TimelinePanel(QWidget* parent)
    : QWidget(parent), m_view(new TimelineView(this)), m_status(new QLabel(this)), m_clock(new QTimer(this))
{
    auto* tools = new QToolBar(this);
    tools->setIconSize(QSize(16, 16));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QAction* fit = tools->addAction(tr("Fit"), m_view, &TimelineView::fit);
    fit->setToolTip(tr("The whole history in view (F)"));
    QAction* zoom = tools->addAction(tr("Zoom to Selection"), m_view, &TimelineView::zoomToSelection);
    zoom->setToolTip(tr("The selected lane or marker across the view (Z, or double-click a bar)"));
    tools->addSeparator();
    m_collapse = tools->addAction(tr("Collapse Idle Time"));
    m_collapse->setCheckable(true);
    m_collapse->setToolTip(tr("Fold stretches where nothing runs into break marks that say how long they were"));
    connect(m_collapse, &QAction::toggled, m_view, &TimelineView::setCollapseIdle);
    m_workflowTasks = tools->addAction(tr("Workflow Tasks"));
    m_workflowTasks->setCheckable(true);
    m_workflowTasks->setToolTip(tr("A lane of the workflow tasks: when the workflow's code ran"));
    connect(m_workflowTasks, &QAction::toggled, m_view, &TimelineView::setWorkflowTasksShown);
    connect(m_workflowTasks, &QAction::toggled, this, &TimelinePanel::updateStatus);
    m_grouped = tools->addAction(tr("Group by Type"));
    m_grouped->setCheckable(true);
    m_grouped->setToolTip(tr("A row per activity type, timer, child workflow type... with counts; click its arrow to open it"));
    connect(m_grouped, &QAction::triggered, m_view, &TimelineView::setGrouped);
    connect(m_view, &TimelineView::groupedChanged, m_grouped, &QAction::setChecked);
    tools->addSeparator();
    auto* exportButton = new QToolButton(tools);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton);
    auto addExport = [this, exportMenu](const QString& text, bool whole) {
        exportMenu->addAction(text, this, [this, whole] {
            const QString path = QFileDialog::getSaveFileName(this, tr("Export Timeline"), QStringLiteral("timeline.svg"),
                                                              tr("SVG picture (*.svg);;PNG image (*.png)"));
            if (path.isEmpty())
                return;
            if (const QString problem = exportTo(path, whole); !problem.isEmpty())
                QMessageBox::warning(this, tr("Export Timeline"), problem);
        });
    };
    addExport(tr("Visible Range…"), false);
    addExport(tr("Whole Timeline…"), true);
    exportButton->setMenu(exportMenu);
    tools->addWidget(exportButton);
    auto* spacer = new QWidget(tools);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    tools->addWidget(spacer);
    tools->addWidget(m_status);
    m_status->setContentsMargins(0, 0, 6, 0);
    m_status->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(tools);
    layout->addWidget(m_view, 1);
    connect(m_view, &TimelineView::eventActivated, this, &TimelinePanel::eventActivated);
    connect(m_view, &TimelineView::groupedChanged, this, &TimelinePanel::updateStatus);
    // A running workflow's open lanes grow with the clock.
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, [this] { m_view->setLiveNow(nowMicros()); });
    updateStatus();
}

TimelinePanel::~TimelinePanel()
{
    if (m_task)
        m_task->cancel();
}

int TimelinePanel::preferredHeight() const
{
    return m_view->preferredHeight() + (height() - m_view->height());
}

int64_t TimelinePanel::nowMicros() const
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

void TimelinePanel::setHistory(History history, PayloadContext context)
{
    m_history = std::move(history);
    m_context = std::move(context);
    m_stale = true;
    m_continues = false;
    m_builder.reset();
    if (isVisible())
        build(false);
}

void TimelinePanel::appendHistory(History grown, PayloadContext context)
{
    m_history = std::move(grown);
    m_context = std::move(context);
    m_stale = true;
    m_continues = m_continues || m_builder != nullptr || m_task;
    if (isVisible() && !m_task)
        build(true);
}

void TimelinePanel::setRunsUntilNow(bool live)
{
    m_live = live;
}

void TimelinePanel::setTimeFormat(TimelineTicks::Format format)
{
    m_view->setTimeFormat(format);
}

bool TimelinePanel::isBuilding() const
{
    return m_task && m_task->isRunning();
}

void TimelinePanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale && !m_task)
        build(m_continues);
}

// One layout at a time: a page that arrives meanwhile is added when it ends (only the events after it).
void TimelinePanel::build(bool continuing)
{
    if (m_task) {
        if (continuing)
            return; // finished() starts the next
        m_task->disconnect(this);
        m_task->cancel();
        m_task->deleteLater();
        m_task = nullptr;
    }
    if (m_history.isEmpty())
        return;
    m_stale = false;
    const int64_t lastEvent = TimelineBuilder::timeOf(m_history.event(m_history.eventCount() - 1));
    // A file is a snapshot: what was open stays open to its last event. A frontend's running workflow runs to now.
    const int64_t now = m_live ? std::max<int64_t>(lastEvent, nowMicros()) : lastEvent;
    m_task = new TimelineTask(m_history, m_context, now, continuing ? m_builder : nullptr, this);
    m_builder.reset();
    connect(m_task, &TimelineTask::finished, this, [this] {
        TimelineTask* task = m_task;
        m_task = nullptr;
        task->deleteLater();
        m_builder = task->builder();
        m_view->setTimeline(task->timeline());
        const bool open = !task->timeline()->isClosed() && m_live;
        if (open && !m_clock->isActive())
            m_clock->start();
        else if (!open)
            m_clock->stop();
        m_view->setLiveNow(open ? nowMicros() : -1);
        m_grouped->setChecked(m_view->isGrouped());
        updateStatus();
        Q_EMIT timelineShown();
        if (m_stale && isVisible())
            build(m_continues);
        else
            m_continues = false;
    });
    m_task->start();
    updateStatus();
}

void TimelinePanel::updateStatus()
{
    const auto& timeline = m_view->timeline();
    if (!timeline) {
        m_status->setText(m_task ? tr("Laying out…") : QString());
        return;
    }
    const int shown = m_view->shownLaneCount();
    QString text = shown == 1 ? tr("1 lane") : tr("%1 lanes").arg(QLocale().toString(shown));
    if (m_task)
        text += tr(" · adding events…");
    m_status->setText(text);
    m_status->setToolTip(tr("%1 lanes drawn, %2 in all; %3 markers on the workflow's row")
                             .arg(QLocale().toString(m_view->shownLaneCount()), QLocale().toString(qlonglong(timeline->lanes().size())),
                                  QLocale().toString(qlonglong(timeline->markers().size()))));
}

QString TimelinePanel::exportTo(const QString& path, bool whole)
{
    if (!m_view->timeline())
        return tr("The timeline is not laid out yet.");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    TimelineExport::Picture picture;
    picture.rows = &m_view->rows();
    picture.scale = &m_view->scale();
    picture.view = m_view->viewState();
    picture.view.dark = false; // a picture for a report reads best light
    picture.view.matchedLanes = nullptr;
    picture.view.matchedMarkers = nullptr;
    picture.font = m_view->pictureFont();
    picture.labelWidth = m_view->labelWidth();
    picture.title = QFileInfo(path).completeBaseName();
    if (whole) {
        const int64_t length = std::max<int64_t>(m_view->scale().length(), 1000);
        picture.view.axisFrom = -length / 100;
        picture.view.axisTo = length + length / 100;
        picture.width = std::max(1600, m_view->viewport()->width());
    } else {
        picture.width = m_view->viewport()->width();
        TimelinePainter painter(m_view->rows(), m_view->scale(), picture.font);
        picture.firstRow = m_view->viewState().rowScroll / painter.rowHeight();
        picture.rowCount = std::max(1, (m_view->viewport()->height() - painter.headerHeight()) / painter.rowHeight());
    }
    const auto format = path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive) ? TimelineExport::Format::Png : TimelineExport::Format::Svg;
    if (auto written = TimelineExport::write(picture, format, file); !written)
        return written.error().message;
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace hl
