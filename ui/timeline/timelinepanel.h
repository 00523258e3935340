#pragma once

#ifndef Q_MOC_RUN
#include "history/history.h"
#include "render/payloadcontext.h"
#include "timeline/timelineticks.h"
#endif

#include <QPointer>
#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QTimer;
class QToolButton;

namespace hl {

class TimelineBuilder;
class TimelineTask;
class TimelineView;

// A history's timeline with its tools: Fit, Zoom to Selection, Collapse Idle Time, Workflow Tasks, Group by Type and
// Export (SVG or PNG, the visible range or the whole). The timeline is laid out on the CPU pool when the panel is
// first shown and again as the history grows (only the new events), never on the GUI thread.
class TimelinePanel : public QWidget {
    Q_OBJECT

public:
    explicit TimelinePanel(QWidget* parent = nullptr);
    ~TimelinePanel() override;

    TimelineView* view() const { return m_view; }

    // A new snapshot: laid out again from scratch (another history, or its payloads decoded anew).
    void setHistory(History history, PayloadContext context);
    // The same history with later events: only those are added.
    void appendHistory(History grown, PayloadContext context);
    // A frontend's running workflow: what is open runs until the clock's now, and grows as it ticks.
    void setRunsUntilNow(bool live);
    void setTimeFormat(TimelineTicks::Format format);
    bool isBuilding() const;
    // Toolbar and every row: the most height the panel has use for.
    int preferredHeight() const;

    // Writes the timeline as SVG or PNG: the range and rows in view, or the whole. An error message, or empty.
    QString exportTo(const QString& path, bool whole);

Q_SIGNALS:
    void eventActivated(int eventIndex);
    // A timeline was laid out and shown (the first paint follows).
    void timelineShown();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void build(bool continuing);
    void updateStatus();
    int64_t nowMicros() const;

    TimelineView* m_view;
    QLabel* m_status;
    QAction* m_collapse;
    QAction* m_workflowTasks;
    QAction* m_grouped;
    QTimer* m_clock;
    History m_history;
    PayloadContext m_context;
    bool m_live = false;
    bool m_stale = true;       // the history changed since the last layout
    bool m_continues = false;  // ...and only grew
    std::shared_ptr<TimelineBuilder> m_builder;
    QPointer<TimelineTask> m_task;
};

} // namespace hl
