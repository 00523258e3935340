#pragma once

#ifndef Q_MOC_RUN
#include "diff/historycomparison.h"
#endif

#include <QTextBrowser>

#include <memory>

namespace hl {

// The detail pane of a compare tab: the selected step on both sides, the list of what differs with its paths, then
// every field, a differing one as a line diff of the two values (removed lines red, added green, long unchanged
// stretches folded to three lines of context), an equal one once.
class ComparisonDetailView : public QTextBrowser {
    Q_OBJECT

public:
    // Unchanged lines kept on each side of a change in a value's diff; longer unchanged stretches fold.
    static constexpr int kContextLines = 3;
    // An equal value shows this many lines, then says how many more it has.
    static constexpr int kEqualValueLines = 40;
    // At most this many differences are listed and this many lines of a value's diff drawn: a rich text pane with
    // tens of thousands of table rows takes seconds to lay out. What is left out is counted.
    static constexpr int kMaxListedDifferences = 100;
    static constexpr int kMaxDiffLines = 1500;

    explicit ComparisonDetailView(QWidget* parent = nullptr);

    // The palette's colours, read on the GUI thread for the text made on the pool.
    struct Colours {
        QString removed, added, removedInk, addedInk, dim, rule;
    };

    // `row` is comparison->workflow() or one of its rows; null clears the pane.
    void showRow(std::shared_ptr<const HistoryComparison> comparison, const HistoryComparison::Row* row);
    // Draws the row shown again (the theme changed).
    void refresh();
    const HistoryComparison::Row* row() const { return m_row; }
    // The text of the row selected last is still being made.
    bool isBuilding() const { return m_building; }

Q_SIGNALS:
    // The selected row's text is shown.
    void shown();

private:
    static QString html(const HistoryComparison& comparison, const HistoryComparison::Row& row, const Colours& colours);

    std::shared_ptr<const HistoryComparison> m_comparison;
    const HistoryComparison::Row* m_row = nullptr;
    int m_generation = 0;
    bool m_building = false;
};

} // namespace hl
