#pragma once

#ifndef Q_MOC_RUN
#include "frontend/connectionsettings.h"
#include "frontend/workflowref.h"
#endif

#include <QList>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QLabel;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace hl {

class CodecServerClient;
class FamilyTree;
class FrontendInquiry;
class KeyStore;
struct PayloadContext;

// A workflow's family beside its history: the root, every child to any depth and each one's runs (continue-as-new,
// retries, cron), with status, start, duration and failure decoded, as FamilyTracer finds them. Traced when first
// shown, again on Reload and, while the tab follows its workflow, as it grows; a family past a few thousand runs is
// fetched as its branches are opened. Enter or a double-click opens a run in a tab.
class FamilyPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kRunsAtOnce = 2000; // a first trace stops here; deeper branches load when opened

    // `codecServer` says which Codec Server decodes what the keys cannot (may return null); `stores` outlive the panel.
    FamilyPanel(ConnectionSettings settings, WorkflowRef workflow, std::vector<KeyStore*> stores,
                std::function<std::shared_ptr<CodecServerClient>()> codecServer, QWidget* parent = nullptr);
    ~FamilyPanel() override;

    // Traces the family again (the first time, or when the workflow changed); a trace in progress is dropped.
    void refresh();
    // Traces again if it was traced before and nothing is under way (when shown, if hidden now): for a followed
    // workflow that grew.
    void refreshIfLoaded();
    void setWorkflow(const WorkflowRef& workflow);
    // How many runs one trace fetches before it leaves branches to be opened (kRunsAtOnce).
    void setRunsAtOnce(int runs) { m_runsAtOnce = runs; }
    bool isLoading() const;
    QString stateText() const;
    QTreeWidget* tree() const { return m_tree; }

Q_SIGNALS:
    void openWorkflowRequested(const QString& workflowId, const QString& runId);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void traced();
    void loadBranch(QTreeWidgetItem* item);
    void branchTraced(QTreeWidgetItem* item, FrontendInquiry* inquiry);
    // Items for `node`'s runs under `parent` (the tree's top when null), and their children.
    void addNode(QTreeWidgetItem* parent, const FamilyTree& tree, int node, const PayloadContext& context);
    void openItem(QTreeWidgetItem* item);
    QString countsText() const; // "7 workflows, 10 runs · as of 12:03:04"
    void showMenu(const QPoint& position);
    FrontendInquiry* ask(const WorkflowRef& from, bool fromRoot);

    ConnectionSettings m_settings;
    WorkflowRef m_workflow;
    std::vector<KeyStore*> m_stores;
    std::function<std::shared_ptr<CodecServerClient>()> m_codecServer;
    QPointer<FrontendInquiry> m_tracing;
    QList<QPointer<FrontendInquiry>> m_branches; // "Load children…" answers on their way
    bool m_loaded = false;
    bool m_stale = false;              // the workflow grew while the panel was hidden
    bool m_expandingForReader = false; // rows opened by a new trace, not by the reader
    int m_runsAtOnce = kRunsAtOnce;
    QLabel* m_state;
    QToolButton* m_reload;
    QTreeWidget* m_tree;
};

} // namespace hl
