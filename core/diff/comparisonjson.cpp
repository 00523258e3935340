#include "diff/comparisonjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hl {

namespace {

using Row = HistoryComparison::Row;

QJsonObject sideObject(const HistorySteps& side, const ComparisonJson::Side& about)
{
    const History& history = side.history();
    return QJsonObject{{QStringLiteral("source"), about.source},
                       {QStringLiteral("workflowId"), history.workflowId()},
                       {QStringLiteral("runId"), about.runId.isEmpty() ? history.runId() : about.runId},
                       {QStringLiteral("workflowType"), history.workflowType()},
                       {QStringLiteral("events"), history.eventCount()},
                       {QStringLiteral("steps"), int(side.steps().size())}};
}

QJsonValue stepObject(const HistorySteps& side, int index)
{
    if (index < 0)
        return QJsonValue::Null;
    const HistorySteps::Step& step = side.steps()[size_t(index)];
    QJsonObject object{{QStringLiteral("index"), index},
                       {QStringLiteral("title"), step.title},
                       {QStringLiteral("occurrence"), step.occurrence},
                       {QStringLiteral("firstEventId"), qint64(side.history().event(step.events.front()).event_id())},
                       {QStringLiteral("lastEventId"), qint64(side.history().event(step.events.back()).event_id())},
                       {QStringLiteral("startOffsetMs"), double(step.startOffset) / 1000.0},
                       {QStringLiteral("durationMs"), double(step.duration) / 1000.0}};
    if (!step.outcome.isEmpty())
        object.insert(QStringLiteral("outcome"), step.outcome);
    if (step.attempts > 0)
        object.insert(QStringLiteral("attempts"), step.attempts);
    return object;
}

QJsonArray differencesArray(const std::vector<HistoryComparison::Difference>& differences)
{
    QJsonArray array;
    for (const auto& difference : differences) {
        QJsonObject object{{QStringLiteral("field"), difference.field},
                           {QStringLiteral("path"), difference.path},
                           {QStringLiteral("kind"), JsonDiff::kindName(difference.kind)}};
        if (!difference.a.isUndefined())
            object.insert(QStringLiteral("a"), difference.a);
        if (!difference.b.isUndefined())
            object.insert(QStringLiteral("b"), difference.b);
        array.append(object);
    }
    return array;
}

} // namespace

QByteArray ComparisonJson::write(const HistoryComparison& comparison, const Side& a, const Side& b, bool allSteps)
{
    QJsonArray steps;
    int position = 0;
    for (const Row& row : comparison.rows()) {
        ++position;
        if (row.status == HistoryComparison::Status::Same && !allSteps)
            continue;
        const HistorySteps::Step& step = row.a >= 0 ? comparison.a().steps()[size_t(row.a)] : comparison.b().steps()[size_t(row.b)];
        QJsonObject object{{QStringLiteral("position"), position},
                           {QStringLiteral("status"), HistoryComparison::statusName(row.status)},
                           {QStringLiteral("key"), step.key},
                           {QStringLiteral("a"), stepObject(comparison.a(), row.a)},
                           {QStringLiteral("b"), stepObject(comparison.b(), row.b)}};
        if (!row.differences.empty())
            object.insert(QStringLiteral("differences"), differencesArray(row.differences));
        steps.append(object);
    }
    QJsonObject root{
        {QStringLiteral("a"), sideObject(comparison.a(), a)},
        {QStringLiteral("b"), sideObject(comparison.b(), b)},
        {QStringLiteral("equal"), comparison.equal()},
        {QStringLiteral("summary"), comparison.summary()},
        {QStringLiteral("counts"),
         QJsonObject{{QStringLiteral("aligned"), int(comparison.rows().size())},
                     {QStringLiteral("same"), int(comparison.rows().size()) - comparison.changedCount() - comparison.onlyACount()
                                                  - comparison.onlyBCount() - comparison.movedCount()},
                     {QStringLiteral("changed"), comparison.changedCount()},
                     {QStringLiteral("onlyInA"), comparison.onlyACount()},
                     {QStringLiteral("onlyInB"), comparison.onlyBCount()},
                     {QStringLiteral("moved"), comparison.movedCount()}}},
        {QStringLiteral("workflow"), QJsonObject{{QStringLiteral("differences"), differencesArray(comparison.workflow().differences)}}},
        {QStringLiteral("steps"), steps},
    };
    if (comparison.cancelled())
        root.insert(QStringLiteral("cancelled"), true);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace hl
