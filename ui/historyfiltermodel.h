#pragma once

#include "render/eventcategory.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace hl {

// Hides events by category (activity, timer, signal, ...) and, on request, all but the problems (failed, timed
// out, canceled, terminated). Only events are filtered; an event's field tree is always whole.
class HistoryFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit HistoryFilterModel(QObject* parent = nullptr);

    void setHiddenCategories(const QSet<int>& categories);
    QSet<int> hiddenCategories() const { return m_hidden; }
    void setProblemsOnly(bool problemsOnly);
    bool problemsOnly() const { return m_problemsOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QSet<int> m_hidden;
    bool m_problemsOnly = false;
};

} // namespace hl
