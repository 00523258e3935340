#include "family/familytext.h"

#include "render/eventgroups.h"

#include <temporal/api/enums/v1/workflow.pb.h>

#include <QDateTime>
#include <QTimeZone>
#include <QJsonArray>

namespace hl {

namespace {

namespace enums = temporal::api::enums::v1;

QString bars(int count)
{
    return QStringLiteral(" │  ").repeated(count);
}

QString isoOf(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

void appendNode(QStringList& lines, const FamilyTree& tree, int index, const PayloadContext& context,
                const FamilyText::Options& options)
{
    const FamilyTree::Node& node = tree.node(index);
    const int depth = node.depth;
    const int runs = int(node.runs.size());
    for (int r = 0; r < runs; ++r) {
        const FamilyTree::Run& run = node.runs[size_t(r)];
        QStringList extras;
        if (const QString took = FamilyText::took(run, options.nowMs); !took.isEmpty())
            extras << took;
        if (runs > 1)
            extras << QStringLiteral("run %1 of %2").arg(r + 1).arg(runs);
        QString head = bars(depth) + QStringLiteral(" ╪ ") + FamilyTree::statusIcon(run.status) + QLatin1Char(' ')
            + (node.type.isEmpty() ? QStringLiteral("(unknown type)") : node.type);
        if (!extras.isEmpty())
            head += QStringLiteral(" (%1)").arg(extras.join(QStringLiteral(", ")));
        if (node.workflowId == tree.asked().workflowId && run.runId == tree.asked().runId && depth > 0)
            head += QStringLiteral("  ◀ asked");
        lines << head;
        const QString inner = bars(depth + 1);
        lines << inner + QStringLiteral(" wfId: %1, runId: %2").arg(node.workflowId, run.runId);
        if (const QString failure = FamilyTree::failureMessage(run, context); !failure.isEmpty()) {
            const QStringList failureLines = failure.split(QLatin1Char('\n'));
            lines << inner + QStringLiteral(" Failure: ") + failureLines.front();
            for (qsizetype i = 1; i < failureLines.size(); ++i)
                lines << inner + QStringLiteral("     ") + failureLines[i];
        }
        if (!run.retryState.isEmpty())
            lines << inner + QStringLiteral(" Retry state: ") + run.retryState;
        if (!run.reason.isEmpty())
            lines << inner + QStringLiteral(" Termination reason: ") + run.reason;
        if (depth > 0 && options.foldStatuses.contains(run.status)) {
            if (!run.children.empty())
                lines << inner + QStringLiteral(" ↳ execution folded");
            continue;
        }
        if (!run.childrenError.isEmpty())
            lines << inner + QStringLiteral(" ↳ children not read: ") + run.childrenError;
        else if (run.childrenNotFetched)
            lines << inner + QStringLiteral(" ↳ children not fetched");
        for (int child : run.children)
            appendNode(lines, tree, child, context, options);
    }
}

QJsonObject nodeJson(const FamilyTree& tree, int index, const PayloadContext& context)
{
    const FamilyTree::Node& node = tree.node(index);
    QJsonArray runs;
    for (const FamilyTree::Run& run : node.runs) {
        QJsonObject object{{QStringLiteral("runId"), run.runId}, {QStringLiteral("status"), FamilyTree::statusName(run.status)}};
        if (run.startMs > 0)
            object.insert(QStringLiteral("startTime"), isoOf(run.startMs));
        if (run.closeMs > 0) {
            object.insert(QStringLiteral("closeTime"), isoOf(run.closeMs));
            if (run.startMs > 0)
                object.insert(QStringLiteral("durationMs"), double(run.closeMs - run.startMs));
        }
        if (!run.taskQueue.isEmpty())
            object.insert(QStringLiteral("taskQueue"), run.taskQueue);
        if (const QString failure = FamilyTree::failureMessage(run, context); !failure.isEmpty())
            object.insert(QStringLiteral("failure"), failure);
        if (!run.retryState.isEmpty())
            object.insert(QStringLiteral("retryState"), run.retryState);
        if (!run.reason.isEmpty())
            object.insert(QStringLiteral("reason"), run.reason);
        QJsonArray children;
        for (int child : run.children)
            children.append(nodeJson(tree, child, context));
        object.insert(QStringLiteral("children"), children);
        if (run.childrenNotFetched)
            object.insert(QStringLiteral("childrenNotFetched"), true);
        if (!run.childrenError.isEmpty())
            object.insert(QStringLiteral("childrenError"), run.childrenError);
        runs.append(object);
    }
    return {{QStringLiteral("workflowId"), node.workflowId}, {QStringLiteral("type"), node.type}, {QStringLiteral("runs"), runs}};
}

} // namespace

QSet<int> FamilyText::defaultFoldStatuses()
{
    return {enums::WORKFLOW_EXECUTION_STATUS_COMPLETED, enums::WORKFLOW_EXECUTION_STATUS_CANCELED,
            enums::WORKFLOW_EXECUTION_STATUS_TERMINATED};
}

int FamilyText::foldStatusOf(const QString& name)
{
    static const QHash<QString, int> statuses{
        {QStringLiteral("running"), enums::WORKFLOW_EXECUTION_STATUS_RUNNING},
        {QStringLiteral("completed"), enums::WORKFLOW_EXECUTION_STATUS_COMPLETED},
        {QStringLiteral("failed"), enums::WORKFLOW_EXECUTION_STATUS_FAILED},
        {QStringLiteral("canceled"), enums::WORKFLOW_EXECUTION_STATUS_CANCELED},
        {QStringLiteral("terminated"), enums::WORKFLOW_EXECUTION_STATUS_TERMINATED},
        {QStringLiteral("timedout"), enums::WORKFLOW_EXECUTION_STATUS_TIMED_OUT},
        {QStringLiteral("continueasnew"), enums::WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW},
    };
    return statuses.value(name.trimmed().toLower(), -1);
}

QString FamilyText::took(const FamilyTree::Run& run, qint64 nowMs)
{
    if (run.startMs <= 0)
        return {};
    const qint64 end = run.closeMs > 0 ? run.closeMs : nowMs;
    return end >= run.startMs ? EventGroups::durationText(end - run.startMs) : QString();
}

QStringList FamilyText::lines(const FamilyTree& tree, const PayloadContext& context, const Options& options)
{
    QStringList lines;
    if (tree.isEmpty())
        return lines;
    appendNode(lines, tree, 0, context, options);
    if (tree.truncated())
        lines << QString() << QStringLiteral("Stopped at %1 runs; some children were not fetched (raise --limit).").arg(tree.runCount());
    for (const QString& note : tree.notes())
        lines << QStringLiteral("Note: ") + note;
    return lines;
}

QJsonObject FamilyText::json(const FamilyTree& tree, const PayloadContext& context)
{
    QJsonObject object{{QStringLiteral("namespace"), tree.namespaceName()},
                       {QStringLiteral("asked"), QJsonObject{{QStringLiteral("workflowId"), tree.asked().workflowId},
                                                             {QStringLiteral("runId"), tree.asked().runId}}},
                       {QStringLiteral("truncated"), tree.truncated()}};
    if (!tree.isEmpty())
        object.insert(QStringLiteral("root"), nodeJson(tree, 0, context));
    QJsonArray notes;
    for (const QString& note : tree.notes())
        notes.append(note);
    object.insert(QStringLiteral("notes"), notes);
    return object;
}

} // namespace hl
