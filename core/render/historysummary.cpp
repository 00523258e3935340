#include "render/historysummary.h"

#include "json/prototime.h"
#include "render/eventtext.h"

namespace hl {

namespace {

QString withoutTrailingSpace(QString line)
{
    while (line.endsWith(QLatin1Char(' ')))
        line.chop(1);
    return line;
}

} // namespace

QString HistorySummary::timeText(const google::protobuf::Timestamp& time)
{
    return QString::fromStdString(ProtoTime::displayTimestamp(time.seconds(), time.nanos()));
}

QStringList HistorySummary::eventLines(const HistoryFile& file, int historyIndex, const PayloadContext& context)
{
    const History& history = file.histories.at(size_t(historyIndex));
    QStringList lines;
    lines << QStringLiteral("Source:   %1 (%2)").arg(file.sourceName, file.format.describe());
    if (!history.workflowType().isEmpty()) {
        QString workflow = QStringLiteral("Workflow: %1").arg(history.workflowType());
        if (!history.workflowId().isEmpty())
            workflow += QStringLiteral(", id %1").arg(history.workflowId());
        if (!history.runId().isEmpty())
            workflow += QStringLiteral(", run %1").arg(history.runId());
        lines << workflow;
    }
    lines << QStringLiteral("Events:   %1").arg(history.eventCount());
    if (context.decoded && (context.decoded->decodedCount() > 0 || context.decoded->failedCount() > 0)) {
        lines << QStringLiteral("Payloads: %1 decoded, %2 not decoded, %3 not encoded")
                     .arg(context.decoded->decodedCount())
                     .arg(context.decoded->failedCount())
                     .arg(context.decoded->notEncodedCount());
    }

    int typeWidth = 4;
    QStringList types;
    for (int i = 0; i < history.eventCount(); ++i) {
        types << EventText::typeName(history, i);
        typeWidth = qMax(typeWidth, int(types.last().size()));
    }
    const int idWidth = qMax(2, int(QString::number(history.isEmpty() ? 0 : history.event(history.eventCount() - 1).event_id()).size()));
    lines << QString();
    lines << QStringLiteral("%1  %2  %3  %4")
                 .arg(QStringLiteral("ID"), idWidth)
                 .arg(QStringLiteral("TIME"), -24)
                 .arg(QStringLiteral("TYPE"), -typeWidth)
                 .arg(QStringLiteral("DETAILS"));
    for (int i = 0; i < history.eventCount(); ++i) {
        const auto& event = history.event(i);
        lines << withoutTrailingSpace(QStringLiteral("%1  %2  %3  %4")
                                          .arg(event.event_id(), idWidth)
                                          .arg(timeText(event.event_time()), -24)
                                          .arg(types[i], -typeWidth)
                                          .arg(EventText::describe(event, context)));
    }
    return lines;
}

QStringList HistorySummary::workflowLines(const HistoryFile& file)
{
    QStringList lines;
    lines << QStringLiteral("Source:    %1 (%2)").arg(file.sourceName, file.format.describe());
    lines << QStringLiteral("Workflows: %1").arg(file.histories.size());
    lines << QString();
    int typeWidth = 13;
    for (const History& history : file.histories)
        typeWidth = qMax(typeWidth, int(history.workflowType().size()));
    lines << QStringLiteral("%1  %2  %3  %4  %5")
                 .arg(QStringLiteral("INDEX"))
                 .arg(QStringLiteral("WORKFLOW TYPE"), -typeWidth)
                 .arg(QStringLiteral("EVENTS"), 6)
                 .arg(QStringLiteral("RUN ID"), -36)
                 .arg(QStringLiteral("WORKFLOW ID"));
    for (size_t i = 0; i < file.histories.size(); ++i) {
        const History& history = file.histories[i];
        lines << withoutTrailingSpace(QStringLiteral("%1  %2  %3  %4  %5")
                                          .arg(int(i), 5)
                                          .arg(history.workflowType(), -typeWidth)
                                          .arg(history.eventCount(), 6)
                                          .arg(history.runId(), -36)
                                          .arg(history.workflowId()));
    }
    return lines;
}

} // namespace hl
