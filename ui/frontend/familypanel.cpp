#include "ui/frontend/familypanel.h"

#include "family/familytext.h"
#include "family/familytracer.h"
#include "session/frontendinquiry.h"

#include <temporal/api/enums/v1/workflow.pb.h>

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hl {

namespace {

namespace enums = temporal::api::enums::v1;

enum Column { WorkflowColumn, IdColumn, StatusColumn, TookColumn, FailureColumn, StartedColumn, RunColumn, ColumnCount };
enum Role { WorkflowIdRole = Qt::UserRole, RunIdRole, PlaceholderRole };

constexpr int kExpandAllBelow = 300; // items; a larger family opens only the way to the workflow asked about

QColor statusColour(int status)
{
    switch (status) {
    case enums::WORKFLOW_EXECUTION_STATUS_COMPLETED:
        return QColor(0x2e, 0x9d, 0x4f);
    case enums::WORKFLOW_EXECUTION_STATUS_FAILED:
    case enums::WORKFLOW_EXECUTION_STATUS_TERMINATED:
    case enums::WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
        return QColor(0xd0, 0x3b, 0x3b);
    case enums::WORKFLOW_EXECUTION_STATUS_CANCELED:
        return QColor(0xc9, 0x8a, 0x1b);
    case enums::WORKFLOW_EXECUTION_STATUS_RUNNING:
        return QColor(0x3b, 0x82, 0xf6);
    default:
        return QColor(0x7c, 0x8e, 0xa3);
    }
}

// The placeholder under a run whose children were not fetched yet: opening it fetches them.
QTreeWidgetItem* placeholder(QTreeWidgetItem* parent, const QString& text)
{
    auto* item = new QTreeWidgetItem(parent);
    item->setText(WorkflowColumn, text);
    item->setData(WorkflowColumn, PlaceholderRole, true);
    QFont font = item->font(WorkflowColumn);
    font.setItalic(true);
    item->setFont(WorkflowColumn, font);
    return item;
}

} // namespace

FamilyPanel::FamilyPanel(ConnectionSettings settings, WorkflowRef workflow, std::vector<KeyStore*> stores,
                         std::function<std::shared_ptr<CodecServerClient>()> codecServer, QWidget* parent)
    : QWidget(parent)
    , m_settings(std::move(settings))
    , m_workflow(std::move(workflow))
    , m_stores(std::move(stores))
    , m_codecServer(std::move(codecServer))
    , m_state(new QLabel(this))
    , m_reload(new QToolButton(this))
    , m_tree(new QTreeWidget(this))
{
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_reload->setText(tr("Reload"));
    m_reload->setToolTip(tr("Trace the family again"));
    connect(m_reload, &QToolButton::clicked, this, &FamilyPanel::refresh);

    m_tree->setObjectName(QStringLiteral("familyTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Workflow"), tr("Workflow ID"), tr("Status"), tr("Took"), tr("Failure"), tr("Started"), tr("Run ID")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    // Which run (type and id, since two children of one type read alike), then what a reader scans for (which
    // failed, and why), then where to find it.
    m_tree->header()->setStretchLastSection(false);
    m_tree->setColumnWidth(WorkflowColumn, 290);
    m_tree->setColumnWidth(IdColumn, 190);
    m_tree->setColumnWidth(StatusColumn, 120);
    m_tree->setColumnWidth(TookColumn, 90);
    m_tree->setColumnWidth(FailureColumn, 320);
    m_tree->setColumnWidth(StartedColumn, 76);
    m_tree->setColumnWidth(RunColumn, 280);
    connect(m_tree, &QTreeWidget::itemActivated, this, &FamilyPanel::openItem);
    connect(m_tree, &QTreeWidget::itemExpanded, this, &FamilyPanel::loadBranch);
    connect(m_tree, &QTreeWidget::customContextMenuRequested, this, &FamilyPanel::showMenu);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(6, 4, 6, 4);
    header->addWidget(m_state, 1);
    header->addWidget(m_reload);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_tree, 1);
    m_state->setText(tr("The family is traced when this panel is shown."));
}

FamilyPanel::~FamilyPanel() = default; // an inquiry under way goes with its parent, and its answer with it

void FamilyPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if ((!m_loaded || m_stale) && !m_tracing)
        refresh();
}

void FamilyPanel::setWorkflow(const WorkflowRef& workflow)
{
    if (workflow.workflowId == m_workflow.workflowId && workflow.runId == m_workflow.runId)
        return;
    m_workflow = workflow;
    if (m_loaded)
        refresh();
}

bool FamilyPanel::isLoading() const
{
    return m_tracing != nullptr;
}

QString FamilyPanel::stateText() const
{
    return m_state->text();
}

FrontendInquiry* FamilyPanel::ask(const WorkflowRef& from, bool fromRoot)
{
    FamilyTracer::Options options;
    options.maxRuns = m_runsAtOnce;
    options.fromRoot = fromRoot;
    auto* inquiry = new FrontendInquiry(m_settings, m_stores, m_codecServer ? m_codecServer() : nullptr,
                                        [from, options](FrontendClient& client) -> Result<FrontendInquiry::Answer> {
                                            auto traced = FamilyTracer::trace(client, from, options);
                                            if (!traced)
                                                return traced.error();
                                            auto tree = std::make_shared<const FamilyTree>(std::move(traced.value()));
                                            return FrontendInquiry::Answer{tree, tree->decodeRequest(tree)};
                                        },
                                        this);
    inquiry->start();
    return inquiry;
}

void FamilyPanel::refresh()
{
    if (m_tracing) { // superseded: its answer is dropped
        m_tracing->disconnect(this);
        m_tracing->deleteLater();
    }
    m_stale = false;
    m_tracing = ask(m_workflow, true);
    connect(m_tracing, &FrontendInquiry::finished, this, &FamilyPanel::traced);
    m_state->setText(m_loaded ? tr("Tracing the family again…") : tr("Tracing the family…"));
    m_reload->setEnabled(false);
}

void FamilyPanel::refreshIfLoaded()
{
    if (!m_loaded || m_tracing)
        return;
    if (isVisible())
        refresh();
    else
        m_stale = true; // traced again when shown, not while nobody looks
}

void FamilyPanel::traced()
{
    FrontendInquiry* inquiry = m_tracing;
    m_tracing = nullptr;
    inquiry->deleteLater();
    m_reload->setEnabled(true);
    if (!inquiry->result()) {
        m_state->setText(tr("The family could not be traced: %1").arg(inquiry->result().error().message));
        return;
    }
    const auto tree = std::static_pointer_cast<const FamilyTree>(inquiry->result().value());
    // What was open stays open, and the selection stays on the same run.
    QSet<QString> expanded;
    QString selected;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        const QString key = (*it)->data(WorkflowColumn, WorkflowIdRole).toString() + QLatin1Char('\n')
            + (*it)->data(WorkflowColumn, RunIdRole).toString();
        if ((*it)->isExpanded())
            expanded.insert(key);
        if ((*it)->isSelected())
            selected = key;
    }
    const bool first = !m_loaded;
    m_loaded = true;
    // Branches still loading belong to items about to go: their answers are dropped.
    for (const QPointer<FrontendInquiry>& branch : std::as_const(m_branches)) {
        if (branch) {
            branch->disconnect(this);
            branch->deleteLater();
        }
    }
    m_branches.clear();
    m_tree->setUpdatesEnabled(false);
    m_expandingForReader = true; // opening rows here fetches no branch: only the reader's opening does
    m_tree->clear();
    addNode(nullptr, *tree, 0, inquiry->context());
    int items = 0;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        ++items;
    QTreeWidgetItem* asked = nullptr;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        QTreeWidgetItem* item = *it;
        const QString id = item->data(WorkflowColumn, WorkflowIdRole).toString();
        const QString run = item->data(WorkflowColumn, RunIdRole).toString();
        const QString key = id + QLatin1Char('\n') + run;
        const bool placeholderBelow = item->childCount() == 1 && item->child(0)->data(WorkflowColumn, PlaceholderRole).toBool();
        if (!placeholderBelow && ((first && items <= kExpandAllBelow) || expanded.contains(key)))
            item->setExpanded(true);
        if (id == tree->asked().workflowId && run == tree->asked().runId)
            asked = item;
        if (!first && key == selected)
            m_tree->setCurrentItem(item);
    }
    if (asked) {
        QFont font = asked->font(WorkflowColumn);
        font.setBold(true);
        asked->setFont(WorkflowColumn, font);
        asked->setText(WorkflowColumn, asked->text(WorkflowColumn) + QStringLiteral("  ◀ ") + tr("this tab"));
        for (QTreeWidgetItem* up = asked->parent(); up; up = up->parent())
            up->setExpanded(true);
        if (first)
            m_tree->setCurrentItem(asked);
        m_tree->scrollToItem(asked);
    }
    m_expandingForReader = false;
    m_tree->setUpdatesEnabled(true);
    QString state = countsText();
    if (tree->truncated())
        state += QStringLiteral(" · ") + tr("open a branch marked “Load children…” for more");
    for (const QString& note : tree->notes())
        state += QStringLiteral("\n") + note;
    m_state->setText(state);
}

QString FamilyPanel::countsText() const
{
    // Counted from the items, which branches opened since the trace have added to.
    int runs = 0;
    QSet<QString> workflows;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        if ((*it)->data(WorkflowColumn, PlaceholderRole).toBool())
            continue;
        ++runs;
        workflows.insert((*it)->data(WorkflowColumn, WorkflowIdRole).toString());
    }
    const int count = int(workflows.size());
    return (count == 1 ? tr("1 workflow") : tr("%1 workflows").arg(count)) + QStringLiteral(", ")
        + (runs == 1 ? tr("1 run") : tr("%1 runs").arg(runs)) + QStringLiteral(" · ")
        + tr("as of %1").arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss t")));
}

void FamilyPanel::addNode(QTreeWidgetItem* parent, const FamilyTree& tree, int index, const PayloadContext& context)
{
    const FamilyTree::Node& node = tree.node(index);
    const int runs = int(node.runs.size());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int r = 0; r < runs; ++r) {
        const FamilyTree::Run& run = node.runs[size_t(r)];
        auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
        QString label = FamilyTree::statusIcon(run.status) + QLatin1Char(' ') + (node.type.isEmpty() ? tr("(unknown type)") : node.type);
        if (runs > 1)
            label += QStringLiteral("  ·  ") + tr("run %1 of %2").arg(r + 1).arg(runs);
        item->setText(WorkflowColumn, label);
        item->setText(StatusColumn, FamilyTree::statusName(run.status));
        item->setForeground(StatusColumn, statusColour(run.status));
        item->setForeground(WorkflowColumn, statusColour(run.status));
        if (run.startMs > 0) {
            const QDateTime started = QDateTime::fromMSecsSinceEpoch(run.startMs);
            item->setText(StartedColumn, started.toString(started.date() == QDate::currentDate() ? QStringLiteral("HH:mm:ss")
                                                                                                  : QStringLiteral("yyyy-MM-dd HH:mm")));
            item->setToolTip(StartedColumn, started.toString(Qt::ISODateWithMs));
        }
        const QString took = FamilyText::took(run, now);
        item->setText(TookColumn, run.status == enums::WORKFLOW_EXECUTION_STATUS_RUNNING && !took.isEmpty() ? tr("running %1").arg(took) : took);
        item->setText(IdColumn, node.workflowId);
        item->setText(RunColumn, run.runId);
        QStringList failure;
        if (const QString message = FamilyTree::failureMessage(run, context); !message.isEmpty())
            failure << message.section(QLatin1Char('\n'), 0, 0);
        if (!run.reason.isEmpty())
            failure << run.reason;
        item->setText(FailureColumn, failure.join(QStringLiteral(" · ")));
        QStringList tip{QStringLiteral("%1 · %2").arg(node.workflowId, run.runId), FamilyTree::statusName(run.status)};
        if (const QString message = FamilyTree::failureMessage(run, context); !message.isEmpty())
            tip << tr("Failure: %1").arg(message);
        if (!run.retryState.isEmpty())
            tip << tr("Retry state: %1").arg(run.retryState);
        if (!run.taskQueue.isEmpty())
            tip << tr("Task queue: %1").arg(run.taskQueue);
        item->setToolTip(WorkflowColumn, tip.join(QLatin1Char('\n')).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        item->setToolTip(FailureColumn, item->toolTip(WorkflowColumn));
        item->setData(WorkflowColumn, WorkflowIdRole, node.workflowId);
        item->setData(WorkflowColumn, RunIdRole, run.runId);
        for (int child : run.children)
            addNode(item, tree, child, context);
        if (!run.childrenError.isEmpty())
            placeholder(item, tr("Children not read: %1 — open to try again").arg(run.childrenError));
        else if (run.childrenNotFetched)
            placeholder(item, tr("Load children…"));
    }
}

void FamilyPanel::loadBranch(QTreeWidgetItem* item)
{
    // A run whose children were not fetched all ends with a placeholder child; opening the run fetches them.
    if (m_expandingForReader || item->childCount() == 0)
        return;
    QTreeWidgetItem* marker = item->child(item->childCount() - 1);
    if (!marker->data(WorkflowColumn, PlaceholderRole).toBool() || marker->data(WorkflowColumn, PlaceholderRole + 1).toBool())
        return;
    marker->setData(WorkflowColumn, PlaceholderRole + 1, true); // asked once
    marker->setText(WorkflowColumn, tr("Loading children…"));
    const WorkflowRef from{item->data(WorkflowColumn, WorkflowIdRole).toString(), item->data(WorkflowColumn, RunIdRole).toString()};
    FrontendInquiry* inquiry = ask(from, false);
    m_branches.append(inquiry);
    connect(inquiry, &FrontendInquiry::finished, this, [this, item, inquiry] {
        m_branches.removeAll(inquiry);
        branchTraced(item, inquiry);
    });
}

void FamilyPanel::branchTraced(QTreeWidgetItem* item, FrontendInquiry* inquiry)
{
    inquiry->deleteLater();
    QTreeWidgetItem* marker = item->childCount() > 0 ? item->child(item->childCount() - 1) : nullptr;
    if (!marker || !marker->data(WorkflowColumn, PlaceholderRole).toBool())
        return;
    if (!inquiry->result()) {
        marker->setText(WorkflowColumn, tr("Children not read: %1").arg(inquiry->result().error().message));
        marker->setData(WorkflowColumn, PlaceholderRole + 1, false);
        return;
    }
    // The run's children as this trace found them all, in place of the few the first trace had room for.
    qDeleteAll(item->takeChildren());
    const auto tree = std::static_pointer_cast<const FamilyTree>(inquiry->result().value());
    const QString runId = item->data(WorkflowColumn, RunIdRole).toString();
    for (const FamilyTree::Run& run : tree->node(0).runs) {
        if (run.runId != runId)
            continue;
        for (int child : run.children)
            addNode(item, *tree, child, inquiry->context());
        if (!run.childrenError.isEmpty())
            placeholder(item, tr("Children not read: %1 — open to try again").arg(run.childrenError));
        else if (run.childrenNotFetched)
            placeholder(item, tr("Load children…"));
    }
    m_state->setText(countsText());
}

void FamilyPanel::openItem(QTreeWidgetItem* item)
{
    if (item->data(WorkflowColumn, PlaceholderRole).toBool()) {
        if (item->parent())
            loadBranch(item->parent());
        return;
    }
    const QString id = item->data(WorkflowColumn, WorkflowIdRole).toString();
    if (!id.isEmpty())
        Q_EMIT openWorkflowRequested(id, item->data(WorkflowColumn, RunIdRole).toString());
}

void FamilyPanel::showMenu(const QPoint& position)
{
    QTreeWidgetItem* item = m_tree->itemAt(position);
    if (!item || item->data(WorkflowColumn, PlaceholderRole).toBool())
        return;
    const QString id = item->data(WorkflowColumn, WorkflowIdRole).toString();
    const QString run = item->data(WorkflowColumn, RunIdRole).toString();
    QMenu menu(this);
    menu.addAction(tr("Open in a Tab"), this, [this, id, run] { Q_EMIT openWorkflowRequested(id, run); });
    menu.addSeparator();
    menu.addAction(tr("Copy Workflow ID"), this, [id] { QApplication::clipboard()->setText(id); });
    menu.addAction(tr("Copy Run ID"), this, [run] { QApplication::clipboard()->setText(run); });
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

} // namespace hl
