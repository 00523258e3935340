#include "ui/history/historyview.h"

#include "codecserver/codecserverclient.h"
#include "render/eventcategory.h"
#include "render/eventsearch.h"
#include "render/eventstatus.h"
#include "render/eventtext.h"
#include "render/workflowlinks.h"
#include "session/decodetask.h"
#include "session/decodingservice.h"
#include "session/searchtask.h"
#include "ui/codecserver/codecserverbar.h"
#include "ui/history/historyfiltermodel.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/payloaddetailview.h"
#include "ui/history/readnotesbar.h"

#include <QAction>
#include <QCheckBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QMenu>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace hl {

namespace {

constexpr int kSearchDelayMs = 250;

} // namespace

HistoryView::HistoryView(History history, PayloadContext context, QString sourceName, QWidget* parent)
    : QWidget(parent), m_sourceName(std::move(sourceName)), m_model(new HistoryTreeModel(this)),
      m_filter(new HistoryFilterModel(this)), m_tree(new QTreeView(this)), m_detail(new PayloadDetailView(this)),
      m_searchBar(new QWidget(this)), m_searchText(new QLineEdit(m_searchBar)),
      m_regex(new QCheckBox(tr("Regular expression"), m_searchBar)),
      m_problemsOnly(new QCheckBox(tr("Problems only"), m_searchBar)), m_categories(new QToolButton(m_searchBar)),
      m_statuses(new QToolButton(m_searchBar)),
      m_searchStatus(new QLabel(m_searchBar)), m_searchDelay(new QTimer(this))
{
    m_model->setHistory(std::move(history), std::move(context));
    m_notes = new ReadNotesBar(m_model->history(), this);
    m_codecBar = new CodecServerBar(this);
    if (m_model->payloadContext().decoded)
        m_codecBar->update(*m_model->payloadContext().decoded);
    connect(m_codecBar, &CodecServerBar::retryRequested, this, [this] {
        m_codecBar->setRetrying(true);
        Q_EMIT codecServerRetryRequested();
    });
    connect(m_codecBar, &CodecServerBar::settingsRequested, this, &HistoryView::codecServerSettingsRequested);
    m_filter->setSourceModel(m_model);
    m_tree->setModel(m_filter);
    m_tree->setUniformRowHeights(true); // lets the view skip measuring 51,200 rows
    m_tree->setAlternatingRowColors(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(HistoryTreeModel::NameColumn, 150);
    m_tree->setColumnWidth(HistoryTreeModel::TimeColumn, 185);
    m_tree->setColumnWidth(HistoryTreeModel::TypeColumn, 245);
    connect(m_tree, &QTreeView::expanded, this, &HistoryView::fitNameColumn);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, [this](const QPoint& position) {
        const QModelIndex index = m_tree->indexAt(position);
        QMenu menu;
        const QList<QAction*> links = workflowLinkActions(index, &menu);
        if (links.isEmpty())
            return;
        menu.addActions(links);
        menu.exec(m_tree->viewport()->mapToGlobal(position));
    });
    connect(m_notes, &ReadNotesBar::eventActivated, this, [this](int eventIndex) { select(m_model->eventIndex(eventIndex)); });
    connect(m_detail, &PayloadDetailView::addKeyRequested, this, &HistoryView::addKeyRequested);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { showSelected(current); });

    // The search bar: text, regex, category and problem filters, status.
    m_searchText->setPlaceholderText(tr("Search types, names, payloads and failures"));
    m_searchText->setClearButtonEnabled(true);
    m_categories->setText(tr("Categories"));
    m_categories->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_categories);
    for (int kind = EventCategory::Workflow; kind <= EventCategory::Other; ++kind) {
        QAction* action = menu->addAction(EventCategory::name(EventCategory::Kind(kind)));
        action->setCheckable(true);
        action->setChecked(true);
        action->setData(kind);
        connect(action, &QAction::toggled, this, &HistoryView::updateFilters);
    }
    m_categories->setMenu(menu);
    m_statuses->setText(tr("Status"));
    m_statuses->setPopupMode(QToolButton::InstantPopup);
    auto* statusMenu = new QMenu(m_statuses);
    for (const int flag : EventStatus::kAll) {
        QAction* action = statusMenu->addAction(EventStatus::name(flag));
        action->setCheckable(true);
        action->setData(flag);
        connect(action, &QAction::toggled, this, &HistoryView::updateFilters);
    }
    m_statuses->setMenu(statusMenu);
    auto* previous = new QToolButton(m_searchBar);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Shift+F3)"));
    auto* next = new QToolButton(m_searchBar);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (F3)"));
    connect(previous, &QToolButton::clicked, this, [this] { selectNextMatch(true); });
    connect(next, &QToolButton::clicked, this, [this] { selectNextMatch(false); });
    auto* barLayout = new QHBoxLayout(m_searchBar);
    barLayout->setContentsMargins(4, 2, 4, 2);
    barLayout->addWidget(m_searchText, 1);
    barLayout->addWidget(previous);
    barLayout->addWidget(next);
    barLayout->addWidget(m_regex);
    barLayout->addWidget(m_categories);
    barLayout->addWidget(m_statuses);
    barLayout->addWidget(m_problemsOnly);
    barLayout->addWidget(m_searchStatus);
    m_searchBar->setVisible(false);

    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    connect(m_searchDelay, &QTimer::timeout, this, &HistoryView::startSearch);
    connect(m_searchText, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchText, &QLineEdit::returnPressed, this, [this] { selectNextMatch(false); });
    connect(m_regex, &QCheckBox::toggled, this, &HistoryView::startSearch);
    connect(m_problemsOnly, &QCheckBox::toggled, this, &HistoryView::updateFilters);
    auto* findNext = new QAction(this);
    findNext->setShortcut(QKeySequence::FindNext);
    connect(findNext, &QAction::triggered, this, [this] { selectNextMatch(false); });
    auto* findPrevious = new QAction(this);
    findPrevious->setShortcut(QKeySequence::FindPrevious);
    connect(findPrevious, &QAction::triggered, this, [this] { selectNextMatch(true); });
    addActions({findNext, findPrevious});

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(0);
    leftLayout->addWidget(m_searchBar);
    leftLayout->addWidget(m_codecBar);
    leftLayout->addWidget(m_notes);
    leftLayout->addWidget(m_tree, 1);
    splitter->addWidget(left);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({800, 400});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    if (m_model->rowCount() > 0)
        select(m_model->index(0, 0));
}

HistoryView::~HistoryView()
{
    // A search or a decode still running holds its own share of the history; what it delivers is dropped.
    if (m_searching)
        m_searching->cancel();
    if (m_decoding)
        m_decoding->cancel();
}

void HistoryView::redecode(const std::vector<KeyStore*>& stores)
{
    if (m_decoding) { // superseded: its result is dropped
        m_decoding->disconnect(this);
        m_decoding->cancel();
        m_decoding->deleteLater();
    }
    DecodeRequest request;
    request.history = m_model->history();
    request.stores = stores;
    request.codecServer = m_codecServer;
    m_decoding = DecodingService::decode(std::move(request), this);
    connect(m_decoding, &DecodeTask::finished, this, [this] {
        DecodeTask* task = m_decoding;
        m_decoding = nullptr;
        task->deleteLater();
        QStringList problems;
        for (const Error& error : task->keyStoreErrors())
            problems << error.toString();
        if (!problems.isEmpty())
            Q_EMIT keyStoreProblems(problems);
        if (!task->result().ok()) {
            m_codecBar->setRetrying(false);
            return;
        }
        PayloadContext context = m_model->payloadContext();
        context.decoded = task->result().value();
        m_model->setPayloadContext(context);
        m_codecBar->update(*context.decoded);
        showSelected(m_tree->currentIndex());
        Q_EMIT redecoded();
    });
}

bool HistoryView::isDecoding() const
{
    return m_decoding && m_decoding->isRunning();
}

QString HistoryView::title() const
{
    const QString file = QFileInfo(m_sourceName).fileName();
    const QString workflow = m_model->history().workflowType();
    return workflow.isEmpty() ? file : QStringLiteral("%1 (%2)").arg(workflow, file);
}

void HistoryView::select(const QModelIndex& sourceIndex)
{
    const QModelIndex index = m_filter->mapFromSource(sourceIndex);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

void HistoryView::expand(const QModelIndex& sourceIndex)
{
    m_tree->expand(m_filter->mapFromSource(sourceIndex));
}

QModelIndex HistoryView::currentSourceIndex() const
{
    return m_filter->mapToSource(m_tree->currentIndex());
}

// Field names nest under their event: the first column widens when the rows that just appeared would be cut (up to
// two fifths of the view), never narrows. Only those rows are measured: the view's own size hint would lay out
// every row on screen, which made expanding twice as slow.
void HistoryView::fitNameColumn(const QModelIndex& parent)
{
    int depth = 1; // top-level rows are indented once, for their expand arrows
    for (QModelIndex up = parent; up.isValid(); up = up.parent())
        ++depth;
    QStyleOptionViewItem option;
    option.font = m_tree->font();
    option.features = QStyleOptionViewItem::HasDisplay;
    int wanted = 0;
    const int rows = qMin(m_filter->rowCount(parent), 256);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex child = m_filter->index(row, HistoryTreeModel::NameColumn, parent);
        wanted = qMax(wanted, m_tree->itemDelegateForIndex(child)->sizeHint(option, child).width());
    }
    wanted = qMin(wanted + depth * m_tree->indentation(), m_tree->viewport()->width() * 2 / 5);
    if (wanted > m_tree->columnWidth(HistoryTreeModel::NameColumn))
        m_tree->setColumnWidth(HistoryTreeModel::NameColumn, wanted);
}

void HistoryView::showSelected(const QModelIndex& viewIndex)
{
    const QModelIndex index = m_filter->mapToSource(viewIndex);
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

bool HistoryView::selectNextEvent(bool backwards, int role)
{
    const int rows = m_filter->rowCount();
    QModelIndex current = m_tree->currentIndex();
    while (current.parent().isValid())
        current = current.parent();
    const int start = current.isValid() ? current.row() : (backwards ? rows : -1);
    for (int step = 1; step <= rows; ++step) {
        const int row = backwards ? start - step : start + step;
        if (row < 0 || row >= rows)
            break;
        const QModelIndex candidate = m_filter->index(row, 0);
        if (candidate.data(role).toBool()) {
            m_tree->setCurrentIndex(candidate);
            m_tree->scrollTo(candidate);
            return true;
        }
    }
    return false;
}

bool HistoryView::selectNextFailure(bool backwards)
{
    return selectNextEvent(backwards, HistoryTreeModel::FailureRole);
}

bool HistoryView::selectNextMatch(bool backwards)
{
    return selectNextEvent(backwards, HistoryTreeModel::MatchRole);
}

void HistoryView::showSearch()
{
    m_searchBar->setVisible(true);
    m_searchText->setFocus();
    m_searchText->selectAll();
}

void HistoryView::search(const QString& text, bool regularExpression)
{
    m_searchBar->setVisible(true);
    const QSignalBlocker blockText(m_searchText);
    const QSignalBlocker blockRegex(m_regex);
    m_searchText->setText(text);
    m_regex->setChecked(regularExpression);
    startSearch();
}

bool HistoryView::isSearching() const
{
    return m_searching && m_searching->isRunning();
}

void HistoryView::startSearch()
{
    m_searchDelay->stop();
    if (m_searching) { // superseded: its matches are dropped
        m_searching->disconnect(this);
        m_searching->cancel();
        m_searching->deleteLater();
    }
    auto search = std::make_shared<EventSearch>(m_searchText->text(), m_regex->isChecked());
    if (!search->isValid()) {
        m_searchStatus->setText(tr("Invalid expression: %1").arg(search->errorString()));
        m_model->setMatches({});
        return;
    }
    m_searchStatus->setText(search->isEmpty() ? QString() : tr("Searching…"));
    m_searching = new SearchTask(search, m_model->history(), m_model->payloadContext(), this);
    connect(m_searching, &SearchTask::finished, this, [this] {
        std::vector<int> found = m_searching->matches();
        m_searching->deleteLater();
        m_searching = nullptr;
        const int count = int(found.size());
        m_model->setMatches(std::move(found));
        m_searchStatus->setText(m_searchText->text().isEmpty() ? QString() : (count == 1 ? tr("1 match") : tr("%1 matches").arg(count)));
        Q_EMIT searchFinished(count);
    });
    m_searching->start();
}

void HistoryView::updateFilters()
{
    QSet<int> hidden;
    for (const QAction* action : m_categories->menu()->actions()) {
        if (!action->isChecked())
            hidden.insert(action->data().toInt());
    }
    m_filter->setHiddenCategories(hidden);
    m_filter->setProblemsOnly(m_problemsOnly->isChecked());
    int statuses = 0;
    for (const QAction* action : m_statuses->menu()->actions()) {
        if (action->isChecked())
            statuses |= action->data().toInt();
    }
    m_filter->setStatuses(statuses);
    m_statuses->setText(statuses ? tr("Status (filtered)") : tr("Status"));
    m_categories->setText(hidden.isEmpty() ? tr("Categories") : tr("Categories (%1 hidden)").arg(hidden.size()));
}

QList<QAction*> HistoryView::workflowLinkActions(const QModelIndex& viewIndex, QObject* parent)
{
    QList<QAction*> actions;
    const QVariant eventIndex = viewIndex.data(HistoryTreeModel::EventIndexRole);
    const History& history = m_model->history();
    if (!m_workflowLinks || !eventIndex.isValid() || eventIndex.toInt() < 0 || eventIndex.toInt() >= history.eventCount())
        return actions;
    for (const WorkflowLinks::Link& link : WorkflowLinks::of(history.event(eventIndex.toInt()), history.workflowId())) {
        auto* action = new QAction(link.label, parent);
        action->setToolTip(link.workflow.describe());
        const WorkflowRef target = link.workflow;
        connect(action, &QAction::triggered, this, [this, target] { Q_EMIT openWorkflowRequested(target.workflowId, target.runId); });
        actions << action;
    }
    return actions;
}

void HistoryView::replaceHistory(History history, PayloadContext context)
{
    m_model->setHistory(std::move(history), std::move(context));
    // The bar tells of this snapshot, not the one before (a reload through other Codec Server settings).
    if (m_model->payloadContext().decoded)
        m_codecBar->update(*m_model->payloadContext().decoded);
    if (m_model->rowCount() > 0)
        select(m_model->index(0, 0));
    Q_EMIT historyGrown();
}

void HistoryView::appendHistory(History grown, PayloadContext context)
{
    const bool wasEmpty = m_model->rowCount() == 0;
    const size_t notesBefore = m_model->history().noticeCount();
    m_model->appendHistory(std::move(grown), std::move(context));
    if (m_model->payloadContext().decoded)
        m_codecBar->update(*m_model->payloadContext().decoded);
    if (m_model->history().noticeCount() != notesBefore) {
        // The reading notes are built from a history; a new bar takes the old one's place.
        auto* replacement = new ReadNotesBar(m_model->history(), m_notes->parentWidget());
        connect(replacement, &ReadNotesBar::eventActivated, this, [this](int eventIndex) { select(m_model->eventIndex(eventIndex)); });
        m_notes->parentWidget()->layout()->replaceWidget(m_notes, replacement);
        m_notes->deleteLater();
        m_notes = replacement;
    }
    if (wasEmpty && m_model->rowCount() > 0)
        select(m_model->index(0, 0));
    Q_EMIT historyGrown();
}

} // namespace hl
