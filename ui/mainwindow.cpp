#include "mainwindow.h"

#include "codecserving.h"
#include "servecodecdialog.h"

#include "connectdialog.h"
#include "codecserverdialog.h"
#include "codecserverpreferences.h"
#include "codecserverresolver.h"
#include "frontendtab.h"
#include "historytreemodel.h"
#include "historyview.h"
#include "keysdialog.h"
#include "workflowspanel.h"
#include "render/historyjsonwriter.h"
#include "keys/sessionkeystore.h"
#include "session/historyloadjob.h"

#include <QAction>
#include <QActionGroup>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QToolBar>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QFileOpenEvent>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace hl {

namespace {

constexpr int kMaxRecentFiles = 10;

QString stageText(HistoryLoadJob::Stage stage)
{
    switch (stage) {
    case HistoryLoadJob::Stage::Reading: return QObject::tr("Reading");
    case HistoryLoadJob::Stage::FetchingKeys: return QObject::tr("Fetching keys");
    case HistoryLoadJob::Stage::Decoding: return QObject::tr("Decoding payloads");
    case HistoryLoadJob::Stage::CodecServer: return QObject::tr("Decoding through the Codec Server");
    case HistoryLoadJob::Stage::Done: break;
    }
    return {};
}

} // namespace

MainWindow::MainWindow(SessionKeyStore* keys, QWidget* parent)
    : QMainWindow(parent), m_keys(keys), m_tabs(new QTabWidget(this)), m_progress(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_status(new QLabel(this))
{
    setAcceptDrops(true);
    // macOS hands files opened from Finder (double-click, Open With) to the application as events, not arguments.
    qApp->installEventFilter(this);
    m_codecServers = new CodecServerResolver(&m_keychain, this);
    connect(m_codecServers, &CodecServerResolver::changed, this, &MainWindow::codecServerChanged);
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget* page = m_tabs->widget(index);
        m_tabs->removeTab(index);
        page->deleteLater();
        updateTitle();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateTitle);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateStatus);

    m_progress->setMaximumWidth(240);
    m_progress->setRange(0, 100);
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    connect(m_cancel, &QPushButton::clicked, this, &MainWindow::cancelLoading);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    m_serving = new CodecServing(m_keys, &m_keychain, this);
    m_servingStatus = new QLabel(this);
    m_servingStatus->setVisible(false);
    statusBar()->addPermanentWidget(m_servingStatus);
    auto showServing = [this] {
        m_servingStatus->setVisible(m_serving->isRunning());
        if (m_serving->isRunning())
            m_servingStatus->setText(tr("Serving codec at %1 · %2 requests").arg(m_serving->url()).arg(m_serving->statistics().requests));
    };
    connect(m_serving, &CodecServing::runningChanged, this, showServing);
    connect(m_serving, &CodecServing::statisticsChanged, this, showServing);

    m_workflows = new WorkflowsPanel(this);
    m_workflowsDock = new QDockWidget(tr("Workflows"), this);
    m_workflowsDock->setObjectName(QStringLiteral("workflows"));
    m_workflowsDock->setWidget(m_workflows);
    addDockWidget(Qt::LeftDockWidgetArea, m_workflowsDock);
    m_workflowsDock->hide();
    connect(m_workflows, &WorkflowsPanel::connectRequested, this, &MainWindow::showConnectDialog);
    connect(m_workflows, &WorkflowsPanel::openRequested, this,
            [this](const WorkflowRef& workflow) { openWorkflow(m_workflows->connection(), workflow); });

    createMenus();
    createToolBar();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1280, 800);
    updateTitle();
}

MainWindow::~MainWindow()
{
    m_serving->disconnect(this);
    m_serving->stop();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a workflow history"), QString(),
                                                          tr("Histories (*.json *.jsonl *.bin *.binpb *.pb *.gz);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    });
    open->setShortcut(QKeySequence::Open);
    QAction* connectAction = file->addAction(tr("&Connect to Temporal…"), this, &MainWindow::showConnectDialog);
    connectAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_O);
    connectAction->setObjectName(QStringLiteral("connect"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    updateRecentMenu();
    QMenu* exportMenu = file->addMenu(tr("&Export Decoded History"));
    exportMenu->addAction(tr("As &JSON (replayable)…"), this, [this] { exportCurrent(false); });
    exportMenu->addAction(tr("As &Readable JSON…"), this, [this] { exportCurrent(true); });
    file->addSeparator();
    QAction* keys = file->addAction(tr("&Keys…"), this, [this] { showKeys(); });
    keys->setShortcut(Qt::CTRL | Qt::Key_K);
    QAction* codecServer = file->addAction(tr("Codec &Server…"), this, [this] { showCodecServerSettings(); });
    codecServer->setObjectName(QStringLiteral("codecServer"));
    codecServer->setToolTip(tr("Decode what local keys cannot through a remote Codec Server"));
    file->addAction(tr("Ser&ve Codec…"), this, [this] { showServeCodec(); });
    QAction* close = file->addAction(tr("&Close Tab"), this, [this] {
        if (m_tabs->currentIndex() >= 0)
            Q_EMIT m_tabs->tabCloseRequested(m_tabs->currentIndex());
    });
    close->setShortcut(QKeySequence::Close);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* next = view->addAction(tr("&Next Failure"), this, [this] {
        if (HistoryView* current = currentView(); current && !current->selectNextFailure())
            statusBar()->showMessage(tr("No failure after this event"), 3000);
    });
    next->setShortcut(Qt::Key_F8);
    QAction* previous = view->addAction(tr("&Previous Failure"), this, [this] {
        if (HistoryView* current = currentView(); current && !current->selectNextFailure(true))
            statusBar()->showMessage(tr("No failure before this event"), 3000);
    });
    previous->setShortcut(Qt::SHIFT | Qt::Key_F8);
    view->addSeparator();
    QAction* grouped = view->addAction(tr("&Grouped"), this, [this](bool checked) {
        QSettings().setValue(QStringLiteral("view/grouped"), checked);
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (HistoryView* each = this->view(i))
                each->model()->setGrouped(checked);
        }
    });
    grouped->setCheckable(true);
    grouped->setChecked(QSettings().value(QStringLiteral("view/grouped"), false).toBool());
    grouped->setShortcut(Qt::CTRL | Qt::Key_G);
    grouped->setToolTip(tr("An activity's, timer's, child workflow's... events as one row"));
    QMenu* time = view->addMenu(tr("&Time"));
    auto* timeGroup = new QActionGroup(this);
    const int savedFormat = QSettings().value(QStringLiteral("view/timeFormat"), 0).toInt();
    const QStringList timeNames = {tr("&UTC"), tr("&Local Time"), tr("&Since Workflow Start")};
    for (int format = 0; format < timeNames.size(); ++format) {
        QAction* action = time->addAction(timeNames[format], this, [this, format] { applyTimeFormat(format); });
        action->setCheckable(true);
        action->setChecked(format == savedFormat);
        timeGroup->addAction(action);
    }
    view->addSeparator();
    view->addAction(m_workflowsDock->toggleViewAction());
    m_reloadAction = view->addAction(tr("&Reload"), this, [this] {
        if (FrontendTab* tab = frontendTab(m_tabs->currentIndex()))
            tab->reload();
    });
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    m_followAction = view->addAction(tr("F&ollow"), this, [this](bool follow) {
        if (FrontendTab* tab = frontendTab(m_tabs->currentIndex()))
            tab->setFollowing(follow);
    });
    m_followAction->setCheckable(true);
    m_followAction->setToolTip(tr("Append new events of a running workflow as they happen"));
    QAction* find = view->addAction(tr("&Find…"), this, [this] {
        if (HistoryView* current = currentView())
            current->showSearch();
    });
    find->setShortcut(QKeySequence::Find);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About HistoryLens"), this, [this] {
        QMessageBox::about(this, tr("About HistoryLens"),
                           tr("<h3>HistoryLens %1</h3>"
                              "<p>Temporal workflow histories with their payloads decoded locally.</p>"
                              "<p>Built with Qt %2 (LGPL-3.0), QtKeychain (BSD-3-Clause), protobuf (BSD-3-Clause), "
                              "gRPC (Apache-2.0), OpenSSL (Apache-2.0), simdjson (Apache-2.0), zlib (Zlib), "
                              "libdeflate (MIT), snappy (BSD-3-Clause), toml++ (MIT), yaml-cpp (MIT), cpp-httplib (MIT), "
                              "cjose and jansson (MIT), and the Temporal API definitions (MIT).</p>")
                               .arg(QStringLiteral(HL_VERSION_STRING), QString::fromLatin1(qVersion())));
    });
}

void MainWindow::openFile(const QString& path)
{
    m_queue << path;
    if (!isLoading())
        loadNext();
}

void MainWindow::loadNext()
{
    if (m_queue.isEmpty())
        return;
    const QString path = m_queue.takeFirst();
    m_job = new HistoryLoadJob(path, keyStores(), {}, this);
    m_resolvingCodecServer = true;
    connect(m_job, &HistoryLoadJob::progressed, this, [this](HistoryLoadJob::Stage stage, int percent) {
        m_progress->setValue(percent);
        m_progress->setFormat(stageText(stage) + QStringLiteral(" %p%"));
    });
    connect(m_job, &HistoryLoadJob::finished, this, &MainWindow::jobFinished);
    m_status->setText(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    m_progress->setValue(0);
    m_progress->setFormat(stageText(HistoryLoadJob::Stage::Reading) + QStringLiteral(" %p%"));
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    QPointer<HistoryLoadJob> job = m_job;
    QPointer<MainWindow> self(this); // the keychain may answer after the window is gone
    m_codecServers->resolve(CodecServerPreferences::fileScope(), QString(), nullptr, [self, job](std::shared_ptr<CodecServerClient> client) {
        if (self)
            self->m_resolvingCodecServer = false;
        if (!self || !job)
            return;
        job->setCodecServer(std::move(client));
        job->start();
    });
}

void MainWindow::cancelLoading()
{
    m_queue.clear();
    if (m_job)
        m_job->cancel();
}

bool MainWindow::isLoading() const
{
    return m_resolvingCodecServer || (m_job && m_job->isRunning());
}

void MainWindow::jobFinished()
{
    HistoryLoadJob* job = m_job;
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_status->clear();
    const auto& result = job->result();
    if (!result.ok()) {
        if (result.error().code == ErrorCode::Cancelled)
            statusBar()->showMessage(tr("Loading cancelled"), 5000);
        else
            showError(result.error().toString());
    } else {
        const auto& outcome = result.value();
        for (const Error& error : outcome.keyStoreErrors)
            statusBar()->showMessage(error.toString(), 10000);
        rememberRecent(job->path());
        if (outcome.file.histories.size() == 1) {
            PayloadContext context;
            context.decoded = outcome.decoded.front();
            auto* view = new HistoryView(outcome.file.histories.front(), context, outcome.file.sourceName);
            view->setCodecServer(job->codecServer());
            addView(view);
        } else {
            chooseWorkflow();
            return; // the picker continues with the queue
        }
    }
    job->deleteLater();
    Q_EMIT loadFinished();
    loadNext();
}

void MainWindow::chooseWorkflow()
{
    // A Cloud export holds several workflows: pick which to open (each opens in its own tab).
    HistoryLoadJob* job = m_job;
    const auto& outcome = job->result().value();
    auto* dialog = new QDialog(this);
    dialog->setWindowTitle(tr("Workflows in %1").arg(QFileInfo(outcome.file.sourceName).fileName()));
    auto* list = new QListWidget(dialog);
    list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    for (const History& history : outcome.file.histories) {
        list->addItem(tr("%1 · %2 · %3 events").arg(history.workflowType(), history.workflowId()).arg(history.eventCount()));
        list->item(list->count() - 1)->setToolTip(history.runId());
    }
    list->setCurrentRow(0);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, dialog);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(new QLabel(tr("This file holds %1 workflows. Open:").arg(outcome.file.histories.size()), dialog));
    layout->addWidget(list);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(list, &QListWidget::itemDoubleClicked, dialog, &QDialog::accept);
    connect(dialog, &QDialog::finished, this, [this, dialog, list, job](int code) {
        if (code == QDialog::Accepted) {
            const auto& picked = job->result().value();
            for (const QListWidgetItem* item : list->selectedItems()) {
                const size_t index = size_t(list->row(item));
                PayloadContext context;
                context.decoded = picked.decoded[index];
                auto* view = new HistoryView(picked.file.histories[index], context, picked.file.sourceName);
                view->setCodecServer(job->codecServer());
                addView(view);
            }
        }
        dialog->deleteLater();
        job->deleteLater();
        Q_EMIT loadFinished();
        loadNext();
    });
    dialog->open();
}

void MainWindow::applyTimeFormat(int format)
{
    QSettings().setValue(QStringLiteral("view/timeFormat"), format);
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (HistoryView* view = this->view(i))
            view->model()->setTimeFormat(HistoryTreeModel::TimeFormat(format));
    }
}

std::vector<KeyStore*> MainWindow::keyStores()
{
    return {m_keys, &m_keychain};
}

KeysDialog* MainWindow::showKeys(const QString& keyId)
{
    auto* dialog = findChild<KeysDialog*>();
    if (!dialog) {
        dialog = new KeysDialog(m_keys, &m_keychain, this);
        connect(dialog, &KeysDialog::keysChanged, this, [this] {
            for (int i = 0; i < m_tabs->count(); ++i) {
                HistoryView* view = this->view(i);
                const auto& decoded = view->model()->payloadContext().decoded;
                if (view && decoded && decoded->failedCount() > 0)
                    view->redecode(keyStores());
            }
        });
    }
    if (!keyId.isEmpty())
        dialog->prepareKey(keyId);
    dialog->show();
    dialog->raise();
    return dialog;
}

ServeCodecDialog* MainWindow::showServeCodec()
{
    if (!m_serveDialog)
        m_serveDialog = new ServeCodecDialog(m_serving, this);
    m_serveDialog->show();
    m_serveDialog->raise();
    m_serveDialog->activateWindow();
    return m_serveDialog;
}

CodecServerDialog* MainWindow::showCodecServerSettings()
{
    if (FrontendTab* tab = frontendTab(m_tabs->currentIndex()))
        return showCodecServerDialog(tab->codecServerScope(), &tab->settings());
    if (m_workflows->isVisible() && !currentView())
        return showCodecServerDialog(CodecServerPreferences::frontendScope(m_workflows->connection().profile,
                                                                           m_workflows->connection().temporalNamespace),
                                     &m_workflows->connection());
    return showCodecServerDialog(CodecServerPreferences::fileScope(), nullptr);
}

CodecServerDialog* MainWindow::showCodecServerDialog(const QString& scope, const ConnectionSettings* connection)
{
    auto* dialog = new CodecServerDialog(scope, connection, &m_keychain, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CodecServerDialog::saved, m_codecServers, &CodecServerResolver::notifyChanged);
    dialog->open();
    return dialog;
}

void MainWindow::codecServerChanged(const QString& scope)
{
    // Frontend tabs follow their own scope; histories from files share one.
    if (scope != CodecServerPreferences::fileScope())
        return;
    QPointer<MainWindow> self(this);
    m_codecServers->resolve(scope, QString(), nullptr, [self](std::shared_ptr<CodecServerClient> client) {
        if (!self)
            return;
        for (int i = 0; i < self->m_tabs->count(); ++i) {
            if (self->frontendTab(i))
                continue;
            if (HistoryView* view = self->view(i)) {
                view->setCodecServer(client);
                view->redecode(self->keyStores());
            }
        }
    });
}

void MainWindow::exportCurrent(bool readable)
{
    HistoryView* view = currentView();
    if (!view)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export decoded history"),
                                                      QFileInfo(view->sourceName()).completeBaseName() + QStringLiteral("-decoded.json"),
                                                      tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const History history = view->model()->history();
    const PayloadContext context = view->model()->payloadContext();
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        if (error.isEmpty())
            statusBar()->showMessage(tr("Exported to %1").arg(path), 5000);
        else
            showError(error);
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([history, context, path, readable]() -> QString {
        QSaveFile out(path); // all or nothing: a failed export leaves no half file
        if (!out.open(QIODevice::WriteOnly))
            return QStringLiteral("%1: %2").arg(path, out.errorString());
        HistoryJsonWriter writer(readable ? HistoryJsonWriter::Style::Readable : HistoryJsonWriter::Style::Canonical);
        writer.setPayloadContext(context);
        if (auto written = writer.write(history, out); !written.ok())
            return written.error().toString();
        return out.commit() ? QString() : QStringLiteral("%1: %2").arg(path, out.errorString());
    }));
    statusBar()->showMessage(tr("Exporting…"));
}

void MainWindow::addView(HistoryView* view)
{
    view->model()->setGrouped(QSettings().value(QStringLiteral("view/grouped"), false).toBool());
    connect(view, &HistoryView::addKeyRequested, this, [this](const QString& keyId) { showKeys(keyId); });
    connect(view, &HistoryView::codecServerRetryRequested, this, [this, view] { view->redecode(keyStores()); });
    connect(view, &HistoryView::codecServerSettingsRequested, this,
            [this] { showCodecServerDialog(CodecServerPreferences::fileScope(), nullptr); });
    view->model()->setTimeFormat(HistoryTreeModel::TimeFormat(QSettings().value(QStringLiteral("view/timeFormat"), 0).toInt()));
    const int index = m_tabs->addTab(view, view->title());
    m_tabs->setTabToolTip(index, view->sourceName());
    m_tabs->setCurrentIndex(index);
    view->tree()->setFocus();
    updateTitle();
}

void MainWindow::showError(const QString& message)
{
    m_lastError = message;
    statusBar()->showMessage(message, 15000);
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

HistoryView* MainWindow::currentView() const
{
    return view(m_tabs->currentIndex());
}

int MainWindow::viewCount() const
{
    return m_tabs->count();
}

HistoryView* MainWindow::view(int index) const
{
    if (FrontendTab* tab = frontendTab(index))
        return tab->historyView();
    return qobject_cast<HistoryView*>(m_tabs->widget(index));
}

FrontendTab* MainWindow::frontendTab(int index) const
{
    return qobject_cast<FrontendTab*>(m_tabs->widget(index));
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(tr("Open"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a workflow history"), QString(),
                                                          tr("Histories (*.json *.jsonl *.bin *.binpb *.pb *.gz);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    });
    bar->addAction(tr("Connect"), this, &MainWindow::showConnectDialog);
    bar->addAction(m_reloadAction);
    bar->addAction(m_followAction);
    bar->addAction(tr("Keys"), this, [this] { showKeys(); });
    bar->addSeparator();
    m_searchField = new QLineEdit(bar);
    m_searchField->setPlaceholderText(tr("Search this history"));
    m_searchField->setClearButtonEnabled(true);
    m_searchField->setMaximumWidth(320);
    connect(m_searchField, &QLineEdit::returnPressed, this, [this] {
        if (HistoryView* current = currentView()) {
            current->showSearch();
            current->search(m_searchField->text(), false);
        }
    });
    bar->addWidget(m_searchField);
}

void MainWindow::showConnectDialog()
{
    auto* dialog = new ConnectDialog(&m_keychain, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { connectTo(dialog->settings()); });
    dialog->open();
}

void MainWindow::connectTo(const ConnectionSettings& settings)
{
    if (m_workflowsDock->isHidden()) {
        m_workflowsDock->show();
        resizeDocks({m_workflowsDock}, {width() / 3}, Qt::Horizontal);
    }
    m_workflows->setConnection(settings);
}

FrontendTab* MainWindow::openWorkflow(const ConnectionSettings& settings, const WorkflowRef& workflow, bool follow)
{
    auto* tab = new FrontendTab(settings, workflow, keyStores(), follow, nullptr, m_codecServers);
    connect(tab, &FrontendTab::codecServerSettingsRequested, this,
            [this, tab] { showCodecServerDialog(tab->codecServerScope(), &tab->settings()); });
    const int index = m_tabs->addTab(tab, tab->title());
    m_tabs->setTabToolTip(index, tab->sourceText());
    m_tabs->setCurrentIndex(index);
    bool configured = false;
    connect(tab, &FrontendTab::changed, this, [this, tab, configured]() mutable {
        const int at = m_tabs->indexOf(tab);
        if (at < 0)
            return;
        m_tabs->setTabText(at, tab->title());
        m_tabs->setTabToolTip(at, tab->sourceText());
        if (HistoryView* view = tab->historyView(); view && !configured) {
            configured = true;
            view->model()->setGrouped(QSettings().value(QStringLiteral("view/grouped"), false).toBool());
            view->model()->setTimeFormat(HistoryTreeModel::TimeFormat(QSettings().value(QStringLiteral("view/timeFormat"), 0).toInt()));
            connect(view, &HistoryView::addKeyRequested, this, [this](const QString& keyId) { showKeys(keyId); });
        }
        if (at == m_tabs->currentIndex()) {
            updateTitle();
            updateStatus();
        }
    });
    connect(tab, &FrontendTab::openWorkflowRequested, this, [this, tab](const QString& workflowId, const QString& runId) {
        openWorkflow(tab->settings(), WorkflowRef{workflowId, runId});
    });
    connect(tab, &FrontendTab::loadFinished, this, [this, tab] {
        if (tab->state() == FrontendTab::State::Failed && !tab->historyView())
            m_lastError = tab->errorText();
        Q_EMIT loadFinished();
    });
    updateStatus();
    return tab;
}

QString MainWindow::statusText() const
{
    const HistoryView* view = currentView();
    const FrontendTab* tab = frontendTab(m_tabs->currentIndex());
    if (!view && !tab)
        return {};
    QStringList parts;
    parts << (tab ? tab->sourceText() : view->sourceName());
    if (view) {
        const int events = view->model()->history().eventCount();
        parts << (events == 1 ? tr("1 event") : tr("%1 events").arg(events));
        if (const auto& decoded = view->model()->payloadContext().decoded; decoded && (decoded->decodedCount() + decoded->failedCount()) > 0)
            parts << tr("%1 payloads decoded, %2 not").arg(decoded->decodedCount()).arg(decoded->failedCount());
    }
    if (tab && (tab->state() != FrontendTab::State::Loaded || !view))
        parts << tab->stateText();
    return parts.join(QStringLiteral(" · "));
}

void MainWindow::updateStatus()
{
    m_status->setText(statusText());
    const FrontendTab* tab = frontendTab(m_tabs->currentIndex());
    m_reloadAction->setEnabled(tab != nullptr);
    m_followAction->setEnabled(tab != nullptr);
    m_followAction->setChecked(tab && tab->isFollowing());
}

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void MainWindow::rememberRecent(const QString& path)
{
    if (path.startsWith(QLatin1Char(':')) || path == QLatin1String("-"))
        return; // the bundled demo and standard input cannot be opened again from a path
    QStringList recent = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecentFiles)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("recentFiles"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentFiles();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateTitle()
{
    if (const FrontendTab* tab = frontendTab(m_tabs->currentIndex())) {
        setWindowTitle(QStringLiteral("HistoryLens — %1").arg(tab->title()));
        return;
    }
    const HistoryView* view = currentView();
    setWindowTitle(view ? QStringLiteral("HistoryLens — %1").arg(view->title()) : QStringLiteral("HistoryLens"));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    cancelLoading();
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            openFile(url.toLocalFile());
    }
    event->acceptProposedAction();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == qApp && event->type() == QEvent::FileOpen) {
        const QString file = static_cast<QFileOpenEvent*>(event)->file();
        if (!file.isEmpty()) {
            openFile(file);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace hl
