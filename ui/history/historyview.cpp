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
#include "render/usermetadata.h"
#include "ui/history/failureview.h"
#include "ui/history/fielditemdelegate.h"
#include "ui/history/historyfiltermodel.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/payloaddetailview.h"
#include "ui/history/readnotesbar.h"
#include "ui/timeline/timelinepanel.h"
#include "ui/timeline/timelineview.h"

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
#include <QEvent>
#include <QScopedValueRollback>
#include <QVBoxLayout>

#include <functional>

namespace hl {

namespace {

constexpr int kSearchDelayMs = 250;

} // namespace

HistoryView::HistoryView(History history, PayloadContext context, QString sourceName, QWidget* parent)
    : QWidget(parent), m_sourceName(std::move(sourceName)), m_model(new HistoryTreeModel(this)),
      m_filter(new HistoryFilterModel(this)), m_tree(new QTreeView(this)), m_detail(new PayloadDetailView(this)),
      m_searchBar(new QWidget(this)), m_regex(new QCheckBox(tr("Regular e&xpression"), m_searchBar)),
      m_problemsOnly(new QCheckBox(tr("Problems only"), m_searchBar)), m_categories(new QToolButton(m_searchBar)),
      m_statuses(new QToolButton(m_searchBar)), m_searchStatus(new QLabel(m_searchBar)),
      m_wrapNotice(new QLabel(m_searchBar)), m_wrapNoticeTimer(new QTimer(this)), m_searchDelay(new QTimer(this))
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
    m_tree->setItemDelegate(new FieldItemDelegate(m_tree));
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setMinimumSectionSize(24);
    fitColumns();
    // A field row spans the tree: its name, then its value where the Details column is, so the first column only
    // needs to fit event ids however deep one expands.
    connect(m_tree, &QTreeView::expanded, this, &HistoryView::spanFieldRows);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &HistoryView::spanExpandedRows);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryView::fitColumns);
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] { m_matchRowsDirty = true; });
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, [this] { m_matchRowsDirty = true; });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] { m_matchRowsDirty = true; });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, [this] { m_matchRowsDirty = true; });
    connect(m_tree->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (!m_fittingColumns && section != HistoryTreeModel::DetailsColumn)
            m_userSizedColumns = true;
    });
    m_tree->viewport()->installEventFilter(this);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, [this](const QPoint& position) {
        const QModelIndex index = m_tree->indexAt(position);
        if (!index.isValid())
            return;
        QMenu menu;
        menu.addActions(copyActions(&menu));
        const QList<QAction*> links = workflowLinkActions(index, &menu);
        if (!links.isEmpty()) {
            menu.addSeparator();
            menu.addActions(links);
        }
        menu.exec(m_tree->viewport()->mapToGlobal(position));
    });
    auto* copy = new QAction(tr("Copy Value"), m_tree);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, m_detail, &PayloadDetailView::copyValue);
    m_tree->addAction(copy);
    connect(m_notes, &ReadNotesBar::eventActivated, this, [this](int eventIndex) { select(m_model->eventIndex(eventIndex)); });
    connect(m_detail, &PayloadDetailView::addKeyRequested, this, &HistoryView::addKeyRequested);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
        showSelected(current);
        updateMatchStatus();
        if (m_timeline->isVisible() && current.isValid())
            m_timeline->view()->selectEvent(m_filter->mapToSource(current).data(HistoryTreeModel::EventIndexRole).toInt());
    });

    // The find bar: the match count and arrows, regex, category and problem filters. The text is the window's one
    // search box.
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
    previous->setToolTip(tr("Previous match (Shift+F3, Shift+Enter)"));
    auto* next = new QToolButton(m_searchBar);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (F3, Enter)"));
    connect(previous, &QToolButton::clicked, this, [this] { selectNextMatch(true); });
    connect(next, &QToolButton::clicked, this, [this] { selectNextMatch(false); });
    auto* close = new QToolButton(m_searchBar);
    close->setText(QStringLiteral("\u2715"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close the find bar (Escape): ends the search and the filters"));
    connect(close, &QToolButton::clicked, this, &HistoryView::closeSearch);
    m_searchStatus->setMinimumWidth(m_searchStatus->fontMetrics().horizontalAdvance(QStringLiteral("51200 of 51200")));
    m_wrapNotice->setVisible(false);
    m_wrapNoticeTimer->setSingleShot(true);
    m_wrapNoticeTimer->setInterval(2500);
    connect(m_wrapNoticeTimer, &QTimer::timeout, m_wrapNotice, &QWidget::hide);
    auto* barLayout = new QHBoxLayout(m_searchBar);
    barLayout->setContentsMargins(4, 2, 4, 2);
    barLayout->addWidget(previous);
    barLayout->addWidget(next);
    barLayout->addWidget(m_searchStatus);
    barLayout->addWidget(m_wrapNotice);
    barLayout->addStretch(1);
    barLayout->addWidget(m_regex);
    barLayout->addWidget(m_categories);
    barLayout->addWidget(m_statuses);
    barLayout->addWidget(m_problemsOnly);
    barLayout->addWidget(close);
    m_searchBar->setVisible(false);

    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    connect(m_searchDelay, &QTimer::timeout, this, &HistoryView::startSearch);
    connect(m_regex, &QCheckBox::toggled, this, &HistoryView::startSearch);
    connect(m_problemsOnly, &QCheckBox::toggled, this, &HistoryView::updateFilters);
    auto* escape = new QAction(tr("Close the Find Bar"), this);
    escape->setShortcut(Qt::Key_Escape);
    escape->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QAction::triggered, this, [this] {
        if (isSearchShown())
            closeSearch();
    });
    addAction(escape);

    // The timeline above the tree (View › Timeline), laid out when first shown.
    m_timeline = new TimelinePanel(this);
    m_timeline->setVisible(false);
    m_timeline->setHistory(m_model->history(), m_model->payloadContext());
    connect(m_timeline, &TimelinePanel::eventActivated, this, &HistoryView::selectEventFromTimeline);
    connect(m_model, &HistoryTreeModel::timeFormatChanged, this, [this] {
        m_timeline->setTimeFormat(TimelineTicks::Format(int(m_model->timeFormat())));
    });
    connect(m_timeline, &TimelinePanel::timelineShown, this, [this] {
        fitTimelineHeight();
        m_timeline->view()->setMatches(m_model->matches());
        const QModelIndex current = currentSourceIndex();
        if (current.isValid())
            m_timeline->view()->selectEvent(current.data(HistoryTreeModel::EventIndexRole).toInt());
    });

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(0);
    leftLayout->addWidget(m_codecBar);
    leftLayout->addWidget(m_notes);
    m_timelineSplitter = new QSplitter(Qt::Vertical, left);
    m_timelineSplitter->addWidget(m_timeline);
    m_timelineSplitter->addWidget(m_tree);
    m_timelineSplitter->setStretchFactor(0, 1);
    m_timelineSplitter->setStretchFactor(1, 1);
    connect(m_timelineSplitter, &QSplitter::splitterMoved, this, [this] { m_timelineSizedByUser = true; });
    connect(m_timeline->view(), &TimelineView::rowsChanged, this, &HistoryView::fitTimelineHeight);
    m_timelineSplitter->setChildrenCollapsible(false);
    leftLayout->addWidget(m_timelineSplitter, 1);
    splitter->addWidget(left);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({800, 400});
    splitter->setChildrenCollapsible(false);
    m_tree->setMinimumWidth(300);
    m_detail->setMinimumWidth(220);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_searchBar); // across the whole tab: its filters fit at the window's smallest width
    layout->addWidget(splitter, 1);
    if (m_model->rowCount() > 0)
        select(m_model->index(0, 0));
}

bool HistoryView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_tree->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
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
        m_timeline->setHistory(m_model->history(), context); // summaries and failure messages decoded anew
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

// The first column fits the largest event id (in a group, one level deeper), the time column its text, the type
// column its names while the Details column keeps at least a third of the tree; Details takes the rest. Done again
// as the tree is resized, until the user sizes a column.
void HistoryView::fitColumns()
{
    if (m_userSizedColumns)
        return;
    const QScopedValueRollback<bool> fitting(m_fittingColumns, true);
    const QFontMetrics metrics(m_tree->font());
    const History& history = m_model->history();
    const int lastId = history.isEmpty() ? 0 : int(history.event(history.eventCount() - 1).event_id());
    const int idWidth = metrics.horizontalAdvance(QString(qMax(3, int(QString::number(lastId).size())), QLatin1Char('8')));
    const int header = metrics.horizontalAdvance(tr("Event")) + 24;
    const int name = qMax(header, idWidth + 2 * m_tree->indentation() + 12);
    const QString sampleTime = history.isEmpty() ? QStringLiteral("2026-12-31T23:59:59.999Z")
                                                 : m_model->index(0, HistoryTreeModel::TimeColumn).data().toString();
    const int time = metrics.horizontalAdvance(sampleTime) + 16;
    const int type = metrics.horizontalAdvance(QStringLiteral("WorkflowExecutionContinuedAsNew")) + 36;
    const int available = m_tree->viewport()->width() - name - time;
    m_tree->setColumnWidth(HistoryTreeModel::NameColumn, name);
    m_tree->setColumnWidth(HistoryTreeModel::TimeColumn, time);
    m_tree->setColumnWidth(HistoryTreeModel::TypeColumn, qBound(120, available * 3 / 5, type));
}

void HistoryView::spanFieldRows(const QModelIndex& viewParent)
{
    const int rows = m_filter->rowCount(viewParent);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex child = m_filter->index(row, 0, viewParent);
        if (child.data(HistoryTreeModel::IsFieldRole).toBool() && !m_tree->isFirstColumnSpanned(row, viewParent))
            m_tree->setFirstColumnSpanned(row, viewParent, true);
    }
}

// After the filters change, rows that were expanded are spanned again: the view keeps what is expanded but the
// proxy's rows it spans may have moved.
void HistoryView::spanExpandedRows()
{
    std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
        const int rows = m_filter->rowCount(parent);
        for (int row = 0; row < rows; ++row) {
            const QModelIndex child = m_filter->index(row, 0, parent);
            if (m_tree->isExpanded(child)) {
                spanFieldRows(child);
                walk(child);
            }
        }
    };
    // Only expanded rows are walked into; a top level of 51,200 rows costs a flag test each.
    walk(QModelIndex());
}

void HistoryView::showSelected(const QModelIndex& viewIndex)
{
    const QModelIndex index = m_filter->mapToSource(viewIndex);
    if (!index.isValid())
        return m_detail->clear();
    const int eventIndex = index.data(HistoryTreeModel::EventIndexRole).toInt();
    const History& history = m_model->history();
    const PayloadContext& context = m_model->payloadContext();
    const auto& event = history.event(eventIndex);
    QString where = tr("Event %1 · %2").arg(event.event_id()).arg(EventText::typeName(history, eventIndex));
    const QString path = index.data(HistoryTreeModel::FieldPathRole).toString();
    const bool field = index.data(HistoryTreeModel::IsFieldRole).toBool();
    if (field)
        where += QStringLiteral(" · ") + path;
    if (const auto payload = index.data(HistoryTreeModel::PayloadRole).value<quintptr>()) {
        m_detail->showPayload(*reinterpret_cast<const temporal::api::common::v1::Payload*>(payload), context, where);
        // User metadata's details are Markdown for people to read.
        if (path == QLatin1String("userMetadata.details"))
            m_detail->showMarkdown(UserMetadata::details(event, context));
    } else if (const auto message = index.data(HistoryTreeModel::MessageRole).value<quintptr>(); message && field) {
        m_detail->showMessage(*reinterpret_cast<const google::protobuf::Message*>(message), context, where);
    } else if (const QVariant value = index.data(HistoryTreeModel::ValueRole); value.isValid()) {
        m_detail->showText(value.toString(), where);
    } else {
        m_detail->showMessage(event, context, where);
        if (!field)
            m_detail->showMarkdown(UserMetadata::details(event, context));
    }
    m_detail->setSelection(history, eventIndex, index.data(HistoryTreeModel::CopyPathRole).toString(), context);
    if (const auto failure = index.data(HistoryTreeModel::FailureObjectRole).value<quintptr>()) {
        // The failure's cards come to the front for the failure itself and for a failed event; a field inside the
        // failure shows that field first, with the cards a tab away.
        const bool front = !field || (index.data(HistoryTreeModel::MessageRole).value<quintptr>() == failure);
        m_detail->showFailure(*reinterpret_cast<const temporal::api::failure::v1::Failure*>(failure), context,
                              index.data(HistoryTreeModel::FailureObjectPathRole).toString(), front);
    }
}

void HistoryView::refreshDetail()
{
    showSelected(m_tree->currentIndex());
}

QList<QAction*> HistoryView::copyActions(QObject* parent)
{
    QList<QAction*> actions;
    auto add = [&](const QString& text, const QKeySequence& shortcut, auto slot) {
        auto* action = new QAction(text, parent);
        action->setShortcut(shortcut);
        connect(action, &QAction::triggered, m_detail, slot);
        actions << action;
    };
    add(tr("Copy &Value"), QKeySequence::Copy, &PayloadDetailView::copyValue);
    add(tr("Copy &Path"), {}, &PayloadDetailView::copyPath);
    add(tr("Copy &Event as JSON"), {}, &PayloadDetailView::copyEventJson);
    if (!m_detail->failureView()->chain().levels().empty()) {
        FailureView* failure = m_detail->failureView();
        auto* message = new QAction(tr("Copy Failure &Message"), parent);
        connect(message, &QAction::triggered, failure, [failure] { failure->copy(FailureView::Copy::Message, 0); });
        auto* stack = new QAction(tr("Copy &Stack Trace"), parent);
        connect(stack, &QAction::triggered, failure, [failure] { failure->copy(FailureView::Copy::StackTrace, 0); });
        auto* json = new QAction(tr("Copy &Failure as JSON"), parent);
        connect(json, &QAction::triggered, failure, [failure] { failure->copy(FailureView::Copy::Json, 0); });
        actions << message << stack << json;
    }
    return actions;
}

bool HistoryView::selectNextEvent(bool backwards, int role)
{
    const int rows = m_filter->rowCount();
    QModelIndex current = m_tree->currentIndex();
    while (current.parent().isValid())
        current = current.parent();
    const int start = current.isValid() ? current.row() : (backwards ? rows : -1);
    const bool wraps = role == HistoryTreeModel::MatchRole;
    for (int step = 1; step <= rows; ++step) {
        int row = backwards ? start - step : start + step;
        const bool wrapped = row < 0 || row >= rows;
        if (wrapped && !wraps)
            break;
        row = (row + rows) % rows;
        const QModelIndex candidate = m_filter->index(row, 0);
        if (candidate.data(role).toBool()) {
            m_tree->setCurrentIndex(candidate);
            m_tree->scrollTo(candidate);
            if (wrapped) {
                m_wrapNotice->setText(backwards ? tr("Search wrapped to the bottom") : tr("Search wrapped to the top"));
                m_wrapNotice->setVisible(true);
                m_wrapNoticeTimer->start();
            }
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
    if (m_searchDelay->isActive()) // Enter before the pause ended: search now, then go to the first match
        startSearch();
    return selectNextEvent(backwards, HistoryTreeModel::MatchRole);
}

void HistoryView::showSearch()
{
    m_searchBar->setVisible(true);
}

void HistoryView::closeSearch()
{
    m_searchDelay->stop();
    m_searchText.clear();
    startSearch();
    {
        const QSignalBlocker blockProblems(m_problemsOnly);
        m_problemsOnly->setChecked(false);
        for (QAction* action : m_categories->menu()->actions()) {
            const QSignalBlocker block(action);
            action->setChecked(true);
        }
        for (QAction* action : m_statuses->menu()->actions()) {
            const QSignalBlocker block(action);
            action->setChecked(false);
        }
    }
    updateFilters();
    m_searchBar->setVisible(false);
    m_tree->setFocus();
    if (m_tree->currentIndex().isValid())
        m_tree->scrollTo(m_tree->currentIndex());
    Q_EMIT searchClosed();
}

bool HistoryView::isSearchShown() const
{
    return !m_searchBar->isHidden();
}

void HistoryView::setSearchText(const QString& text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    if (!text.isEmpty())
        m_searchBar->setVisible(true);
    m_searchDelay->start();
}

// The rows the filters show that match, found once after a search, a filter change or new rows: stepping through
// 51,200 rows then costs a binary search per move, not a pass.
const std::vector<int>& HistoryView::visibleMatchRows() const
{
    if (m_matchRowsDirty) {
        m_visibleMatchRows.clear();
        if (!m_model->matches().empty()) {
            const int rows = m_filter->rowCount();
            for (int row = 0; row < rows; ++row) {
                if (m_filter->index(row, 0).data(HistoryTreeModel::MatchRole).toBool())
                    m_visibleMatchRows.push_back(row);
            }
        }
        m_matchRowsDirty = false;
    }
    return m_visibleMatchRows;
}

int HistoryView::visibleMatchCount() const
{
    return int(visibleMatchRows().size());
}

int HistoryView::currentMatchNumber() const
{
    QModelIndex current = m_tree->currentIndex();
    while (current.parent().isValid())
        current = current.parent();
    const std::vector<int>& rows = visibleMatchRows();
    const auto found = current.isValid() ? std::lower_bound(rows.begin(), rows.end(), current.row()) : rows.end();
    return found != rows.end() && *found == current.row() ? int(found - rows.begin()) + 1 : 0;
}

QString HistoryView::matchStatusText() const
{
    return m_searchStatus->text();
}

void HistoryView::updateMatchStatus()
{
    if (m_searching || m_searchText.isEmpty() || m_searchBar->isHidden()) {
        if (m_searchText.isEmpty())
            m_searchStatus->clear();
        return;
    }
    if (m_searchStatus->text().startsWith(tr("Invalid expression")))
        return;
    const int count = visibleMatchCount();
    if (count == 0) {
        m_searchStatus->setText(m_model->matches().empty() ? tr("No matches") : tr("No matches shown (filters)"));
        return;
    }
    const int number = currentMatchNumber();
    m_searchStatus->setText(number > 0 ? tr("%1 of %2").arg(number).arg(count)
                                       : (count == 1 ? tr("1 match") : tr("%1 matches").arg(count)));
}

void HistoryView::search(const QString& text, bool regularExpression)
{
    m_searchBar->setVisible(true);
    const QSignalBlocker blockRegex(m_regex);
    m_searchText = text;
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
    auto search = std::make_shared<EventSearch>(m_searchText, m_regex->isChecked());
    if (!search->isValid()) {
        m_searchStatus->setText(tr("Invalid expression: %1").arg(search->errorString()));
        m_model->setMatches({});
        m_timeline->view()->setMatches({});
        return;
    }
    m_searchStatus->setText(search->isEmpty() ? QString() : tr("Searching…"));
    m_searching = new SearchTask(search, m_model->history(), m_model->payloadContext(), this);
    connect(m_searching, &SearchTask::finished, this, [this] {
        std::vector<int> found = m_searching->matches();
        m_searching->deleteLater();
        m_searching = nullptr;
        const int count = int(found.size());
        m_timeline->view()->setMatches(found);
        m_model->setMatches(std::move(found));
        m_matchRowsDirty = true;
        m_searchStatus->clear();
        updateMatchStatus();
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
    m_matchRowsDirty = true;
    updateMatchStatus();
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
    m_timeline->setHistory(m_model->history(), m_model->payloadContext());
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
    m_timeline->appendHistory(m_model->history(), m_model->payloadContext());
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

void HistoryView::setTimelineShown(bool shown)
{
    if (shown == m_timeline->isVisible())
        return;
    m_timeline->setVisible(shown);
    if (shown) {
        m_timeline->setTimeFormat(TimelineTicks::Format(int(m_model->timeFormat())));
        fitTimelineHeight();
    }
}

// The timeline grows to the height its rows need (as lanes arrive or a group opens), at most half of the tab; the
// tree keeps the rest. Once the splitter has been dragged, the height is the user's.
void HistoryView::fitTimelineHeight()
{
    if (m_timelineSizedByUser || !m_timeline->isVisible() || !m_timeline->view()->timeline())
        return;
    const int height = m_timelineSplitter->height();
    const int timeline = std::min(height / 2, m_timeline->preferredHeight());
    if (!m_timelineSized || timeline > m_timelineSplitter->sizes().value(0))
        m_timelineSplitter->setSizes({timeline, height - timeline});
    m_timelineSized = true;
}

bool HistoryView::isTimelineShown() const
{
    return m_timeline->isVisible();
}

void HistoryView::setRunsUntilNow(bool live)
{
    m_timeline->setRunsUntilNow(live);
}

// A bar or marker clicked: its event's row (in the Grouped view, its group's), and its detail.
void HistoryView::selectEventFromTimeline(int eventIndex)
{
    QModelIndex index = m_model->eventIndex(eventIndex);
    if (index.parent().isValid() && !index.data(HistoryTreeModel::IsFieldRole).toBool())
        index = index.parent();
    if (!m_filter->mapFromSource(index).isValid()) {
        // Filtered out: the filters give way to the selection rather than ignore the click.
        if (isSearchShown())
            closeSearch();
    }
    select(index);
}

} // namespace hl

