#pragma once

#ifndef Q_MOC_RUN
#include "diff/historycomparison.h"
#include "history/history.h"
#include "render/payloadcontext.h"
#endif

#include <QPointer>
#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;
class QToolButton;

namespace hl {

class ComparisonDetailView;
class ComparisonModel;
class ComparisonTask;
class HistoryTab;
class HistoryView;

// Two open histories compared: their steps aligned side by side in one table (so both scroll as one), differences
// tinted, unchanged runs folded; a summary line, next and previous difference, and a detail pane with the selected
// step's values as a JSON diff. The two sides are other tabs: when either loads again, decodes with new keys or
// grows, the comparison runs again on the CPU pool (the one before it cancelled). A side whose tab was closed keeps
// the history it last had.
class CompareTab : public QWidget {
    Q_OBJECT

public:
    CompareTab(HistoryTab* a, HistoryTab* b, QWidget* parent = nullptr);
    ~CompareTab() override;

    QString title() const;      // "Compare: order-a ⇄ order-b"
    QString sourceText() const; // what A and B are
    // "4 steps differ, 1 only in B, result differs", or what the tab waits for.
    QString summaryText() const;
    bool isComparing() const;
    const std::shared_ptr<const HistoryComparison>& comparison() const;

    ComparisonModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    ComparisonDetailView* detail() const { return m_detail; }
    HistoryTab* source(int side) const; // 0 for A, 1 for B; null once its tab is closed

    // Selects the next (or previous) step that differs; false when there is none that way.
    bool selectNextDifference(bool backwards = false);
    // B becomes A and A becomes B.
    void swapSides();
    void setIgnoreTiming(bool ignore);
    void setShowUnchanged(bool show);
    // Loads both sides again (View › Reload).
    void reload();
    // Stops a comparison in progress; the last one stays shown.
    void cancel();
    // The theme changed: what was drawn with colours is drawn again.
    void refreshColours();

Q_SIGNALS:
    // The title, the summary or the state changed.
    void changed();
    // A comparison finished and is shown.
    void compared();

private:
    struct Source {
        QPointer<HistoryTab> tab;
        QPointer<HistoryView> view;
        History history;
        PayloadContext context;
        std::shared_ptr<const HistorySteps> steps; // of this history and context, once a comparison read them
        int generation = 0;                        // counts snapshots, so steps of an older one are not kept
        QString title;
        QString sourceText;
    };

    void watch(int side);
    void readSource(int side);
    void scheduleComparison();
    void compareNow();
    void dropTask();
    void showComparison(std::shared_ptr<const HistoryComparison> comparison);
    void showSelected();
    void selectTableRow(int row);
    void updateSpans();
    void updateHeader();
    bool waiting(QString* why) const;

    Source m_sources[2];
    ComparisonModel* m_model;
    QTableView* m_table;
    ComparisonDetailView* m_detail;
    QLabel* m_sideLabels[2];
    QLabel* m_summary;
    QCheckBox* m_ignoreTiming;
    QCheckBox* m_showUnchanged;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QTimer* m_delay;
    QPointer<ComparisonTask> m_task;
    int m_taskGenerations[2] = {0, 0};
    std::shared_ptr<const HistoryComparison> m_comparison;
    bool m_swapped = false; // the sides were swapped since the comparison shown
};

} // namespace hl
