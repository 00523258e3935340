#include "ui/mainwindow.h"

#include "ui/codecserver/codecserving.h"
#include "ui/codecserver/servecodecdialog.h"

#include "keys/sessionkeystore.h"
#include "render/historyjsonwriter.h"
#include "session/settingswriter.h"
#include "session/workthreads.h"
#include "ui/codecserver/codecserverdialog.h"
#include "ui/codecserver/codecserverpreferences.h"
#include "ui/codecserver/codecserverresolver.h"
#include "ui/compare/comparedialog.h"
#include "ui/compare/comparetab.h"
#include "ui/frontend/connectdialog.h"
#include "ui/frontend/frontendtab.h"
#include "ui/frontend/workflowspanel.h"
#include "ui/history/filetab.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "ui/help/documentationdialog.h"
#include "ui/help/shortcutsdialog.h"
#include "ui/keys/keysdialog.h"

#include <QAction>
#include <QActionGroup>
#include <QSaveFile>
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
#include <QMenu>
#include <QMenuBar>
#include <QTabBar>
#include <QTableView>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QFileOpenEvent>
#include <QKeyEvent>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace hl {

namespace {

constexpr int kMaxRecentFiles = 10;

} // namespace

MainWindow::MainWindow(SessionKeyStore* keys, QWidget* parent)
    : QMainWindow(parent), m_keys(keys), m_tabs(new QTabWidget(this)), m_status(new QLabel(this))
{
    setAcceptDrops(true);
    Theme::apply(Theme::saved());
    setMinimumSize(800, 600);
    // macOS hands files opened from Finder (double-click, Open With) to the application as events, not arguments.
    qApp->installEventFilter(this);
    m_codecServers = new CodecServerResolver(&m_keychain, this);
    connect(m_codecServers, &CodecServerResolver::changed, this, &MainWindow::codecServerChanged);
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    m_tabs->tabBar()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tabs->tabBar(), &QWidget::customContextMenuRequested, this, &MainWindow::showTabMenu);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateTitle);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateStatus);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        // The search box shows what the tab's search is.
        const QSignalBlocker block(m_searchField);
        m_searchField->setText(currentView() ? currentView()->searchText() : QString());
    });

    // The status line elides rather than widening the window past the screen.
    m_status->setMinimumWidth(1);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addWidget(m_status, 1);
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
    connect(m_workflows, &WorkflowsPanel::compareRequested, this, &MainWindow::compareWorkflows);

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
    QAction* compare = file->addAction(tr("Co&mpare…"), this, [this] { showCompareDialog(tab(m_tabs->currentIndex())); });
    compare->setObjectName(QStringLiteral("compare"));
    compare->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_D);
    compare->setToolTip(tr("Two runs step by step: what only one has, and what differs"));
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
    QAction* nextDifference = view->addAction(tr("Next &Difference"), this, [this] {
        if (CompareTab* current = compareTab(m_tabs->currentIndex()); current && !current->selectNextDifference())
            statusBar()->showMessage(tr("No difference after this step"), 3000);
    });
    nextDifference->setShortcut(Qt::Key_F7);
    QAction* previousDifference = view->addAction(tr("Previous Di&fference"), this, [this] {
        if (CompareTab* current = compareTab(m_tabs->currentIndex()); current && !current->selectNextDifference(true))
            statusBar()->showMessage(tr("No difference before this step"), 3000);
    });
    previousDifference->setShortcut(Qt::SHIFT | Qt::Key_F7);
    view->addSeparator();
    QAction* grouped = view->addAction(tr("&Grouped"), this, [this](bool checked) {
        SettingsWriter::setValue(QStringLiteral("view/grouped"), checked);
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (HistoryView* each = this->view(i))
                each->model()->setGrouped(checked);
        }
    });
    grouped->setCheckable(true);
    grouped->setChecked(SettingsWriter::value(QStringLiteral("view/grouped"), false).toBool());
    grouped->setShortcut(Qt::CTRL | Qt::Key_G);
    grouped->setToolTip(tr("An activity's, timer's, child workflow's... events as one row"));
    QAction* timeline = view->addAction(tr("Time&line"), this, [this](bool checked) {
        SettingsWriter::setValue(QStringLiteral("view/timeline"), checked);
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (HistoryView* each = this->view(i))
                each->setTimelineShown(checked);
        }
    });
    timeline->setObjectName(QStringLiteral("timelineAction"));
    timeline->setCheckable(true);
    timeline->setChecked(SettingsWriter::value(QStringLiteral("view/timeline"), false).toBool());
    timeline->setShortcut(Qt::CTRL | Qt::Key_T);
    timeline->setToolTip(tr("Activities, timers, children, updates and signals over time, above the events"));
    QMenu* time = view->addMenu(tr("&Time"));
    auto* timeGroup = new QActionGroup(this);
    const int savedFormat = SettingsWriter::value(QStringLiteral("view/timeFormat"), 0).toInt();
    const QStringList timeNames = {tr("&UTC"), tr("&Local Time"), tr("&Since Workflow Start")};
    for (int format = 0; format < timeNames.size(); ++format) {
        QAction* action = time->addAction(timeNames[format], this, [this, format] { applyTimeFormat(format); });
        action->setCheckable(true);
        action->setChecked(format == savedFormat);
        timeGroup->addAction(action);
    }
    QMenu* theme = view->addMenu(tr("T&heme"));
    auto* themeGroup = new QActionGroup(this);
    for (const Theme::Kind kind : {Theme::System, Theme::Light, Theme::Dark}) {
        QAction* action = theme->addAction(Theme::name(kind), this, [this, kind] { applyTheme(kind); });
        action->setCheckable(true);
        action->setChecked(kind == Theme::current());
        action->setData(int(kind));
        themeGroup->addAction(action);
    }
    view->addSeparator();
    view->addAction(m_workflowsDock->toggleViewAction());
    m_reloadAction = view->addAction(tr("&Reload"), this, [this] {
        if (HistoryTab* current = tab(m_tabs->currentIndex()))
            current->reload();
        else if (CompareTab* comparing = compareTab(m_tabs->currentIndex()))
            comparing->reload();
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
        m_searchField->setFocus(Qt::ShortcutFocusReason);
        m_searchField->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    QAction* findNext = view->addAction(tr("Find &Next"), this, [this] {
        if (HistoryView* current = currentView(); current && !current->selectNextMatch(false) && !current->searchText().isEmpty())
            statusBar()->showMessage(tr("No match"), 3000);
    });
    findNext->setShortcut(QKeySequence::FindNext);
    QAction* findPrevious = view->addAction(tr("Find Pre&vious"), this, [this] {
        if (HistoryView* current = currentView(); current && !current->selectNextMatch(true) && !current->searchText().isEmpty())
            statusBar()->showMessage(tr("No match"), 3000);
    });
    findPrevious->setShortcut(QKeySequence::FindPrevious);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, [this] { showShortcuts(); });
    shortcuts->setShortcut(Qt::CTRL | Qt::Key_Slash);
    QAction* documentation = help->addAction(tr("&Documentation"), this, [this] { showDocumentation(); });
    documentation->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
    help->addAction(tr("&About HistoryLens"), this, [this] {
        QMessageBox::about(this, tr("About HistoryLens"),
                           tr("<h3>HistoryLens %1</h3>"
                              "<p>Temporal workflow histories with their payloads decoded locally.</p>"
                              "<p>Built with Qt %2 (LGPL-3.0), QtKeychain (BSD-3-Clause), protobuf (BSD-3-Clause), "
                              "gRPC (Apache-2.0), OpenSSL (Apache-2.0), simdjson (Apache-2.0), zlib (Zlib), "
                              "libdeflate (MIT), snappy (BSD-3-Clause), toml++ (MIT), yaml-cpp (MIT), Boost.Beast and Boost.Asio (BSL-1.0), cpp-httplib (MIT), "
                              "cjose and jansson (MIT), and the Temporal API definitions (MIT).</p>")
                               .arg(QStringLiteral(HL_VERSION_STRING), QString::fromLatin1(qVersion())));
    });
}

void MainWindow::openFile(const QString& path)
{
    addTab(new FileTab(path, keyStores(), m_codecServers));
}

void MainWindow::cancelLoading()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto* file = qobject_cast<FileTab*>(m_tabs->widget(i)); file && file->isLoading())
            file->cancel();
    }
}

bool MainWindow::isLoading() const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto* file = qobject_cast<FileTab*>(m_tabs->widget(i)); file && file->isLoading())
            return true;
    }
    return false;
}

void MainWindow::closeTab(int index)
{
    QWidget* page = m_tabs->widget(index);
    if (!page)
        return;
    m_tabs->removeTab(index);
    page->deleteLater(); // its jobs stop on their own threads; nothing waits for them
    updateTitle();
    updateStatus();
}

void MainWindow::fileLoadFinished(FileTab* tab)
{
    if (tab->historyView()) {
        if (!tab->errorText().isEmpty())
            showError(tab->errorText()); // a reload that failed: the history read before stays
        else if (!tab->wasCancelled())
            rememberRecent(tab->path());
        Q_EMIT loadFinished();
        return;
    }
    if (tab->holdsSeveralHistories()) {
        rememberRecent(tab->path());
        return chooseWorkflows(tab);
    }
    // A file that could not be opened (or whose opening was cancelled) leaves no tab behind.
    closeTab(m_tabs->indexOf(tab));
    if (tab->wasCancelled())
        statusBar()->showMessage(tr("Loading cancelled"), 5000);
    else
        showError(tab->errorText());
    Q_EMIT loadFinished();
}

void MainWindow::chooseWorkflows(FileTab* tab)
{
    // A Cloud export holds several workflows: pick which to open (each opens in its own tab).
    const std::shared_ptr<const HistoryFile> file = tab->file();
    auto* dialog = new QDialog(this);
    dialog->setWindowTitle(tr("Workflows in %1").arg(QFileInfo(file->sourceName).fileName()));
    auto* list = new QListWidget(dialog);
    list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    for (const History& history : file->histories) {
        list->addItem(tr("%1 · %2 · %3 events").arg(history.workflowType(), history.workflowId()).arg(history.eventCount()));
        list->item(list->count() - 1)->setToolTip(history.runId());
    }
    list->setCurrentRow(0);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, dialog);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(new QLabel(tr("This file holds %1 workflows. Open:").arg(file->histories.size()), dialog));
    layout->addWidget(list);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(list, &QListWidget::itemDoubleClicked, dialog, &QDialog::accept);
    QPointer<FileTab> picked(tab);
    connect(dialog, &QDialog::finished, this, [this, dialog, list, picked](int code) {
        dialog->deleteLater();
        if (!picked)
            return;
        std::vector<int> rows;
        if (code == QDialog::Accepted) {
            for (const QListWidgetItem* item : list->selectedItems())
                rows.push_back(list->row(item));
            std::sort(rows.begin(), rows.end());
        }
        if (rows.empty()) {
            closeTab(m_tabs->indexOf(picked));
            Q_EMIT loadFinished();
            return;
        }
        // The first chosen stays in the tab that read the file; the others open beside it from what it read.
        picked->showHistory(size_t(rows.front()));
        for (size_t i = 1; i < rows.size(); ++i) {
            const size_t index = size_t(rows[i]);
            addTab(FileTab::opened(picked->path(), picked->file(), index, picked->decoded()[index], picked->codecServer(),
                                   keyStores(), m_codecServers));
        }
        Q_EMIT loadFinished();
    });
    dialog->open();
}

void MainWindow::applyTheme(Theme::Kind kind)
{
    Theme::apply(kind);
    Theme::save(kind);
    // What was drawn from the palette once (JSON colours, failure cards) is drawn again.
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (HistoryView* each = view(i))
            each->refreshDetail();
        else if (CompareTab* comparing = compareTab(i))
            comparing->refreshColours();
    }
}

ShortcutsDialog* MainWindow::showShortcuts()
{
    auto* dialog = new ShortcutsDialog(this, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

DocumentationDialog* MainWindow::showDocumentation()
{
    auto* dialog = findChild<DocumentationDialog*>();
    if (!dialog)
        dialog = new DocumentationDialog(this);
    dialog->show();
    dialog->raise();
    return dialog;
}

void MainWindow::applyTimeFormat(int format)
{
    SettingsWriter::setValue(QStringLiteral("view/timeFormat"), format);
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
            // Every tab, whatever it is doing: one still loading decodes again when its load ends.
            for (int i = 0; i < m_tabs->count(); ++i) {
                if (HistoryTab* each = tab(i))
                    each->keysChanged();
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
    if (HistoryTab* current = tab(m_tabs->currentIndex()))
        return showCodecServerDialog(current->codecServerScope(), current->connection());
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
    // The tabs of that scope (a profile's namespace, or every file) decode again through what the settings name.
    const ConnectionSettings* connection = nullptr;
    bool any = false;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (HistoryTab* each = tab(i); each && each->codecServerScope() == scope) {
            any = true;
            connection = connection ? connection : each->connection();
        }
    }
    if (!any)
        return;
    const ConnectionSettings settings = connection ? *connection : ConnectionSettings();
    QPointer<MainWindow> self(this);
    m_codecServers->resolve(scope, connection ? settings.temporalNamespace : QString(), connection ? &settings : nullptr,
                            [self, scope](std::shared_ptr<CodecServerClient> client) {
                                if (!self)
                                    return;
                                for (int i = 0; i < self->m_tabs->count(); ++i) {
                                    if (HistoryTab* each = self->tab(i); each && each->codecServerScope() == scope)
                                        each->setCodecServer(client);
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
    exportTo(path, readable);
}

void MainWindow::exportTo(const QString& path, bool readable)
{
    HistoryView* view = currentView();
    if (!view)
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
    watcher->setFuture(WorkThreads::instance().futureOnCpu([history, context, path, readable]() -> QString {
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

void MainWindow::addTab(HistoryTab* tab)
{
    const int index = m_tabs->addTab(tab, tab->title());
    m_tabs->setTabToolTip(index, tab->sourceText());
    m_tabs->setCurrentIndex(index);
    bool configured = false;
    connect(tab, &HistoryTab::changed, this, [this, tab, configured]() mutable {
        const int at = m_tabs->indexOf(tab);
        if (at < 0)
            return;
        m_tabs->setTabText(at, tab->title());
        m_tabs->setTabToolTip(at, tab->sourceText());
        if (HistoryView* view = tab->historyView(); view && !configured) {
            configured = true;
            connect(view, &HistoryView::searchClosed, this, [this, view] {
                if (view == currentView()) {
                    const QSignalBlocker block(m_searchField);
                    m_searchField->clear();
                }
            });
            view->model()->setGrouped(SettingsWriter::value(QStringLiteral("view/grouped"), false).toBool());
            view->model()->setTimeFormat(HistoryTreeModel::TimeFormat(SettingsWriter::value(QStringLiteral("view/timeFormat"), 0).toInt()));
            view->setTimelineShown(SettingsWriter::value(QStringLiteral("view/timeline"), false).toBool());
            if (at == m_tabs->currentIndex())
                view->tree()->setFocus();
        }
        if (at == m_tabs->currentIndex()) {
            updateTitle();
            updateStatus();
        }
    });
    connect(tab, &HistoryTab::addKeyRequested, this, [this](const QString& keyId) { showKeys(keyId); });
    connect(tab, &HistoryTab::codecServerSettingsRequested, this,
            [this, tab] { showCodecServerDialog(tab->codecServerScope(), tab->connection()); });
    connect(tab, &HistoryTab::message, this, [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(tab, &HistoryTab::openWorkflowRequested, this, [this, tab](const QString& workflowId, const QString& runId) {
        if (const ConnectionSettings* connection = tab->connection())
            openWorkflow(*connection, WorkflowRef{workflowId, runId});
    });
    if (auto* file = qobject_cast<FileTab*>(tab)) {
        connect(file, &HistoryTab::loadFinished, this, [this, file] { fileLoadFinished(file); });
    } else if (auto* frontend = qobject_cast<FrontendTab*>(tab)) {
        connect(frontend, &HistoryTab::loadFinished, this, [this, frontend] {
            if (frontend->state() == FrontendTab::State::Failed && !frontend->historyView())
                m_lastError = frontend->errorText();
            Q_EMIT loadFinished();
        });
    }
    Q_EMIT tab->changed();
    updateTitle();
    updateStatus();
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
    const HistoryTab* each = tab(index);
    return each ? each->historyView() : nullptr;
}

HistoryTab* MainWindow::tab(int index) const
{
    return qobject_cast<HistoryTab*>(m_tabs->widget(index));
}

FrontendTab* MainWindow::frontendTab(int index) const
{
    return qobject_cast<FrontendTab*>(m_tabs->widget(index));
}

CompareTab* MainWindow::compareTab(int index) const
{
    return qobject_cast<CompareTab*>(m_tabs->widget(index));
}

void MainWindow::setCurrentTab(QWidget* tab)
{
    m_tabs->setCurrentWidget(tab);
}

CompareDialog* MainWindow::showCompareDialog(HistoryTab* first)
{
    QList<HistoryTab*> tabs;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (HistoryTab* each = tab(i))
            tabs << each;
    }
    auto* dialog = new CompareDialog(tabs, first, [this](const QString& path) -> HistoryTab* {
        auto* opened = new FileTab(path, keyStores(), m_codecServers);
        addTab(opened);
        return opened;
    }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (dialog->side(0) && dialog->side(1))
            compare(dialog->side(0), dialog->side(1));
    });
    dialog->open();
    return dialog;
}

CompareTab* MainWindow::compare(HistoryTab* a, HistoryTab* b)
{
    auto* comparing = new CompareTab(a, b);
    addCompareTab(comparing);
    return comparing;
}

void MainWindow::addCompareTab(CompareTab* comparing)
{
    const int index = m_tabs->addTab(comparing, comparing->title());
    m_tabs->setTabToolTip(index, comparing->sourceText());
    m_tabs->setCurrentIndex(index);
    connect(comparing, &CompareTab::changed, this, [this, comparing] {
        const int at = m_tabs->indexOf(comparing);
        if (at < 0)
            return;
        m_tabs->setTabText(at, comparing->title());
        m_tabs->setTabToolTip(at, comparing->sourceText());
        if (at == m_tabs->currentIndex()) {
            updateTitle();
            updateStatus();
        }
    });
    comparing->table()->setFocus();
    updateTitle();
    updateStatus();
}

void MainWindow::showTabMenu(const QPoint& position)
{
    const int index = m_tabs->tabBar()->tabAt(position);
    if (index < 0)
        return;
    QMenu menu(this);
    if (HistoryTab* each = tab(index)) {
        menu.addAction(tr("Compare with…"), this, [this, each] { showCompareDialog(each); });
        if (each->canReload())
            menu.addAction(tr("Reload"), each, &HistoryTab::reload);
    } else if (CompareTab* comparing = compareTab(index)) {
        menu.addAction(tr("Swap A and B"), comparing, &CompareTab::swapSides);
        menu.addAction(tr("Reload Both"), comparing, &CompareTab::reload);
    }
    menu.addSeparator();
    // The page, not its index: a tab may close itself while the menu is open (a load that failed).
    QPointer<QWidget> page = m_tabs->widget(index);
    menu.addAction(tr("Close Tab"), this, [this, page] {
        if (page)
            closeTab(m_tabs->indexOf(page));
    });
    menu.exec(m_tabs->tabBar()->mapToGlobal(position));
}

// A Workflows row's "Compare with…" (one workflow: it opens, then the dialog asks for B) or "Compare" on two rows.
void MainWindow::compareWorkflows(const QList<WorkflowRef>& workflows)
{
    if (workflows.isEmpty())
        return;
    const ConnectionSettings settings = m_workflows->connection();
    // An open tab of the same run serves; otherwise the run opens in a tab of its own.
    auto tabOf = [this, &settings](const WorkflowRef& workflow) -> HistoryTab* {
        for (int i = 0; i < m_tabs->count(); ++i) {
            FrontendTab* each = frontendTab(i);
            if (each && each->workflow().workflowId == workflow.workflowId && each->workflow().runId == workflow.runId
                && each->connection() && each->connection()->address == settings.address
                && each->connection()->temporalNamespace == settings.temporalNamespace)
                return each;
        }
        return openWorkflow(settings, workflow);
    };
    HistoryTab* a = tabOf(workflows.front());
    if (workflows.size() >= 2)
        compare(a, tabOf(workflows[1]));
    else
        showCompareDialog(a);
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
    // The one search box: it searches the current tab as one types; Enter and F3 go to the next match, Shift+Enter
    // and Shift+F3 to the one before, Escape closes the find bar.
    m_searchField = new QLineEdit(bar);
    m_searchField->setObjectName(QStringLiteral("searchField"));
    m_searchField->setPlaceholderText(tr("Search types, names, payloads, failures (Ctrl+F)"));
    m_searchField->setClearButtonEnabled(true);
    m_searchField->setMinimumWidth(160);
    m_searchField->setMaximumWidth(360);
    m_searchField->installEventFilter(this);
    connect(m_searchField, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (HistoryView* current = currentView())
            current->setSearchText(text);
    });
    connect(m_searchField, &QLineEdit::returnPressed, this, [this] {
        if (HistoryView* current = currentView())
            current->selectNextMatch(false);
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
    addTab(tab);
    return tab;
}

FrontendTab* MainWindow::openWorkflowAtStart(const ConnectionSettings& settings, const WorkflowRef& workflow, bool follow)
{
    FrontendTab* tab = openWorkflow(settings, workflow, follow);
    if (m_workflows->connection().address != settings.address
        || m_workflows->connection().temporalNamespace != settings.temporalNamespace)
        m_workflows->setConnection(settings);
    return tab;
}

QString MainWindow::statusText() const
{
    if (const CompareTab* comparing = compareTab(m_tabs->currentIndex()))
        return comparing->summaryText();
    const HistoryView* view = currentView();
    const HistoryTab* tab = this->tab(m_tabs->currentIndex());
    if (!tab)
        return {};
    QStringList parts;
    parts << tab->sourceText();
    if (view) {
        const int events = view->model()->history().eventCount();
        parts << (events == 1 ? tr("1 event") : tr("%1 events").arg(events));
        if (const auto& decoded = view->model()->payloadContext().decoded; decoded && (decoded->decodedCount() + decoded->failedCount()) > 0)
            parts << (decoded->decodedCount() == 1 ? tr("1 payload decoded, %1 not").arg(decoded->failedCount())
                                                   : tr("%1 payloads decoded, %2 not").arg(decoded->decodedCount()).arg(decoded->failedCount()));
    }
    // A loaded history's state is its event count, said above.
    const auto* frontend = qobject_cast<const FrontendTab*>(tab);
    const bool loaded = view && !tab->isLoading() && (!frontend || frontend->state() == FrontendTab::State::Loaded);
    if (const QString state = tab->stateText(); !state.isEmpty() && !loaded)
        parts << state;
    return parts.join(QStringLiteral(" · "));
}

void MainWindow::updateStatus()
{
    m_status->setText(statusText());
    m_status->setToolTip(m_status->text());
    const HistoryTab* current = tab(m_tabs->currentIndex());
    const FrontendTab* frontend = frontendTab(m_tabs->currentIndex());
    m_reloadAction->setEnabled((current != nullptr && current->canReload()) || compareTab(m_tabs->currentIndex()) != nullptr);
    m_followAction->setEnabled(frontend != nullptr);
    m_followAction->setChecked(frontend && frontend->isFollowing());
}

QStringList MainWindow::recentFiles() const
{
    return SettingsWriter::value(QStringLiteral("recentFiles")).toStringList();
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
    SettingsWriter::setValue(QStringLiteral("recentFiles"), recent);
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
    QString title;
    if (const HistoryTab* current = tab(m_tabs->currentIndex()))
        title = current->title();
    else if (const CompareTab* comparing = compareTab(m_tabs->currentIndex()))
        title = comparing->title();
    setWindowTitle(title.isEmpty() ? QStringLiteral("HistoryLens") : QStringLiteral("HistoryLens — %1").arg(title));
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
    if (watched == m_searchField && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        HistoryView* current = currentView();
        if (key->key() == Qt::Key_Escape && current) {
            current->closeSearch();
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ShiftModifier) && current) {
            current->selectNextMatch(true);
            return true;
        }
    }
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
