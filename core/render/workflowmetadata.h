#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <vector>

namespace hl {

// What a workflow's worker says it handles, from its answer to the __temporal_workflow_metadata query (the SDKs'
// temporal.api.sdk.v1.WorkflowMetadata, decoded): its queries, signals and updates with their descriptions, and the
// details the workflow set about where it is.
class WorkflowMetadata {
public:
    struct Handler {
        QString name;
        QString description;
    };

    // Built from the decoded answer's JSON; an answer that is not a WorkflowMetadata gives an empty one.
    static WorkflowMetadata fromJson(const QJsonValue& answer);

    bool isEmpty() const { return m_type.isEmpty() && m_queries.empty() && m_signals.empty() && m_updates.empty(); }
    const QString& type() const { return m_type; }
    const std::vector<Handler>& queries() const { return m_queries; }
    const std::vector<Handler>& signalHandlers() const { return m_signals; }
    const std::vector<Handler>& updates() const { return m_updates; }
    const QString& currentDetails() const { return m_currentDetails; }

    // "Queries:", each "  name  description", then signals and updates.
    QStringList lines() const;

private:
    QString m_type;
    std::vector<Handler> m_queries;
    std::vector<Handler> m_signals;
    std::vector<Handler> m_updates;
    QString m_currentDetails;
};

} // namespace hl
