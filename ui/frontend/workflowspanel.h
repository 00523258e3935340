#pragma once

#ifndef Q_MOC_RUN
#include "frontend/connectionsettings.h"
#include "frontend/workflowlisting.h"
#endif

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace hl {

class FrontendClient;

// The workflow browser: a namespace's executions for a visibility query (with the queries used before and saved
// ones), status filters one click away, the total from CountWorkflowExecutions, paging; a row opens in a tab, and
// so does a workflow id typed in.
class WorkflowsPanel : public QWidget {
    Q_OBJECT

public:
    explicit WorkflowsPanel(QWidget* parent = nullptr);
    ~WorkflowsPanel() override;

    void setConnection(const ConnectionSettings& settings);
    const ConnectionSettings& connection() const { return m_settings; }

    // Lists again from the first page, for the query box and the status filter.
    void refresh();
    void loadMore();
    void setQuery(const QString& query);
    // "" for all, else one of WorkflowListing::statusNames().
    void setStatusFilter(const QString& status);
    QString effectiveQuery() const;

    QTreeWidget* table() const { return m_table; }
    // The selected rows' runs, oldest first (the list shows the newest first).
    QList<WorkflowRef> selectedWorkflows() const;
    qint64 total() const { return m_total; }
    QString statusText() const;
    // "profile · namespace default · Temporal 1.32.0": where the panel lists from.
    QString connectionText() const;

Q_SIGNALS:
    void openRequested(const hl::WorkflowRef& workflow);
    // A row's "Compare with…" (one workflow) or "Compare the Two" (two).
    void compareRequested(const QList<hl::WorkflowRef>& workflows);
    void connectRequested();
    void listed();

private:
    struct Answer {
        Result<WorkflowListing::Page> page = Error{ErrorCode::Cancelled, QString()};
        qint64 total = -1; // unknown
        QString serverVersion; // asked once per connection (GetSystemInfo)
    };
    void startListing(bool fromStart);
    void showAnswer();
    void rememberQuery(const QString& query);
    void saveQuery();
    void updateSavedMenu();

    ConnectionSettings m_settings;
    std::shared_ptr<FrontendClient> m_client;
    QFutureWatcher<Answer> m_listing;
    QByteArray m_nextPageToken;
    bool m_appending = false;
    qint64 m_total = -1;
    QString m_status;
    QString m_serverVersion;

    QLabel* m_connectionLabel;
    QComboBox* m_query;
    QToolButton* m_saved;
    QLineEdit* m_openId;
    QTreeWidget* m_table;
    QLabel* m_footer;
    QPushButton* m_more;
    QList<QToolButton*> m_statusButtons;
};

} // namespace hl
