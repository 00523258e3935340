#include "historyview.h"

#include "historytreemodel.h"
#include "payloaddetailview.h"
#include "render/eventtext.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace hl {

HistoryView::HistoryView(History history, PayloadContext context, QString sourceName, QWidget* parent)
    : QWidget(parent), m_sourceName(std::move(sourceName)), m_model(new HistoryTreeModel(this)),
      m_tree(new QTreeView(this)), m_detail(new PayloadDetailView(this))
{
    m_model->setHistory(std::move(history), std::move(context));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true); // lets the view skip measuring 51,200 rows
    m_tree->setAlternatingRowColors(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(HistoryTreeModel::NameColumn, 200);
    m_tree->setColumnWidth(HistoryTreeModel::TimeColumn, 180);
    m_tree->setColumnWidth(HistoryTreeModel::TypeColumn, 260);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { showSelected(current); });

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({800, 400});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    if (m_model->rowCount() > 0)
        m_tree->setCurrentIndex(m_model->index(0, 0));
}

QString HistoryView::title() const
{
    const QString file = QFileInfo(m_sourceName).fileName();
    const QString workflow = m_model->history().workflowType();
    return workflow.isEmpty() ? file : QStringLiteral("%1 (%2)").arg(workflow, file);
}

void HistoryView::showSelected(const QModelIndex& index)
{
    if (!index.isValid())
        return m_detail->clear();
    const int eventIndex = index.data(HistoryTreeModel::EventIndexRole).toInt();
    const History& history = m_model->history();
    const auto& event = history.event(eventIndex);
    QString where = tr("Event %1 · %2").arg(event.event_id()).arg(EventText::typeName(history, eventIndex));
    const QString path = index.data(HistoryTreeModel::FieldPathRole).toString();
    if (!path.isEmpty())
        where += QStringLiteral(" · ") + path;
    if (const auto payload = index.data(HistoryTreeModel::PayloadRole).value<quintptr>())
        return m_detail->showPayload(*reinterpret_cast<const temporal::api::common::v1::Payload*>(payload),
                                     m_model->payloadContext(), where);
    if (const auto message = index.data(HistoryTreeModel::MessageRole).value<quintptr>())
        return m_detail->showMessage(*reinterpret_cast<const google::protobuf::Message*>(message), m_model->payloadContext(), where);
    m_detail->showMessage(event, m_model->payloadContext(), where);
}

bool HistoryView::selectNextFailure(bool backwards)
{
    const int rows = m_model->rowCount();
    QModelIndex current = m_tree->currentIndex();
    while (current.parent().isValid())
        current = current.parent();
    const int start = current.isValid() ? current.row() : (backwards ? rows : -1);
    for (int step = 1; step <= rows; ++step) {
        const int row = backwards ? start - step : start + step;
        if (row < 0 || row >= rows)
            break;
        const QModelIndex candidate = m_model->index(row, 0);
        if (candidate.data(HistoryTreeModel::FailureRole).toBool()) {
            m_tree->setCurrentIndex(candidate);
            m_tree->scrollTo(candidate);
            return true;
        }
    }
    return false;
}

} // namespace hl
