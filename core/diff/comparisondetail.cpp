#include "diff/comparisondetail.h"

#include "render/eventgroups.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <unordered_map>

namespace hl {

namespace {

using Field = HistorySteps::Field;

QString textOf(const HistorySteps& side, const Field& field)
{
    switch (field.kind) {
    case Field::Kind::Text: return field.text;
    case Field::Kind::Micros: return EventGroups::durationText(field.micros / 1000);
    case Field::Kind::Payload:
    case Field::Kind::Failure: break;
    }
    QString text = ComparisonDetail::pretty(HistoryComparison::valueOf(side, field));
    if (text.size() > ComparisonDetail::kMaxValueChars) {
        const qsizetype cut = text.lastIndexOf(QLatin1Char('\n'), ComparisonDetail::kMaxValueChars);
        const qsizetype at = cut > 0 ? cut : ComparisonDetail::kMaxValueChars;
        text = text.left(at) + QStringLiteral("\n… %1 more characters not shown").arg(text.size() - at);
    }
    return text;
}

} // namespace

QString ComparisonDetail::pretty(const QJsonValue& value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isUndefined())
        return {};
    // A scalar: written inside an array, then the brackets taken off.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

QString ComparisonDetail::oneLine(const QJsonValue& value, qsizetype maxChars)
{
    if (value.isUndefined())
        return QStringLiteral("(none)");
    QString text;
    if (value.isObject())
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    else if (value.isArray())
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    else
        text = pretty(value);
    if (text.size() > maxChars)
        text = text.left(std::max<qsizetype>(maxChars - 1, 0)) + QStringLiteral("…");
    return text;
}

std::vector<ComparisonDetail::FieldPair> ComparisonDetail::of(const HistoryComparison& comparison, const HistoryComparison::Row& row)
{
    const HistorySteps::Step* stepA = comparison.stepOf(row, true);
    const HistorySteps::Step* stepB = comparison.stepOf(row, false);
    std::vector<FieldPair> pairs;
    std::unordered_map<QString, size_t> byName;
    auto pairOf = [&](const QString& name) -> FieldPair& {
        const auto [found, added] = byName.try_emplace(name, pairs.size());
        if (added) {
            FieldPair pair;
            pair.name = name;
            pairs.push_back(std::move(pair));
        }
        return pairs[found->second];
    };
    if (stepA) {
        for (const Field& field : comparison.a().fieldsOf(*stepA)) {
            FieldPair& pair = pairOf(field.name);
            pair.inA = true;
            pair.a = textOf(comparison.a(), field);
        }
    }
    if (stepB) {
        for (const Field& field : comparison.b().fieldsOf(*stepB)) {
            FieldPair& pair = pairOf(field.name);
            pair.inB = true;
            pair.b = textOf(comparison.b(), field);
        }
    }
    for (const HistoryComparison::Difference& difference : row.differences) {
        if (const auto found = byName.find(difference.field); found != byName.end())
            pairs[found->second].differs = true;
    }
    for (FieldPair& pair : pairs) {
        if (pair.differs && pair.inA && pair.inB)
            pair.lines = TextDiff::of(pair.a, pair.b);
    }
    return pairs;
}

} // namespace hl
