#pragma once

#ifndef Q_MOC_RUN
#include "history/history.h"
#include "render/payloadcontext.h"
#endif

#include <QWidget>

class QTreeView;
class QModelIndex;

namespace hl {

class HistoryTreeModel;
class PayloadDetailView;

// One open history: the event tree beside the detail pane of the selected row.
class HistoryView : public QWidget {
    Q_OBJECT

public:
    HistoryView(History history, PayloadContext context, QString sourceName, QWidget* parent = nullptr);

    QString title() const; // "OrderFulfillment (demo-history.json)"
    QString sourceName() const { return m_sourceName; }
    HistoryTreeModel* model() const { return m_model; }
    QTreeView* tree() const { return m_tree; }
    PayloadDetailView* detail() const { return m_detail; }

    // Selects the next (or previous) failed, timed-out or canceled event after the current row; false if none.
    bool selectNextFailure(bool backwards = false);

private:
    void showSelected(const QModelIndex& index);

    QString m_sourceName;
    HistoryTreeModel* m_model;
    QTreeView* m_tree;
    PayloadDetailView* m_detail;
};

} // namespace hl
