#pragma once

#ifndef Q_MOC_RUN
#include "frontend/connectionsettings.h"
#include "frontend/workflowref.h"
#include "keys/keychainkeystore.h"
#endif

#include "ui/theme.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace hl {

class CodecServerResolver;
class CompareDialog;
class CompareTab;
class FileTab;
class FrontendTab;
class HistoryTab;
class HistoryView;
class KeyStore;
class SessionKeyStore;
class WorkflowsPanel;

// The HistoryLens window: one HistoryTab per open history (a file or a workflow from a frontend), each loading and
// decoding off the GUI thread with its own progress and Cancel; File > Open / Open Recent / drag and drop,
// next-failure navigation. The window keeps no job of its own.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `keys` holds the keys of this session (from --key, --key-file) and must outlive the window. Keys are looked up
    // there first, then in the OS keychain.
    explicit MainWindow(SessionKeyStore* keys, QWidget* parent = nullptr);
    ~MainWindow() override;

    void openFile(const QString& path);
    void cancelLoading();

    // File > Connect: the dialog, then the workflow browser for what it chose.
    void showConnectDialog();
    void connectTo(const ConnectionSettings& settings);
    // A workflow's history from a frontend, in a tab of its own (the latest run when `workflow.runId` is empty).
    FrontendTab* openWorkflow(const ConnectionSettings& settings, const WorkflowRef& workflow, bool follow = false);
    // `historylens -w ID`: the workflow in a tab, and the Workflows panel on the same frontend, so its neighbours are
    // one click away (View › Workflows).
    FrontendTab* openWorkflowAtStart(const ConnectionSettings& settings, const WorkflowRef& workflow, bool follow);
    FrontendTab* frontendTab(int index) const;
    HistoryTab* tab(int index) const;
    CompareTab* compareTab(int index) const;
    void setCurrentTab(QWidget* tab);
    void closeTab(int index);
    // File › Compare… (or a tab's "Compare with…", `first` then being A): which two histories to compare.
    CompareDialog* showCompareDialog(HistoryTab* first = nullptr);
    // A compare tab of two open histories; it compares them when both have loaded, and again when either changes.
    CompareTab* compare(HistoryTab* a, HistoryTab* b);
    WorkflowsPanel* workflowsPanel() const { return m_workflows; }
    // The status bar's summary of the current tab: source, events, payloads, live state.
    QString statusText() const;

    HistoryView* currentView() const;
    // File › Export Decoded History without its dialog: the current history, written off the GUI thread.
    void exportTo(const QString& path, bool readable);
    int viewCount() const;
    HistoryView* view(int index) const;
    bool isLoading() const;
    // The last problem shown to the user (a file that could not be opened), for tests.
    QString lastError() const { return m_lastError; }
    QStringList recentFiles() const;
    // Opens the Keys dialog (modeless), the form filled in for `keyId` when given; a change there re-decodes the
    // open histories.
    class KeysDialog* showKeys(const QString& keyId = {});
    // The Codec Server settings of the current tab's scope (a profile's namespace, or files); saving decodes that
    // scope's tabs again.
    class CodecServerDialog* showCodecServerSettings();
    CodecServerResolver* codecServers() const { return m_codecServers; }
    // File › Serve Codec: the codecs and keys served to the Web UI and the temporal CLI.
    class ServeCodecDialog* showServeCodec();
    class CodecServing* codecServing() const { return m_serving; }
    // View › Theme; kept for the next start.
    void applyTheme(Theme::Kind kind);
    // Help › Keyboard Shortcuts and Help › Documentation.
    class ShortcutsDialog* showShortcuts();
    class DocumentationDialog* showDocumentation();
    QLineEdit* searchField() const { return m_searchField; }

Q_SIGNALS:
    // A load ended: a tab was added, or it failed or was cancelled.
    void loadFinished();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void createMenus();
    void addTab(HistoryTab* tab);
    void addCompareTab(CompareTab* tab);
    void showTabMenu(const QPoint& position);
    void compareWorkflows(const QList<WorkflowRef>& workflows);
    void fileLoadFinished(FileTab* tab);
    void chooseWorkflows(FileTab* tab);
    void showError(const QString& message);
    void rememberRecent(const QString& path);
    void updateRecentMenu();
    void updateTitle();
    void applyTimeFormat(int format);
    void exportCurrent(bool readable);
    void createToolBar();
    void updateStatus();

    std::vector<KeyStore*> keyStores();
    CodecServerDialog* showCodecServerDialog(const QString& scope, const ConnectionSettings* connection);
    void codecServerChanged(const QString& scope);

    SessionKeyStore* m_keys;
    KeychainKeyStore m_keychain;
    QTabWidget* m_tabs;
    QLabel* m_status;
    QMenu* m_recentMenu = nullptr;
    CodecServerResolver* m_codecServers = nullptr;
    class CodecServing* m_serving = nullptr;
    QPointer<class ServeCodecDialog> m_serveDialog;
    QLabel* m_servingStatus = nullptr;
    QString m_lastError;
    WorkflowsPanel* m_workflows = nullptr;
    QDockWidget* m_workflowsDock = nullptr;
    QAction* m_reloadAction = nullptr;
    QAction* m_followAction = nullptr;
    QLineEdit* m_searchField = nullptr;
};

} // namespace hl
