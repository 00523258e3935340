#pragma once

#include "ui/history/historytab.h"

#ifndef Q_MOC_RUN
#include "frontend/connectionsettings.h"
#include "frontend/workflowref.h"
#include "history/history.h"
#include "render/payloadcontext.h"
#endif

#include <QPointer>
#include <QTimer>

#include <memory>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace hl {

class CodecServerClient;
class CodecServerResolver;
class CallStackPanel;
class DecodeTask;
class FamilyPanel;
class FrontendHistoryJob;
class HistoryView;
class KeyStore;

// A tab with one workflow's history from a Temporal frontend: it says where the history came from (profile,
// namespace, workflow, run), shows the first events decoded while later pages still arrive, follows a running
// workflow live (with pause), reloads in place, and shows what DescribeWorkflowExecution says beside the tree.
class FrontendTab : public HistoryTab {
    Q_OBJECT

public:
    enum class State { Loading, Loaded, Live, Paused, Failed, Cancelled };

    // `stores` are asked for codec keys and must outlive the tab, as must `codecServers` (which says which Codec
    // Server, if any, decodes what local keys cannot; null: local keys only).
    FrontendTab(ConnectionSettings settings, WorkflowRef workflow, std::vector<KeyStore*> stores, bool follow,
                QWidget* parent = nullptr, CodecServerResolver* codecServers = nullptr);
    ~FrontendTab() override;

    HistoryView* historyView() const override { return m_view; } // null until the first events arrived
    QString title() const override;
    QString sourceText() const override; // "profile default · namespace orders · order-42 · run 0a1b…"
    State state() const { return m_state; }
    QString stateText() const override;
    bool isLoading() const override { return m_state == State::Loading; }
    QString errorText() const override { return m_error; }
    QString descriptionText() const;
    // The warning shown above the history when a running workflow's task queue has no worker; empty when none.
    QString workersWarning() const;
    // The panels beside the history: the workflow's description, its family, its call stack and queries.
    QTabWidget* sidePanels() const { return m_side; }
    FamilyPanel* familyPanel() const { return m_family; }
    CallStackPanel* callStackPanel() const { return m_callStack; }
    // The codec key id the workflow's input was encrypted with (empty when none): a query's arguments use it.
    QString inputKeyId() const;
    const ConnectionSettings& settings() const { return m_settings; }
    const ConnectionSettings* connection() const override { return &m_settings; }
    const WorkflowRef& workflow() const { return m_workflow; }
    QString codecServerScope() const override;
    void setCodecServer(std::shared_ptr<CodecServerClient> client) override;
    const std::shared_ptr<CodecServerClient>& codecServer() const { return m_codecServer; }
    int eventCount() const;
    qint64 expectedEvents() const; // the length DescribeWorkflowExecution reported
    bool isFollowing() const { return m_follow; }

    void reload() override;
    void setFollowing(bool follow);
    void setPaused(bool paused);
    void cancel() override;

protected:
    std::vector<KeyStore*> keyStores() const override { return m_stores; }

private:
    void startJob();
    void launchJob(std::shared_ptr<CodecServerClient> codecServer);
    void retryCodecServer() override;
    void deliver(const History& history, const PayloadContext& context);
    void jobFinished();
    void showDescription();
    void setState(State state);

    ConnectionSettings m_settings;
    WorkflowRef m_workflow;
    std::vector<KeyStore*> m_stores;
    QPointer<CodecServerResolver> m_codecServers;
    std::shared_ptr<CodecServerClient> m_codecServer;
    bool m_follow = false;
    bool m_paused = false;
    bool m_replaceOnDelivery = false;
    State m_state = State::Loading;
    QString m_error;
    QPointer<FrontendHistoryJob> m_job;
    History m_pendingHistory; // while paused
    PayloadContext m_pendingContext;
    bool m_hasPending = false;

    QLabel* m_source;
    QLabel* m_stateLabel;
    QProgressBar* m_progress;
    QToolButton* m_reload;
    QToolButton* m_followButton;
    QToolButton* m_pauseButton;
    QToolButton* m_cancel;
    QStackedWidget* m_stack;
    QLabel* m_placeholder;
    HistoryView* m_view = nullptr;
    QPlainTextEdit* m_description;
    QTabWidget* m_side;
    FamilyPanel* m_family = nullptr;
    CallStackPanel* m_callStack = nullptr;
    static constexpr int kFamilyRefreshMs = 3000;
    QTimer m_familyRefresh;
    QLabel* m_workersWarning;
    QPointer<DecodeTask> m_describing; // the description's payloads, decoded
};

} // namespace hl
