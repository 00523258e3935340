#include "render/workflowmetadata.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace hl {

namespace {

constexpr int kMaxHandlers = 1000; // a worker's answer is not trusted to be small

std::vector<WorkflowMetadata::Handler> handlersOf(const QJsonValue& value)
{
    std::vector<WorkflowMetadata::Handler> handlers;
    for (const auto& entry : value.toArray()) {
        if (int(handlers.size()) >= kMaxHandlers)
            break;
        const QJsonObject object = entry.toObject();
        const QString name = object.value(QStringLiteral("name")).toString();
        if (!name.isEmpty())
            handlers.push_back({name, object.value(QStringLiteral("description")).toString()});
    }
    std::sort(handlers.begin(), handlers.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return handlers;
}

void appendSection(QStringList& lines, const QString& title, const std::vector<WorkflowMetadata::Handler>& handlers)
{
    lines << title;
    if (handlers.empty())
        lines << QStringLiteral("  (none)");
    qsizetype width = 0;
    for (const auto& handler : handlers)
        width = std::max(width, std::min<qsizetype>(handler.name.size(), 32));
    for (const auto& handler : handlers) {
        const QString first = handler.description.section(QLatin1Char('\n'), 0, 0);
        lines << (first.isEmpty() ? QStringLiteral("  ") + handler.name
                                  : QStringLiteral("  %1  %2").arg(handler.name.leftJustified(width), first));
    }
}

} // namespace

WorkflowMetadata WorkflowMetadata::fromJson(const QJsonValue& answer)
{
    WorkflowMetadata metadata;
    const QJsonObject definition = answer.toObject().value(QStringLiteral("definition")).toObject();
    metadata.m_type = definition.value(QStringLiteral("type")).toString();
    metadata.m_queries = handlersOf(definition.value(QStringLiteral("queryDefinitions")));
    metadata.m_signals = handlersOf(definition.value(QStringLiteral("signalDefinitions")));
    metadata.m_updates = handlersOf(definition.value(QStringLiteral("updateDefinitions")));
    metadata.m_currentDetails = answer.toObject().value(QStringLiteral("currentDetails")).toString();
    return metadata;
}

QStringList WorkflowMetadata::lines() const
{
    QStringList lines;
    if (!m_type.isEmpty())
        lines << QStringLiteral("Workflow type: ") + m_type;
    if (!m_currentDetails.isEmpty())
        lines << QStringLiteral("Current details: ") + m_currentDetails;
    appendSection(lines, QStringLiteral("Queries:"), m_queries);
    appendSection(lines, QStringLiteral("Signals:"), m_signals);
    appendSection(lines, QStringLiteral("Updates:"), m_updates);
    return lines;
}

} // namespace hl
