#ifndef Q_MOC_RUN
#include "codec/historydecoder.h"
#include "format/historyreader.h"
#include "render/eventcategory.h"
#include "support/testpaths.h"
#include "ui/history/historytreemodel.h"
#endif

#include <QAbstractItemModelTester>
#include <QFile>
#include <QtTest>

using namespace hl;

namespace {

struct Loaded {
    History history;
    PayloadContext context;
};

Loaded load(const QString& path, const std::vector<std::pair<std::string, std::string>>& keys = {})
{
    auto file = HistoryReader().readFile(path);
    if (!file.ok())
        qFatal("%s", qPrintable(file.error().toString()));
    auto ring = std::make_shared<KeyRing>();
    for (const auto& [id, key] : keys)
        ring->insert(id, std::make_shared<SecretBytes>(key));
    Loaded loaded{file->histories.front(), {}};
    auto decoded = HistoryDecoder(std::make_shared<CodecChain>(CodecChain::standard()), ring).decode(loaded.history);
    loaded.context.decoded = std::make_shared<DecodedPayloads>(std::move(decoded.value()));
    return loaded;
}

// Every row, fully expanded, one line each: indentation, then the four columns.
void dump(const QAbstractItemModel& model, const QModelIndex& parent, int depth, QString* out)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList columns;
        for (int column = 0; column < model.columnCount(parent); ++column)
            columns << model.index(row, column, parent).data().toString();
        *out += QString(depth * 2, QLatin1Char(' ')) + columns.join(QStringLiteral(" | ")) + QLatin1Char('\n');
        dump(model, model.index(row, 0, parent), depth + 1, out);
    }
}

} // namespace

// The event tree model: checked by Qt's model tester while fully expanded, and its whole tree against reviewed
// golden dumps (set HL_UPDATE_GOLDEN=1 to rewrite them after a deliberate change).
class TestHistoryTreeModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modelTesterOnEveryRealHistory();
    void goldenDumps_data();
    void goldenDumps();
    void rolesOfAnEvent();
};

void TestHistoryTreeModel::modelTesterOnEveryRealHistory()
{
    for (const QString& name : test::realFixtureNames()) {
        const Loaded loaded = load(test::realFixture(name));
        HistoryTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setHistory(loaded.history, loaded.context);
        QString text;
        dump(model, {}, 0, &text); // walks (and so builds) every node under the tester's eyes
        QVERIFY2(!text.isEmpty(), qPrintable(name));
        QCOMPARE(model.rowCount(), loaded.history.eventCount());
        model.setGrouped(true);
        QString grouped;
        dump(model, {}, 0, &grouped);
        int events = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            events += model.rowCount(model.index(row, 0));
        QCOMPARE(events, loaded.history.eventCount()); // every event in exactly one group
        QCOMPARE(model.eventIndex(loaded.history.eventCount() - 1).data(HistoryTreeModel::EventIndexRole).toInt(),
                 loaded.history.eventCount() - 1);
    }
}

void TestHistoryTreeModel::goldenDumps_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("golden");
    QTest::addColumn<bool>("withDemoKey");
    QTest::addColumn<bool>("grouped");
    QTest::newRow("demo, decoded") << QStringLiteral(HL_DEMO_HISTORY) << QStringLiteral("demo-decoded.txt") << true << false;
    QTest::newRow("demo, no key") << QStringLiteral(HL_DEMO_HISTORY) << QStringLiteral("demo-no-key.txt") << false << false;
    QTest::newRow("demo, grouped") << QStringLiteral(HL_DEMO_HISTORY) << QStringLiteral("demo-grouped.txt") << true << true;
    QTest::newRow("sdk-go parent workflow") << test::realFixture(QStringLiteral("sdk-go__parentWF.json"))
                                            << QStringLiteral("sdk-go-parentWF.txt") << false << false;
    QTest::newRow("java retry on error, grouped") << test::realFixture(QStringLiteral("features__retry_on_error.history.java.1.0.6.json"))
                                                  << QStringLiteral("java-retry-on-error-grouped.txt") << false << true;
    QTest::newRow("ui timed out, grouped") << test::realFixture(QStringLiteral("ui__raw-events.descending.timed-out.json"))
                                           << QStringLiteral("ui-timed-out-grouped.txt") << false << true;
    QTest::newRow("sdk-go parent workflow, grouped") << test::realFixture(QStringLiteral("sdk-go__parentWF.json"))
                                                     << QStringLiteral("sdk-go-parentWF-grouped.txt") << false << true;
}

void TestHistoryTreeModel::goldenDumps()
{
    QFETCH(QString, source);
    QFETCH(QString, golden);
    QFETCH(bool, withDemoKey);
    QFETCH(bool, grouped);
    std::vector<std::pair<std::string, std::string>> keys;
    if (withDemoKey)
        keys.emplace_back("historylens-demo", "historylens-demo-key-not-secret!");
    const Loaded loaded = load(source, keys);
    HistoryTreeModel model;
    model.setHistory(loaded.history, loaded.context);
    model.setGrouped(grouped);
    QString text;
    dump(model, {}, 0, &text);

    const QString path = test::testData(QStringLiteral("golden/") + golden);
    if (qEnvironmentVariableIsSet("HL_UPDATE_GOLDEN")) {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(text.toUtf8());
    }
    QFile in(path);
    QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(path));
    const QStringList expected = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'));
    const QStringList actual = text.split(QLatin1Char('\n'));
    for (int i = 0; i < qMin(expected.size(), actual.size()); ++i)
        QCOMPARE(actual[i], expected[i]);
    QCOMPARE(actual.size(), expected.size());
}

void TestHistoryTreeModel::rolesOfAnEvent()
{
    const Loaded loaded = load(QStringLiteral(HL_DEMO_HISTORY), {{"historylens-demo", "historylens-demo-key-not-secret!"}});
    HistoryTreeModel model;
    model.setHistory(loaded.history, loaded.context);
    const QModelIndex started = model.index(0, 0);
    QCOMPARE(started.data(HistoryTreeModel::EventIndexRole).toInt(), 0);
    QCOMPARE(started.data(HistoryTreeModel::CategoryRole).toInt(), int(EventCategory::Workflow));
    QVERIFY(!started.data(HistoryTreeModel::FailureRole).toBool());
    QVERIFY(model.index(35, 0).data(HistoryTreeModel::FailureRole).toBool());
    // input[0] of the first event: a payload row with its path.
    const QModelIndex input = model.index(2, 0, started);
    QCOMPARE(input.data().toString(), QStringLiteral("input"));
    const QModelIndex payload = model.index(0, 0, input);
    QVERIFY(payload.data(HistoryTreeModel::PayloadRole).value<quintptr>() != 0);
    QCOMPARE(payload.data(HistoryTreeModel::FieldPathRole).toString(), QStringLiteral("input[0]"));
    QCOMPARE(model.rowCount(payload), 0);
}

QTEST_MAIN(TestHistoryTreeModel)
#include "tst_historytreemodel.moc"
