#pragma once

#include "frontend/workflowref.h"
#include "support/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <vector>

namespace hl {

class FrontendClient;

// One page of a namespace's workflow executions (ListWorkflowExecutions) as plain rows, for the CLI's table and the
// desktop app's workflow browser, which see no protobuf.
class WorkflowListing {
public:
    struct Row {
        WorkflowRef workflow;
        QString type;
        QString status; // "Running", "Completed", "Continued as new", ...
        QString startTime;
        QString closeTime; // empty while running
        qint64 historyLength = 0;
        QString taskQueue;
        QString parentWorkflowId;
    };
    struct Page {
        std::vector<Row> rows;
        QByteArray nextPageToken; // empty: the last page
    };

    static Result<Page> page(FrontendClient& client, const QString& query, int pageSize, const QByteArray& pageToken);
    // "Running" for WORKFLOW_EXECUTION_STATUS_RUNNING, and so on.
    static QString statusName(int status);
    // The visibility query for a status as statusName() spells it ("ExecutionStatus='Running'").
    static QString statusQuery(const QString& status);
    static QStringList statusNames();
};

} // namespace hl
