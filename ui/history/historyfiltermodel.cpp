#include "ui/history/historyfiltermodel.h"

#include "ui/history/historytreemodel.h"

namespace hl {

HistoryFilterModel::HistoryFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(false);
}

void HistoryFilterModel::setHiddenCategories(const QSet<int>& categories)
{
    m_hidden = categories;
    invalidateFilter();
}

void HistoryFilterModel::setStatuses(int flags)
{
    m_statuses = flags;
    invalidateFilter();
}

void HistoryFilterModel::setProblemsOnly(bool problemsOnly)
{
    m_problemsOnly = problemsOnly;
    invalidateFilter();
}

bool HistoryFilterModel::hasChildren(const QModelIndex& parent) const
{
    if (!parent.isValid() || !sourceModel())
        return QSortFilterProxyModel::hasChildren(parent);
    return sourceModel()->hasChildren(mapToSource(parent));
}

bool HistoryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_problemsOnly && !index.data(HistoryTreeModel::FailureRole).toBool())
        return false;
    if (m_statuses && !(index.data(HistoryTreeModel::StatusRole).toInt() & m_statuses))
        return false;
    return m_hidden.isEmpty() || !m_hidden.contains(index.data(HistoryTreeModel::CategoryRole).toInt());
}

} // namespace hl
