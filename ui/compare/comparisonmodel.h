#pragma once

#ifndef Q_MOC_RUN
#include "diff/historycomparison.h"
#endif

#include <QAbstractTableModel>

#include <memory>
#include <unordered_map>
#include <vector>

namespace hl {

// A comparison as one table: the workflow's own row, then every aligned step, A's side on the left and B's on the
// right, so the two lists scroll as one. Unchanged runs of steps fold into a row that says how many (two steps of
// context stay beside each difference); a fold opens in place. Colours follow the palette's lightness.
class ComparisonModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { StepA, OutcomeA, TimeA, Difference, StepB, OutcomeB, TimeB, ColumnCount };
    enum Role {
        // The row's HistoryComparison::Status as an int; -1 for a fold.
        StatusRole = Qt::UserRole + 1,
        IsFoldRole,
    };
    // Unchanged steps kept beside a difference when the rest of their run folds.
    static constexpr int kContext = 2;

    explicit ComparisonModel(QObject* parent = nullptr);

    void setComparison(std::shared_ptr<const HistoryComparison> comparison);
    const std::shared_ptr<const HistoryComparison>& comparison() const { return m_comparison; }
    // Every unchanged step shown (no folds), or folded again.
    void setShowUnchanged(bool show);
    bool showsUnchanged() const { return m_showUnchanged; }

    bool isFold(int row) const;
    // Opens the fold at `row` in place: its steps take its row.
    void unfold(int row);
    // The comparison's row a table row shows: &comparison()->workflow(), a step's row, or null for a fold.
    const HistoryComparison::Row* comparisonRow(int row) const;
    // The table row showing comparison().rows()[index], unfolding it if needed; -1 if none.
    int tableRowOf(int comparisonRowIndex);
    // The next table row (after `row`, or before it when backwards) that shows a difference; -1 if none.
    int nextDifference(int row, bool backwards) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The fold at `row` was opened: its first step took its row.
    void unfolded(int row);

private:
    // A table row: the workflow (index -1), a step (its index in comparison rows) or a fold of `count` steps from it.
    struct Entry {
        int index = -1;
        int count = 0; // > 0: a fold
    };

    void rebuild();
    QVariant sideData(const HistoryComparison::Row& row, bool sideA, int column, int role) const;
    QString differenceText(const HistoryComparison::Row& row) const;

    std::shared_ptr<const HistoryComparison> m_comparison;
    std::vector<Entry> m_entries;
    std::unordered_map<int, bool> m_movedEarlier; // a moved row's index -> A had it earlier than its place here
    bool m_showUnchanged = false;
};

} // namespace hl
