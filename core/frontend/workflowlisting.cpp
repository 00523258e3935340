#include "frontend/workflowlisting.h"

#include "frontend/frontendclient.h"
#include "json/prototime.h"

namespace hl {

QString WorkflowListing::statusName(int status)
{
    QString name = QString::fromStdString(temporal::api::enums::v1::WorkflowExecutionStatus_Name(
        temporal::api::enums::v1::WorkflowExecutionStatus(status)));
    name.remove(QStringLiteral("WORKFLOW_EXECUTION_STATUS_"));
    if (name.isEmpty())
        return QString::number(status);
    QString rest = name.mid(1).toLower();
    rest.replace(QLatin1Char('_'), QLatin1Char(' '));
    return name.left(1) + rest;
}

QStringList WorkflowListing::statusNames()
{
    return {QStringLiteral("Running"), QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled"),
            QStringLiteral("Terminated"), QStringLiteral("Continued as new"), QStringLiteral("Timed out")};
}

QString WorkflowListing::statusQuery(const QString& status)
{
    // Visibility spells statuses in CamelCase: ContinuedAsNew, TimedOut.
    QString value;
    for (const QString& word : status.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        value += word.left(1).toUpper() + word.mid(1);
    return QStringLiteral("ExecutionStatus='%1'").arg(value);
}

Result<WorkflowListing::Page> WorkflowListing::page(FrontendClient& client, const QString& query, int pageSize,
                                                     const QByteArray& pageToken)
{
    auto answer = client.list(query, pageSize, pageToken);
    if (!answer)
        return answer.error();
    Page page;
    page.nextPageToken = QByteArray::fromStdString(answer->next_page_token());
    page.rows.reserve(size_t(answer->executions_size()));
    for (const auto& execution : answer->executions()) {
        Row row;
        row.workflow = {QString::fromStdString(execution.execution().workflow_id()), QString::fromStdString(execution.execution().run_id())};
        row.type = QString::fromStdString(execution.type().name());
        row.status = statusName(execution.status());
        row.startTime = QString::fromStdString(ProtoTime::displayTimestamp(execution.start_time().seconds(), execution.start_time().nanos()));
        if (execution.has_close_time())
            row.closeTime = QString::fromStdString(ProtoTime::displayTimestamp(execution.close_time().seconds(), execution.close_time().nanos()));
        row.historyLength = execution.history_length();
        row.taskQueue = QString::fromStdString(execution.task_queue());
        row.parentWorkflowId = QString::fromStdString(execution.parent_execution().workflow_id());
        page.rows.push_back(std::move(row));
    }
    return page;
}

} // namespace hl
