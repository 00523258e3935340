#include "ui/frontend/workflowspanel.h"

#include "frontend/frontendclient.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "session/settingswriter.h"
#include "session/workthreads.h"

namespace hl {

namespace {

constexpr int kPageSize = 100;
constexpr int kQueriesKept = 20;
const char* const kQueriesKey = "workflows/recentQueries";
const char* const kSavedKey = "workflows/savedQueries";
enum Column { IdColumn, RunIdColumn, TypeColumn, StatusColumn, StartColumn, CloseColumn, EventsColumn, TaskQueueColumn, ColumnCount };

} // namespace

WorkflowsPanel::WorkflowsPanel(QWidget* parent)
    : QWidget(parent)
    , m_connectionLabel(new QLabel(tr("Not connected"), this))
    , m_query(new QComboBox(this))
    , m_saved(new QToolButton(this))
    , m_openId(new QLineEdit(this))
    , m_table(new QTreeWidget(this))
    , m_footer(new QLabel(this))
    , m_more(new QPushButton(tr("Load More"), this))
{
    auto* connectButton = new QPushButton(tr("Connect…"), this);
    connect(connectButton, &QPushButton::clicked, this, &WorkflowsPanel::connectRequested);
    auto* top = new QHBoxLayout;
    top->addWidget(m_connectionLabel, 1);
    top->addWidget(connectButton);

    m_query->setEditable(true);
    m_query->setInsertPolicy(QComboBox::NoInsert);
    m_query->lineEdit()->setPlaceholderText(tr("Visibility query, e.g. WorkflowType='Order' AND StartTime > '2026-11-01T00:00:00Z'"));
    m_query->addItems(SettingsWriter::value(QLatin1String(kQueriesKey)).toStringList());
    m_query->setCurrentIndex(-1);
    connect(m_query->lineEdit(), &QLineEdit::returnPressed, this, &WorkflowsPanel::refresh);
    connect(m_query, &QComboBox::activated, this, &WorkflowsPanel::refresh);
    auto* search = new QPushButton(tr("Search"), this);
    connect(search, &QPushButton::clicked, this, &WorkflowsPanel::refresh);
    m_saved->setText(tr("Saved"));
    m_saved->setPopupMode(QToolButton::InstantPopup);
    m_saved->setMenu(new QMenu(m_saved));
    updateSavedMenu();
    auto* queryRow = new QHBoxLayout;
    queryRow->addWidget(m_query, 1);
    queryRow->addWidget(search);
    queryRow->addWidget(m_saved);

    // Two rows of status buttons keep the panel narrow enough to sit beside a history.
    auto* statusRow = new QGridLayout;
    statusRow->setSpacing(2);
    auto* group = new QButtonGroup(this);
    QStringList statuses{QString()};
    statuses += WorkflowListing::statusNames();
    for (const QString& status : statuses) {
        auto* button = new QToolButton(this);
        button->setText(status.isEmpty() ? tr("All") : status);
        button->setCheckable(true);
        button->setChecked(status.isEmpty());
        button->setProperty("status", status);
        group->addButton(button);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        statusRow->addWidget(button, int(m_statusButtons.size()) / 4, int(m_statusButtons.size()) % 4);
        m_statusButtons << button;
        connect(button, &QToolButton::clicked, this, [this, status] { setStatusFilter(status); });
    }

    m_openId->setPlaceholderText(tr("Open a workflow by id"));
    connect(m_openId, &QLineEdit::returnPressed, this, [this] {
        const QString id = m_openId->text().trimmed();
        if (!id.isEmpty() && m_client)
            Q_EMIT openRequested(WorkflowRef{id, {}});
    });

    m_table->setColumnCount(ColumnCount);
    m_table->setHeaderLabels({tr("Workflow ID"), tr("Run ID"), tr("Type"), tr("Status"), tr("Start"), tr("Close"), tr("Events"), tr("Task Queue")});
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(false);
    m_table->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_table, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        Q_EMIT openRequested(WorkflowRef{item->text(IdColumn), item->data(IdColumn, Qt::UserRole).toString()});
    });
    // Two rows selected compare at once; one compares with a tab chosen next.
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& position) {
        const QList<WorkflowRef> chosen = selectedWorkflows();
        if (chosen.isEmpty())
            return;
        QMenu menu(this);
        menu.addAction(chosen.size() == 1 ? tr("Open") : tr("Open %1 Workflows").arg(chosen.size()), this, [this, chosen] {
            for (const WorkflowRef& workflow : chosen)
                Q_EMIT openRequested(workflow);
        });
        if (chosen.size() == 2)
            menu.addAction(tr("Compare the Two"), this, [this, chosen] { Q_EMIT compareRequested(chosen); });
        else if (chosen.size() == 1)
            menu.addAction(tr("Compare with…"), this, [this, chosen] { Q_EMIT compareRequested(chosen); });
        menu.exec(m_table->viewport()->mapToGlobal(position));
    });

    m_more->setVisible(false);
    connect(m_more, &QPushButton::clicked, this, &WorkflowsPanel::loadMore);
    // A long message (a dead port's explanation) wraps within the panel rather than widening the window.
    m_footer->setWordWrap(true);
    m_footer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_footer->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_footer->setMinimumWidth(1);
    auto* footer = new QHBoxLayout;
    footer->addWidget(m_footer, 1);
    footer->addWidget(m_more);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(queryRow);
    layout->addLayout(statusRow);
    layout->addWidget(m_openId);
    layout->addWidget(m_table, 1);
    layout->addLayout(footer);
    connect(&m_listing, &QFutureWatcher<Answer>::finished, this, &WorkflowsPanel::showAnswer);
}

WorkflowsPanel::~WorkflowsPanel()
{
    // A listing in flight holds its own share of the client and ends within ~50 ms; nothing waits for it.
    if (m_client)
        m_client->cancel();
}

void WorkflowsPanel::setConnection(const ConnectionSettings& settings)
{
    auto client = FrontendClient::create(settings);
    m_settings = settings;
    m_table->clear();
    if (!client) {
        m_client.reset();
        m_connectionLabel->setText(tr("Not connected"));
        m_footer->setText(client.error().toString());
        return;
    }
    if (m_client)
        m_client->cancel(); // a listing of the old connection ends on its own; its answer is dropped
    m_client = std::shared_ptr<FrontendClient>(std::move(client.value()));
    m_serverVersion.clear();
    m_connectionLabel->setText(tr("%1 · namespace %2").arg(settings.profile.isEmpty() ? settings.address : settings.profile,
                                                           settings.temporalNamespace));
    m_connectionLabel->setToolTip(settings.address);
    refresh();
}

QString WorkflowsPanel::effectiveQuery() const
{
    const QString query = m_query->currentText().trimmed();
    if (m_status.isEmpty())
        return query;
    const QString status = WorkflowListing::statusQuery(m_status);
    return query.isEmpty() ? status : QStringLiteral("(%1) AND %2").arg(query, status);
}

void WorkflowsPanel::setQuery(const QString& query)
{
    m_query->setEditText(query);
    refresh();
}

void WorkflowsPanel::setStatusFilter(const QString& status)
{
    m_status = status;
    for (QToolButton* button : m_statusButtons)
        button->setChecked(button->property("status").toString() == status);
    refresh();
}

void WorkflowsPanel::refresh()
{
    rememberQuery(m_query->currentText().trimmed());
    startListing(true);
}

void WorkflowsPanel::loadMore()
{
    if (!m_nextPageToken.isEmpty())
        startListing(false);
}

void WorkflowsPanel::startListing(bool fromStart)
{
    if (!m_client)
        return;
    if (m_listing.isRunning()) {
        // Superseded: the old call ends on its own client within ~50 ms, and its answer is dropped.
        m_client->cancel();
        auto fresh = FrontendClient::create(m_settings);
        if (!fresh) {
            m_footer->setText(fresh.error().toString());
            return;
        }
        m_client = std::shared_ptr<FrontendClient>(std::move(fresh.value()));
    }
    m_appending = !fromStart;
    const QByteArray token = fromStart ? QByteArray() : m_nextPageToken;
    const QString query = effectiveQuery();
    m_footer->setText(tr("Listing…"));
    auto client = m_client;
    const bool askVersion = m_serverVersion.isEmpty();
    m_listing.setFuture(QtConcurrent::run(WorkThreads::instance().blocking(), [client, query, token, fromStart, askVersion]() -> Answer {
        Answer answer;
        if (askVersion) {
            auto system = client->systemInfo();
            if (!system) {
                answer.page = system.error();
                return answer;
            }
            answer.serverVersion = QString::fromStdString(system->server_version());
        }
        if (fromStart) {
            // A total the server cannot count is left unknown; the listing still shows.
            if (auto total = client->count(query))
                answer.total = total.value();
        }
        answer.page = WorkflowListing::page(*client, query, kPageSize, token);
        return answer;
    }));
}

void WorkflowsPanel::showAnswer()
{
    const Answer answer = m_listing.result();
    if (!answer.serverVersion.isEmpty()) {
        m_serverVersion = answer.serverVersion;
        m_connectionLabel->setText(m_connectionLabel->text() + tr(" · Temporal %1").arg(m_serverVersion));
    }
    if (!m_appending)
        m_table->clear();
    if (!answer.page) {
        if (answer.page.error().code != ErrorCode::Cancelled)
            m_footer->setText(answer.page.error().toString());
        m_more->setVisible(false);
        Q_EMIT listed();
        return;
    }
    if (!m_appending)
        m_total = answer.total;
    for (const WorkflowListing::Row& row : answer.page->rows) {
        auto* item = new QTreeWidgetItem(m_table);
        item->setText(IdColumn, row.workflow.workflowId);
        item->setData(IdColumn, Qt::UserRole, row.workflow.runId);
        item->setToolTip(IdColumn, tr("run %1").arg(row.workflow.runId));
        item->setText(RunIdColumn, row.workflow.runId);
        item->setToolTip(RunIdColumn, row.workflow.runId);
        item->setText(TypeColumn, row.type);
        item->setText(StatusColumn, row.status);
        item->setText(StartColumn, row.startTime);
        item->setText(CloseColumn, row.closeTime);
        item->setText(EventsColumn, row.historyLength > 0 ? QString::number(row.historyLength) : QString());
        item->setTextAlignment(EventsColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(TaskQueueColumn, row.taskQueue);
    }
    m_nextPageToken = answer.page->nextPageToken;
    m_more->setVisible(!m_nextPageToken.isEmpty());
    m_footer->setText(statusText());
    Q_EMIT listed();
}

QString WorkflowsPanel::connectionText() const
{
    return m_connectionLabel->text();
}

QList<WorkflowRef> WorkflowsPanel::selectedWorkflows() const
{
    QList<WorkflowRef> workflows;
    // Bottom to top: the list is newest first, so the older run comes first and is A, the one before.
    for (int i = m_table->topLevelItemCount() - 1; i >= 0; --i) {
        const QTreeWidgetItem* item = m_table->topLevelItem(i);
        if (item->isSelected())
            workflows << WorkflowRef{item->text(IdColumn), item->data(IdColumn, Qt::UserRole).toString()};
    }
    return workflows;
}

QString WorkflowsPanel::statusText() const
{
    if (m_total < 0)
        return tr("%1 workflows").arg(m_table->topLevelItemCount());
    return tr("%1 of %2 workflows").arg(m_table->topLevelItemCount()).arg(m_total);
}

void WorkflowsPanel::rememberQuery(const QString& query)
{
    if (query.isEmpty())
        return;
    QStringList queries = SettingsWriter::value(QLatin1String(kQueriesKey)).toStringList();
    queries.removeAll(query);
    queries.prepend(query);
    while (queries.size() > kQueriesKept)
        queries.removeLast();
    SettingsWriter::setValue(QLatin1String(kQueriesKey), queries);
    const QString text = m_query->currentText();
    m_query->blockSignals(true);
    m_query->clear();
    m_query->addItems(queries);
    m_query->setEditText(text);
    m_query->blockSignals(false);
}

void WorkflowsPanel::saveQuery()
{
    const QString query = m_query->currentText().trimmed();
    if (query.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save Query"), tr("Name:"), QLineEdit::Normal, query, &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    QSettings settings;
    QVariantMap saved = settings.value(QLatin1String(kSavedKey)).toMap();
    saved.insert(name.trimmed(), query);
    settings.setValue(QLatin1String(kSavedKey), saved);
    updateSavedMenu();
}

void WorkflowsPanel::updateSavedMenu()
{
    QMenu* menu = m_saved->menu();
    menu->clear();
    const QVariantMap saved = QSettings().value(QLatin1String(kSavedKey)).toMap();
    for (auto it = saved.constBegin(); it != saved.constEnd(); ++it) {
        const QString query = it.value().toString();
        QAction* action = menu->addAction(it.key(), this, [this, query] { setQuery(query); });
        action->setToolTip(query);
    }
    if (!saved.isEmpty())
        menu->addSeparator();
    menu->addAction(tr("Save This Query…"), this, &WorkflowsPanel::saveQuery);
}

} // namespace hl
