// Comparing two runs: the alignment is a shortest edit script (and stays valid when it falls back), JSON values
// differ by path, and on real histories and histories written here: a history compared with itself reports nothing,
// swapping the sides swaps what only one has, and k steps inserted into a copy are reported as exactly k insertions.
#ifndef Q_MOC_RUN
#include "diff/comparisondetail.h"
#include "diff/comparisonjson.h"
#include "diff/textdiff.h"
#include "diff/historycomparison.h"
#include "diff/jsondiff.h"
#include "diff/sequencealignment.h"
#include "format/historyreader.h"
#include <temporal/api/history/v1/message.pb.h>
#include "support/plannedhistory.h"
#endif
#include "support/testpaths.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

using namespace hl;
using namespace temporal::api;
using test::PlannedStep;
using test::historyOfPlan;

class TestDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void alignmentIsAShortestEditScript();
    void alignmentFallsBackValidly();
    void jsonValuesDifferByPath();
    void historyComparedWithItselfReportsNothing_data();
    void historyComparedWithItselfReportsNothing();
    void swappingSidesSwapsWhatOnlyOneHas();
    void insertedStepsAreExactlyTheInsertions();
    void changedInputIsOneChangedStep();
    void ignoredPathsAndTimingAreNotReported();
    void jsonHasItsSchema();
    void textDiffRebuildsBothTexts();
    void detailPairsTheFieldsOfAStep();
};

namespace {

using Pair = SequenceAlignment::Pair;

int lcsLength(const std::vector<int>& a, const std::vector<int>& b)
{
    std::vector<std::vector<int>> table(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j)
            table[i][j] = a[i - 1] == b[j - 1] ? table[i - 1][j - 1] + 1 : std::max(table[i - 1][j], table[i][j - 1]);
    }
    return table[a.size()][b.size()];
}

// Every index of each side once, in order; matched pairs have equal keys. Returns the number of matches.
int checkedMatches(const std::vector<int>& a, const std::vector<int>& b, const std::vector<Pair>& pairs)
{
    int nextA = 0, nextB = 0, matches = 0;
    for (const Pair& pair : pairs) {
        if (pair.a >= 0) {
            if (pair.a != nextA)
                return -1;
            ++nextA;
        }
        if (pair.b >= 0) {
            if (pair.b != nextB)
                return -1;
            ++nextB;
        }
        if (pair.a >= 0 && pair.b >= 0) {
            if (a[size_t(pair.a)] != b[size_t(pair.b)])
                return -1;
            ++matches;
        }
        if (pair.a < 0 && pair.b < 0)
            return -1;
    }
    return nextA == int(a.size()) && nextB == int(b.size()) ? matches : -1;
}

std::vector<int> randomKeys(QRandomGenerator& random, int size, int alphabet)
{
    std::vector<int> keys;
    for (int i = 0; i < size; ++i)
        keys.push_back(int(random.bounded(alphabet)));
    return keys;
}

HistorySteps stepsOf(const History& history)
{
    return HistorySteps::of(history, {});
}

std::shared_ptr<const HistorySteps> shared(HistorySteps steps)
{
    return std::make_shared<const HistorySteps>(std::move(steps));
}

std::vector<PlannedStep> randomPlan(QRandomGenerator& random, int size, int seed)
{
    static const char* const kTypes[] = {"Charge", "Ship", "Reserve", "Notify", "Refund"};
    std::vector<PlannedStep> plan;
    for (int i = 0; i < size; ++i) {
        const int choice = int(random.bounded(10));
        PlannedStep step;
        step.kind = choice < 7 ? PlannedStep::Activity : choice < 9 ? PlannedStep::Signal : PlannedStep::Timer;
        step.name = step.kind == PlannedStep::Signal ? "poke" : kTypes[random.bounded(5)];
        step.input = "{\"n\":" + std::to_string(seed * 100000 + i) + "}";
        plan.push_back(step);
    }
    return plan;
}

} // namespace

void TestDiff::alignmentIsAShortestEditScript()
{
    QRandomGenerator random(7);
    for (int round = 0; round < 600; ++round) {
        const std::vector<int> a = randomKeys(random, int(random.bounded(40)), 1 + int(random.bounded(5)));
        const std::vector<int> b = randomKeys(random, int(random.bounded(40)), 1 + int(random.bounded(5)));
        const int matches = checkedMatches(a, b, SequenceAlignment::align(a, b));
        QVERIFY2(matches >= 0, qPrintable(QStringLiteral("round %1: not an alignment").arg(round)));
        QCOMPARE(matches, lcsLength(a, b));
    }
}

void TestDiff::alignmentFallsBackValidly()
{
    // Past the edit bound, anchors and greedy matching take over: still every index once, in order, equal keys.
    QRandomGenerator random(11);
    for (int round = 0; round < 300; ++round) {
        const std::vector<int> a = randomKeys(random, int(random.bounded(60)), 1 + int(random.bounded(30)));
        const std::vector<int> b = randomKeys(random, int(random.bounded(60)), 1 + int(random.bounded(30)));
        const int matches = checkedMatches(a, b, SequenceAlignment::align(a, b, 1 + int(random.bounded(4))));
        QVERIFY2(matches >= 0, qPrintable(QStringLiteral("round %1").arg(round)));
        QVERIFY(matches <= lcsLength(a, b));
    }
    // Two unrelated 17,000-step sequences.
    const std::vector<int> a = randomKeys(random, 17000, 3000);
    const std::vector<int> b = randomKeys(random, 17000, 3000);
    QVERIFY(checkedMatches(a, b, SequenceAlignment::align(a, b)) >= 0);
}

void TestDiff::jsonValuesDifferByPath()
{
    const QJsonObject a = QJsonDocument::fromJson(R"({"a":1,"b":[1,2],"c":{"d":"x"},"odd key":0})").object();
    const QJsonObject b = QJsonDocument::fromJson(R"({"a":2,"b":[1],"c":{"d":"x","e":true},"odd key":0})").object();
    const auto changes = JsonDiff::of(a, b, QStringLiteral("input[0]"));
    QCOMPARE(int(changes.size()), 3);
    QCOMPARE(changes[0].path, QStringLiteral("input[0].a"));
    QCOMPARE(changes[0].kind, JsonDiff::Kind::Changed);
    QCOMPARE(changes[1].path, QStringLiteral("input[0].b[1]"));
    QCOMPARE(changes[1].kind, JsonDiff::Kind::Removed);
    QCOMPARE(changes[2].path, QStringLiteral("input[0].c.e"));
    QCOMPARE(changes[2].kind, JsonDiff::Kind::Added);
    QCOMPARE(JsonDiff::keyStep(QStringLiteral("odd key")), QStringLiteral("[\"odd key\"]"));
    QVERIFY(JsonDiff::of(a, a, QString()).empty());
}

void TestDiff::historyComparedWithItselfReportsNothing_data()
{
    QTest::addColumn<QString>("path");
    for (const QString& name : test::realFixtureNames())
        QTest::newRow(qPrintable(name)) << test::realFixture(name);
}

void TestDiff::historyComparedWithItselfReportsNothing()
{
    QFETCH(QString, path);
    auto file = HistoryReader().readFile(path);
    QVERIFY2(file, qPrintable(file.error().toString()));
    for (const History& history : file->histories) {
        // Two readings of the same file: equal values in other objects.
        auto again = HistoryReader().readFile(path);
        QVERIFY(again);
        const History& copy = again->histories[size_t(&history - file->histories.data())];
        const HistoryComparison comparison = HistoryComparison::compare(shared(stepsOf(history)), shared(stepsOf(copy)), {});
        QVERIFY2(comparison.equal(), qPrintable(comparison.summary()));
        QCOMPARE(comparison.summary(), QStringLiteral("no differences"));
        QCOMPARE(int(comparison.rows().size()), int(comparison.a().steps().size()));
    }
}

void TestDiff::swappingSidesSwapsWhatOnlyOneHas()
{
    const QStringList names{QStringLiteral("sdk-go__gogoproto-payload-workflow.json"), QStringLiteral("sdk-go__multiple-updates.json"),
                            QStringLiteral("sdk-python__research-workflow-history.json"),
                            QStringLiteral("sdk-typescript__otel_v2_smorgasbord_1_18_1.json")};
    for (const QString& x : names) {
        for (const QString& y : names) {
            auto a = HistoryReader().readFile(test::realFixture(x));
            auto b = HistoryReader().readFile(test::realFixture(y));
            QVERIFY(a && b);
            const auto stepsA = shared(stepsOf(a->histories.front()));
            const auto stepsB = shared(stepsOf(b->histories.front()));
            const HistoryComparison forward = HistoryComparison::compare(stepsA, stepsB, {});
            const HistoryComparison backward = HistoryComparison::compare(stepsB, stepsA, {});
            QCOMPARE(forward.onlyACount(), backward.onlyBCount());
            QCOMPARE(forward.onlyBCount(), backward.onlyACount());
            QCOMPARE(forward.changedCount() + forward.movedCount(), backward.changedCount() + backward.movedCount());
            QCOMPARE(forward.workflow().differences.size(), backward.workflow().differences.size());
            QCOMPARE(forward.equal(), x == y);
        }
    }
}

void TestDiff::insertedStepsAreExactlyTheInsertions()
{
    QRandomGenerator random(23);
    for (int round = 0; round < 40; ++round) {
        const std::vector<PlannedStep> base = randomPlan(random, 20 + int(random.bounded(200)), round);
        std::vector<PlannedStep> copy = base;
        const int k = 1 + int(random.bounded(12));
        const std::vector<PlannedStep> extra = randomPlan(random, k, 1000 + round); // inputs no base step has
        for (const PlannedStep& step : extra)
            copy.insert(copy.begin() + long(random.bounded(int(copy.size()) + 1)), step);
        HistoryComparison::Options options;
        options.ignoreTiming = true; // every later step starts later
        const HistoryComparison comparison =
            HistoryComparison::compare(shared(stepsOf(historyOfPlan(base))), shared(stepsOf(historyOfPlan(copy))), options);
        QCOMPARE(comparison.onlyBCount(), k);
        QCOMPARE(comparison.onlyACount(), 0);
        QCOMPARE(comparison.changedCount(), 0);
        QCOMPARE(comparison.movedCount(), 0);
        QVERIFY(comparison.workflow().differences.empty());
        // And the other way round: k steps only in A.
        const HistoryComparison back =
            HistoryComparison::compare(shared(stepsOf(historyOfPlan(copy))), shared(stepsOf(historyOfPlan(base))), options);
        QCOMPARE(back.onlyACount(), k);
        QCOMPARE(back.onlyBCount() + back.changedCount() + back.movedCount(), 0);
    }
}

void TestDiff::changedInputIsOneChangedStep()
{
    QRandomGenerator random(5);
    std::vector<PlannedStep> base = randomPlan(random, 50, 1);
    base[20] = {PlannedStep::Activity, "Charge", R"({"amount":129.5,"currency":"EUR"})"};
    std::vector<PlannedStep> other = base;
    other[20].input = R"({"amount":99,"currency":"EUR","coupon":"X1"})";
    // A signal that arrived earlier: moved, nothing after it shifts.
    other.insert(other.begin() + 5, {PlannedStep::Signal, "approve", R"("maria")"});
    base.insert(base.begin() + 30, {PlannedStep::Signal, "approve", R"("maria")"});
    HistoryComparison::Options options;
    options.ignoreTiming = true;
    const HistoryComparison comparison =
        HistoryComparison::compare(shared(stepsOf(historyOfPlan(base))), shared(stepsOf(historyOfPlan(other, "\"refunded\""))), options);
    QCOMPARE(comparison.changedCount(), 1);
    QCOMPARE(comparison.movedCount(), 1);
    QCOMPARE(comparison.onlyACount() + comparison.onlyBCount(), 0);
    QStringList paths;
    for (const auto& row : comparison.rows()) {
        if (row.status == HistoryComparison::Status::Changed) {
            QCOMPARE(comparison.a().steps()[size_t(row.a)].key, QStringLiteral("activity:Charge"));
            for (const auto& difference : row.differences)
                paths << difference.path + QLatin1Char(':') + JsonDiff::kindName(difference.kind);
        }
        if (row.status == HistoryComparison::Status::Moved)
            QCOMPARE(comparison.b().steps()[size_t(row.b)].key, QStringLiteral("signal:approve"));
    }
    paths.sort();
    QCOMPARE(paths, (QStringList{QStringLiteral("input[0].amount:changed"), QStringLiteral("input[0].coupon:added"),
                                 QStringLiteral("result[0].for.amount:changed"), QStringLiteral("result[0].for.coupon:added")}));
    QCOMPARE(int(comparison.workflow().differences.size()), 1);
    QCOMPARE(comparison.workflow().differences[0].path, QStringLiteral("result[0]"));
    QCOMPARE(comparison.summary(), QStringLiteral("2 steps differ, result differs"));
}

void TestDiff::ignoredPathsAndTimingAreNotReported()
{
    std::vector<PlannedStep> base{{PlannedStep::Activity, "Charge", R"({"amount":1,"at":"09:00"})"},
                                  {PlannedStep::Timer, "", "{}"},
                                  {PlannedStep::Activity, "Ship", R"({"to":"Lisbon"})"}};
    std::vector<PlannedStep> other = base;
    other[0].input = R"({"amount":1,"at":"10:00"})";
    // Timing: the same plan, so the same times; another timer makes every later step start a second later.
    other.insert(other.begin() + 1, {PlannedStep::Timer, "", "{}"});
    const auto a = shared(stepsOf(historyOfPlan(base)));
    const auto b = shared(stepsOf(historyOfPlan(other)));
    HistoryComparison::Options options;
    options.ignore = {QStringLiteral("input[0].at"), QStringLiteral("result")};
    HistoryComparison comparison = HistoryComparison::compare(a, b, options);
    bool timing = false;
    for (const auto& row : comparison.rows()) {
        for (const auto& difference : row.differences) {
            QVERIFY2(!difference.path.startsWith(QLatin1String("input[0].at")) && !difference.path.startsWith(QLatin1String("result")),
                     qPrintable(difference.path));
            timing = timing || difference.field.startsWith(QLatin1String("timing."));
        }
    }
    QVERIFY(timing); // Ship starts 1 s later of 2.1 s: past the threshold and a quarter
    options.ignoreTiming = true;
    comparison = HistoryComparison::compare(a, b, options);
    QCOMPARE(comparison.changedCount(), 0);
    QCOMPARE(comparison.onlyBCount(), 1);
}

void TestDiff::jsonHasItsSchema()
{
    std::vector<PlannedStep> base{{PlannedStep::Activity, "Charge", R"({"amount":1})"}, {PlannedStep::Signal, "poke", "1"}};
    std::vector<PlannedStep> other{{PlannedStep::Activity, "Charge", R"({"amount":2})"}};
    const HistoryComparison comparison =
        HistoryComparison::compare(shared(stepsOf(historyOfPlan(base))), shared(stepsOf(historyOfPlan(other))), {});
    const QJsonObject json = QJsonDocument::fromJson(ComparisonJson::write(comparison, {QStringLiteral("a.json"), QString()}, {QStringLiteral("b.json"), QString()})).object();
    QCOMPARE(json.value(QStringLiteral("equal")).toBool(), false);
    QCOMPARE(json.value(QStringLiteral("a")).toObject().value(QStringLiteral("source")).toString(), QStringLiteral("a.json"));
    QCOMPARE(json.value(QStringLiteral("counts")).toObject().value(QStringLiteral("onlyInA")).toInt(), 1);
    QCOMPARE(json.value(QStringLiteral("counts")).toObject().value(QStringLiteral("changed")).toInt(), 1);
    const QJsonArray steps = json.value(QStringLiteral("steps")).toArray();
    QCOMPARE(steps.size(), 2);
    const QJsonObject changed = steps[0].toObject();
    QCOMPARE(changed.value(QStringLiteral("status")).toString(), QStringLiteral("changed"));
    QCOMPARE(changed.value(QStringLiteral("key")).toString(), QStringLiteral("activity:Charge"));
    QCOMPARE(changed.value(QStringLiteral("a")).toObject().value(QStringLiteral("firstEventId")).toInt(), 2);
    const QJsonObject difference = changed.value(QStringLiteral("differences")).toArray().first().toObject();
    QCOMPARE(difference.value(QStringLiteral("path")).toString(), QStringLiteral("input[0].amount"));
    QCOMPARE(difference.value(QStringLiteral("a")).toInt(), 1);
    QCOMPARE(difference.value(QStringLiteral("b")).toInt(), 2);
    QCOMPARE(steps[1].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("onlyInA"));
    QVERIFY(steps[1].toObject().value(QStringLiteral("b")).isNull());
}

// Property: the Same and Removed lines are A in order, the Same and Added lines are B, and within each stretch where
// the two part, every removed line comes before every added one.
void TestDiff::textDiffRebuildsBothTexts()
{
    QRandomGenerator random(11);
    for (int round = 0; round < 200; ++round) {
        QStringList a, b;
        for (int i = 0, n = int(random.bounded(40)); i < n; ++i)
            a << QString::number(random.bounded(8));
        for (int i = 0, n = int(random.bounded(40)); i < n; ++i)
            b << QString::number(random.bounded(8));
        const std::vector<TextDiff::Line> lines = TextDiff::of(a.join(QLatin1Char('\n')), b.join(QLatin1Char('\n')));
        QStringList rebuiltA, rebuiltB;
        bool added = false;
        for (const TextDiff::Line& line : lines) {
            if (line.kind != TextDiff::Kind::Added)
                rebuiltA << line.text;
            if (line.kind != TextDiff::Kind::Removed)
                rebuiltB << line.text;
            QVERIFY(!(added && line.kind == TextDiff::Kind::Removed));
            added = line.kind == TextDiff::Kind::Added ? true : line.kind == TextDiff::Kind::Same ? false : added;
        }
        QCOMPARE(rebuiltA, a);
        QCOMPARE(rebuiltB, b);
        int same = 0;
        for (const TextDiff::Line& line : lines)
            same += line.kind == TextDiff::Kind::Same ? 1 : 0;
        std::vector<int> keysA, keysB;
        for (const QString& line : a)
            keysA.push_back(line.toInt());
        for (const QString& line : b)
            keysB.push_back(line.toInt());
        QCOMPARE(same, lcsLength(keysA, keysB)); // as few lines changed as can be
    }
}

void TestDiff::detailPairsTheFieldsOfAStep()
{
    std::vector<PlannedStep> base{{PlannedStep::Activity, "Reserve", R"({"sku":"A-1"})"},
                                  {PlannedStep::Activity, "Charge", R"({"amount":129.5,"currency":"EUR"})"}};
    std::vector<PlannedStep> other = base;
    other[1].input = R"({"amount":99,"currency":"EUR","coupon":"X1"})";
    HistoryComparison::Options options;
    options.ignoreTiming = true;
    const HistoryComparison comparison =
        HistoryComparison::compare(shared(stepsOf(historyOfPlan(base))), shared(stepsOf(historyOfPlan(other))), options);
    QCOMPARE(comparison.changedCount(), 1);
    const HistoryComparison::Row& row = comparison.rows()[1];
    QCOMPARE(row.status, HistoryComparison::Status::Changed);
    const std::vector<ComparisonDetail::FieldPair> fields = ComparisonDetail::of(comparison, row);
    auto field = [&fields](const QString& name) -> const ComparisonDetail::FieldPair* {
        for (const auto& each : fields) {
            if (each.name == name)
                return &each;
        }
        return nullptr;
    };
    const ComparisonDetail::FieldPair* input = field(QStringLiteral("input[0]"));
    QVERIFY(input && input->inA && input->inB && input->differs);
    QCOMPARE(input->a, QStringLiteral("{\n    \"amount\": 129.5,\n    \"currency\": \"EUR\"\n}"));
    QStringList removed, addedLines;
    for (const TextDiff::Line& line : input->lines) {
        if (line.kind == TextDiff::Kind::Removed)
            removed << line.text.trimmed();
        if (line.kind == TextDiff::Kind::Added)
            addedLines << line.text.trimmed();
    }
    QCOMPARE(removed, QStringList{QStringLiteral("\"amount\": 129.5,")});
    QCOMPARE(addedLines, (QStringList{QStringLiteral("\"amount\": 99,"), QStringLiteral("\"coupon\": \"X1\",")}));
    const ComparisonDetail::FieldPair* outcome = field(QStringLiteral("outcome"));
    QVERIFY(outcome && !outcome->differs && outcome->lines.empty());
    QCOMPARE(outcome->a, QStringLiteral("Completed"));
    // Timing is shown, though ignored: not marked.
    const ComparisonDetail::FieldPair* duration = field(QStringLiteral("timing.duration"));
    QVERIFY(duration && !duration->differs);
    QCOMPARE(ComparisonDetail::oneLine(QJsonValue(QStringLiteral("abcdefgh")), 5), QStringLiteral("\"abc…"));
    QCOMPARE(ComparisonDetail::oneLine(QJsonValue(QJsonValue::Undefined), 5), QStringLiteral("(none)"));
}

QTEST_GUILESS_MAIN(TestDiff)
#include "tst_diff.moc"
