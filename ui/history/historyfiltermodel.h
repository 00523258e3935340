#pragma once

#include "render/eventcategory.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace hl {

// Hides events by category (activity, timer, signal, ...), and on request all but those of some statuses (failed,
// timed out, canceled, retried) or all but the problems. Only top-level rows (events or groups) are filtered; what
// is inside them is always whole.
class HistoryFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit HistoryFilterModel(QObject* parent = nullptr);

    void setHiddenCategories(const QSet<int>& categories);
    void setProblemsOnly(bool problemsOnly);
    bool problemsOnly() const { return m_problemsOnly; }
    // Only events (groups) with one of these EventStatus flags; 0 shows all.
    void setStatuses(int flags);
    int statuses() const { return m_statuses; }

    // Children are never filtered, so the source knows; QSortFilterProxyModel would build a mapping for each row,
    // and with it every event's field tree (asked for by the view for each row it lays out).
    bool hasChildren(const QModelIndex& parent = QModelIndex()) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QSet<int> m_hidden;
    bool m_problemsOnly = false;
    int m_statuses = 0;
};

} // namespace hl
