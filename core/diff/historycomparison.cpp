#include "diff/historycomparison.h"

#include "diff/sequencealignment.h"
#include "json/base64.h"
#include "json/jsonbuilder.h"
#include "render/failurechain.h"
#include "render/readablepayload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>

namespace hl {

namespace {

using Field = HistorySteps::Field;
using Step = HistorySteps::Step;
using Payload = temporal::api::common::v1::Payload;
using Difference = HistoryComparison::Difference;

bool sameMetadata(const Payload& a, const Payload& b)
{
    if (a.metadata_size() != b.metadata_size())
        return false;
    for (const auto& [key, value] : a.metadata()) {
        const auto found = b.metadata().find(key);
        if (found == b.metadata().end() || found->second != value)
            return false;
    }
    return true;
}

// Equal stored bytes are equal values whatever the keys; encrypted ones differ in their nonces, so they are decoded
// (without filling the cache a reader's screen uses) and compared again.
bool samePayload(const Payload& a, const PayloadContext& contextA, const Payload& b, const PayloadContext& contextB)
{
    if (a.data() == b.data() && sameMetadata(a, b))
        return true;
    const ShownPayload x = contextA.shown(a, false);
    const ShownPayload y = contextB.shown(b, false);
    return x.isDecoded() == y.isDecoded() && (x.isDecoded() || contextA.find(a) == nullptr) && x->data() == y->data()
           && sameMetadata(*x, *y);
}

QJsonValue valueOf(const Payload& payload, const PayloadContext& context)
{
    return ReadablePayload::valueOf(payload, context);
}

// A failure as its chain of causes: message, kind, type, source, the facts of its info and its decoded details.
// Stack traces are left out: paths and line numbers change with every build.
QJsonValue valueOf(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context)
{
    QJsonArray chain;
    const FailureChain levels = FailureChain::of(failure, context);
    for (const FailureChain::Level& level : levels.levels()) {
        QJsonObject object{{QStringLiteral("message"), level.message}, {QStringLiteral("kind"), level.kind}};
        if (!level.type.isEmpty())
            object.insert(QStringLiteral("type"), level.type);
        if (!level.source.isEmpty())
            object.insert(QStringLiteral("source"), level.source);
        for (const auto& [name, value] : level.facts)
            object.insert(name, value);
        if (!level.details.isEmpty()) {
            const QJsonDocument details = QJsonDocument::fromJson("[" + level.details.toUtf8() + "]");
            object.insert(QStringLiteral("details"), details.isArray() ? details.array().first() : QJsonValue(level.details));
        }
        chain.append(object);
    }
    return chain;
}

QJsonValue valueOf(const Field& field, const PayloadContext& context)
{
    switch (field.kind) {
    case Field::Kind::Text: return field.text;
    case Field::Kind::Payload: return valueOf(*field.payload, context);
    case Field::Kind::Failure: return valueOf(*field.failure, context);
    case Field::Kind::Micros: return double(field.micros) / 1000.0; // milliseconds
    }
    return {};
}

bool ignored(const QString& path, const QStringList& ignore)
{
    for (const QString& prefix : ignore) {
        if (path == prefix || (path.startsWith(prefix)
                               && (path.at(prefix.size()) == QLatin1Char('.') || path.at(prefix.size()) == QLatin1Char('['))))
            return true;
    }
    return false;
}

std::vector<Difference> compareSteps(const HistorySteps& sideA, const Step& a, const HistorySteps& sideB, const Step& b,
                                     const HistoryComparison::Options& options)
{
    std::vector<Difference> differences;
    // Equal digests: every payload, failure message and text field is the same; only timing is left to compare.
    const bool sameContent = &a != &sideA.workflow() && a.contentDigest == b.contentDigest; // the workflow has none
    auto timingAgrees = [&options](int64_t x, int64_t y) {
        const int64_t delta = std::abs(x - y);
        return delta < options.timingThresholdMicros || delta * 4 < std::max(std::abs(x), std::abs(y));
    };
    if (sameContent && a.outcome == b.outcome && a.attempts == b.attempts
        && (options.ignoreTiming || (timingAgrees(a.startOffset, b.startOffset) && timingAgrees(a.duration, b.duration))))
        return differences;
    const std::vector<Field> fieldsA = sideA.fieldsOf(a);
    const std::vector<Field> fieldsB = sideB.fieldsOf(b);
    std::unordered_map<QString, const Field*> byName;
    for (const Field& field : fieldsB)
        byName.emplace(field.name, &field);
    auto add = [&](const Difference& difference) {
        if (!ignored(difference.path, options.ignore))
            differences.push_back(difference);
    };
    for (const Field& x : fieldsA) {
        if (ignored(x.name, options.ignore) || (options.ignoreTiming && x.kind == Field::Kind::Micros))
            continue;
        const auto found = byName.find(x.name);
        if (found == byName.end()) {
            add({x.name, x.name, JsonDiff::Kind::Removed, valueOf(x, sideA.context()), QJsonValue(QJsonValue::Undefined)});
            continue;
        }
        const Field& y = *found->second;
        switch (x.kind) {
        case Field::Kind::Text:
            if (x.text != y.text)
                add({x.name, x.name, JsonDiff::Kind::Changed, x.text, y.text});
            continue;
        case Field::Kind::Micros: {
            if (!timingAgrees(x.micros, y.micros))
                add({x.name, x.name, JsonDiff::Kind::Changed, valueOf(x, sideA.context()), valueOf(y, sideB.context())});
            continue;
        }
        case Field::Kind::Payload:
            if (y.kind == Field::Kind::Payload && (sameContent || samePayload(*x.payload, sideA.context(), *y.payload, sideB.context())))
                continue;
            break;
        case Field::Kind::Failure:
            if (y.kind == Field::Kind::Failure && sameContent)
                continue;
            break;
        }
        for (const JsonDiff::Change& change : JsonDiff::of(valueOf(x, sideA.context()), valueOf(y, sideB.context()), x.name))
            add({x.name, change.path, change.kind, change.a, change.b});
    }
    std::unordered_map<QString, bool> inA;
    for (const Field& x : fieldsA)
        inA.emplace(x.name, true);
    for (const Field& y : fieldsB) {
        if (inA.count(y.name) || ignored(y.name, options.ignore) || (options.ignoreTiming && y.kind == Field::Kind::Micros))
            continue;
        add({y.name, y.name, JsonDiff::Kind::Added, QJsonValue(QJsonValue::Undefined), valueOf(y, sideB.context())});
    }
    return differences;
}

// Steps align first by key and input (so among like steps, the one asked the same thing is the match, and a step
// inserted among others of its kind is the one reported), then what is left between those matches by key alone
// (so a step asked something else is the same step, changed).
std::vector<SequenceAlignment::Pair> alignSteps(const HistorySteps& sideA, const std::vector<int>& keysA, const HistorySteps& sideB,
                                                const std::vector<int>& keysB)
{
    std::map<std::pair<int, uint64_t>, int> strictIds;
    auto strictOf = [&strictIds](const HistorySteps& side, const std::vector<int>& keys) {
        std::vector<int> strict;
        strict.reserve(keys.size());
        for (size_t i = 0; i < keys.size(); ++i)
            strict.push_back(strictIds.try_emplace({keys[i], side.steps()[i].inputDigest}, int(strictIds.size())).first->second);
        return strict;
    };
    const std::vector<SequenceAlignment::Pair> strict = SequenceAlignment::align(strictOf(sideA, keysA), strictOf(sideB, keysB));
    std::vector<SequenceAlignment::Pair> pairs;
    pairs.reserve(strict.size());
    std::vector<int> gapA;
    std::vector<int> gapB;
    auto flush = [&] {
        if (!gapA.empty() && !gapB.empty()) {
            std::vector<int> subA;
            std::vector<int> subB;
            for (const int i : gapA)
                subA.push_back(keysA[size_t(i)]);
            for (const int j : gapB)
                subB.push_back(keysB[size_t(j)]);
            for (const auto& pair : SequenceAlignment::align(subA, subB))
                pairs.push_back({pair.a >= 0 ? gapA[size_t(pair.a)] : -1, pair.b >= 0 ? gapB[size_t(pair.b)] : -1});
        } else {
            for (const int i : gapA)
                pairs.push_back({i, -1});
            for (const int j : gapB)
                pairs.push_back({-1, j});
        }
        gapA.clear();
        gapB.clear();
    };
    for (const auto& pair : strict) {
        if (pair.a >= 0 && pair.b >= 0) {
            flush();
            pairs.push_back(pair);
        } else if (pair.a >= 0) {
            gapA.push_back(pair.a);
        } else {
            gapB.push_back(pair.b);
        }
    }
    flush();
    return pairs;
}

} // namespace

HistoryComparison HistoryComparison::compare(std::shared_ptr<const HistorySteps> a, std::shared_ptr<const HistorySteps> b,
                                             const Options& options, const std::atomic_bool* cancel)
{
    HistoryComparison result;
    result.m_a = std::move(a);
    result.m_b = std::move(b);
    result.m_options = options;
    const HistorySteps& sideA = *result.m_a;
    const HistorySteps& sideB = *result.m_b;

    result.m_workflow.a = 0;
    result.m_workflow.b = 0;
    result.m_workflow.differences = compareSteps(sideA, sideA.workflow(), sideB, sideB.workflow(), options);
    result.m_workflow.status = result.m_workflow.differences.empty() ? Status::Same : Status::Changed;

    // Keys as small integers for the alignment.
    std::unordered_map<QString, int> ids;
    auto keysOf = [&ids](const HistorySteps& side) {
        std::vector<int> keys;
        keys.reserve(side.steps().size());
        for (const Step& step : side.steps())
            keys.push_back(ids.try_emplace(step.key, int(ids.size())).first->second);
        return keys;
    };
    const std::vector<int> keysA = keysOf(sideA);
    const std::vector<int> keysB = keysOf(sideB);
    const std::vector<SequenceAlignment::Pair> pairs = alignSteps(sideA, keysA, sideB, keysB);

    // What only one side has at its place but the other has elsewhere (same key, in the same order): moved.
    std::unordered_map<int, std::deque<int>> unmatchedA; // key -> A's unmatched steps
    for (const auto& pair : pairs) {
        if (pair.b < 0)
            unmatchedA[keysA[size_t(pair.a)]].push_back(pair.a);
    }
    std::unordered_map<int, int> movedFromA; // B's step -> A's
    std::vector<bool> aMoved(keysA.size(), false);
    for (const auto& pair : pairs) {
        if (pair.a >= 0)
            continue;
        auto found = unmatchedA.find(keysB[size_t(pair.b)]);
        if (found == unmatchedA.end() || found->second.empty())
            continue;
        movedFromA[pair.b] = found->second.front();
        aMoved[size_t(found->second.front())] = true;
        found->second.pop_front();
    }

    result.m_rows.reserve(pairs.size());
    int done = 0;
    for (const auto& pair : pairs) {
        if (cancel && (++done & 255) == 0 && cancel->load(std::memory_order_relaxed)) {
            result.m_cancelled = true;
            break;
        }
        Row row;
        row.a = pair.a;
        row.b = pair.b;
        if (pair.a >= 0 && pair.b >= 0) {
            row.differences = compareSteps(sideA, sideA.steps()[size_t(pair.a)], sideB, sideB.steps()[size_t(pair.b)], options);
            row.status = row.differences.empty() ? Status::Same : Status::Changed;
            result.m_changed += row.differences.empty() ? 0 : 1;
        } else if (pair.a >= 0) {
            if (aMoved[size_t(pair.a)])
                continue; // shown where B has it
            row.status = Status::OnlyA;
            ++result.m_onlyA;
        } else if (const auto moved = movedFromA.find(pair.b); moved != movedFromA.end()) {
            row.a = moved->second;
            row.status = Status::Moved;
            row.differences.push_back({QStringLiteral("order"), QStringLiteral("order"), JsonDiff::Kind::Changed, row.a + 1, row.b + 1});
            const auto fields = compareSteps(sideA, sideA.steps()[size_t(row.a)], sideB, sideB.steps()[size_t(row.b)], options);
            row.differences.insert(row.differences.end(), fields.begin(), fields.end());
            ++result.m_moved;
        } else {
            row.status = Status::OnlyB;
            ++result.m_onlyB;
        }
        result.m_rows.push_back(std::move(row));
    }
    return result;
}

QString HistoryComparison::summary() const
{
    QStringList parts;
    const int differ = m_changed + m_moved;
    if (differ > 0)
        parts << (differ == 1 ? QStringLiteral("1 step differs") : QStringLiteral("%1 steps differ").arg(differ));
    if (m_onlyA > 0)
        parts << QStringLiteral("%1 only in A").arg(m_onlyA);
    if (m_onlyB > 0)
        parts << QStringLiteral("%1 only in B").arg(m_onlyB);
    // The workflow's own fields, by what they are: input, result, failure, outcome, memo, ...
    QStringList fields;
    for (const Difference& difference : m_workflow.differences) {
        QString field = difference.field;
        field = field.left(field.indexOf(QRegularExpression(QStringLiteral("[.\\[]"))));
        if (field == QLatin1String("timing"))
            field = QStringLiteral("duration");
        if (!fields.contains(field))
            fields << field;
    }
    for (const QString& field : fields)
        parts << field + QStringLiteral(" differs");
    if (m_cancelled)
        parts << QStringLiteral("comparison cancelled");
    return parts.isEmpty() ? QStringLiteral("no differences") : parts.join(QStringLiteral(", "));
}

const HistorySteps::Step* HistoryComparison::stepOf(const Row& row, bool sideA) const
{
    const HistorySteps& side = sideA ? *m_a : *m_b;
    if (&row == &m_workflow)
        return &side.workflow();
    const int index = sideA ? row.a : row.b;
    return index >= 0 ? &side.steps()[size_t(index)] : nullptr;
}

QJsonValue HistoryComparison::valueOf(const HistorySteps& side, const HistorySteps::Field& field)
{
    return hl::valueOf(field, side.context());
}

QString HistoryComparison::statusName(Status status)
{
    switch (status) {
    case Status::Same: return QStringLiteral("same");
    case Status::Changed: return QStringLiteral("changed");
    case Status::OnlyA: return QStringLiteral("onlyInA");
    case Status::OnlyB: return QStringLiteral("onlyInB");
    case Status::Moved: return QStringLiteral("moved");
    }
    return {};
}

} // namespace hl
