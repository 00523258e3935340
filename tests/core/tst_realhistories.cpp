// moc need not read the generated protobuf headers (it cannot parse their attribute macros).
#ifndef Q_MOC_RUN
#include "format/historyreader.h"
#include "support/testpaths.h"
#endif

#include <QFile>
#include <QtTest>

using namespace hl;

// Every real history from Temporal's repositories loads with the event count and event types that an independent
// reading (tests/tools/make_real_fixture_golden.py: Python json and protoc --decode_raw) found.
class TestRealHistories : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsEveryFixture_data();
    void loadsEveryFixture();
    void goldenListCoversEveryFixture();
    void binaryAndJsonTwinsAgree();
    void newestFirstResponseIsReordered();
    void unknownEventTypeStaysVisible();
    void unknownFieldIsNoticed();
    void legacyEnumsInsideFailureCauses();
};

void TestRealHistories::loadsEveryFixture_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("count");
    QTest::addColumn<QList<int>>("types");
    QFile golden(test::testData(QStringLiteral("real-fixtures.tsv")));
    QVERIFY(golden.open(QIODevice::ReadOnly));
    while (!golden.atEnd()) {
        const QList<QByteArray> columns = golden.readLine().trimmed().split('\t');
        QCOMPARE(columns.size(), 3);
        QList<int> types;
        for (const QByteArray& type : columns[2].split(','))
            types << type.toInt();
        const QString name = QString::fromUtf8(columns[0]);
        QTest::newRow(qPrintable(name)) << name << columns[1].toInt() << types;
    }
}

void TestRealHistories::loadsEveryFixture()
{
    QFETCH(QString, name);
    QFETCH(int, count);
    QFETCH(QList<int>, types);

    const auto file = HistoryReader().readFile(test::realFixture(name));
    QVERIFY2(file.ok(), qPrintable(file.ok() ? QString() : file.error().toString()));
    QCOMPARE(int(file->histories.size()), 1);
    const History& history = file->histories[0];
    QCOMPARE(history.eventCount(), count);
    QList<int> actual;
    for (int i = 0; i < history.eventCount(); ++i)
        actual << history.event(i).event_type();
    QCOMPARE(actual, types);
    for (int i = 1; i < history.eventCount(); ++i)
        QVERIFY(history.event(i - 1).event_id() < history.event(i).event_id());
}

void TestRealHistories::goldenListCoversEveryFixture()
{
    QFile golden(test::testData(QStringLiteral("real-fixtures.tsv")));
    QVERIFY(golden.open(QIODevice::ReadOnly));
    QStringList listed;
    while (!golden.atEnd())
        listed << QString::fromUtf8(golden.readLine().split('\t').first());
    QCOMPARE(listed, test::realFixtureNames());
    QCOMPARE(listed.size(), 24);
}

void TestRealHistories::binaryAndJsonTwinsAgree()
{
    const auto binary = HistoryReader().readFile(test::realFixture(QStringLiteral("sdk-typescript__cancel_fake_progress_history.bin")));
    const auto json = HistoryReader().readFile(test::realFixture(QStringLiteral("sdk-typescript__cancel_fake_progress_history.json")));
    QVERIFY(binary.ok() && json.ok());
    QCOMPARE(binary->format.container, SourceFormat::Container::BinaryHistory);
    QVERIFY(json->format.legacyEnumNames);
    const History& a = binary->histories[0];
    const History& b = json->histories[0];
    QCOMPARE(a.eventCount(), b.eventCount());
    for (int i = 0; i < a.eventCount(); ++i) {
        QCOMPARE(a.event(i).event_type(), b.event(i).event_type());
        QCOMPARE(a.event(i).attributes_case(), b.event(i).attributes_case());
    }
}

void TestRealHistories::newestFirstResponseIsReordered()
{
    const auto file = HistoryReader().readFile(test::realFixture(QStringLiteral("ui__raw-events.descending.timed-out.json")));
    QVERIFY(file.ok());
    QCOMPARE(file->format.container, SourceFormat::Container::HistoryResponse);
    QVERIFY(file->format.newestFirst);
    QCOMPARE(file->histories[0].event(0).event_id(), 1);
    QVERIFY(file->histories[0].event(0).has_workflow_execution_started_event_attributes());
}

void TestRealHistories::unknownEventTypeStaysVisible()
{
    const auto file = HistoryReader().readFile(test::realFixture(QStringLiteral("sdk-go__workflow_with_unknown_event.json")));
    QVERIFY(file.ok());
    const History& history = file->histories[0];
    const auto notices = history.noticesFor(22);
    QCOMPARE(int(notices.size()), 1);
    QCOMPARE(notices[0].kind, Notice::Kind::UnknownEnumValue);
    QCOMPARE(notices[0].fieldPath, QStringLiteral("eventType"));
    QCOMPARE(notices[0].value, QStringLiteral("UnknownEvent"));
    QCOMPARE(history.event(22).event_id(), 23);
    QVERIFY(history.event(22).worker_may_ignore());
    // Its attributes are still read.
    QCOMPARE(history.event(22).workflow_task_scheduled_event_attributes().start_to_close_timeout().seconds(), 10);
}

void TestRealHistories::unknownFieldIsNoticed()
{
    const auto file =
        HistoryReader().readFile(test::realFixture(QStringLiteral("sdk-java__simpleHistory1_withAddedNewRandomField.json")));
    QVERIFY(file.ok());
    const auto notices = file->histories[0].notices();
    QCOMPARE(int(notices.size()), 2);
    QCOMPARE(notices[0].kind, Notice::Kind::UnknownField);
    QCOMPARE(notices[0].fieldPath, QStringLiteral("someNewFieldThatIsAbsentFromTheCurrentProtoSchema"));
    QCOMPARE(notices[1].fieldPath,
             QStringLiteral("workflowExecutionStartedEventAttributes.someNewFieldThatIsAbsentFromTheCurrentProtoSchema"));
}

void TestRealHistories::legacyEnumsInsideFailureCauses()
{
    // ActivityTaskTimedOut with timeoutFailureInfo.timeoutType "ScheduleToStart"-style names and retryState.
    const auto file = HistoryReader().readFile(test::realFixture(QStringLiteral("samples-go__rainbowstatusesworkflow.json")));
    QVERIFY(file.ok());
    QVERIFY(file->format.legacyEnumNames);
    bool sawTimeout = false;
    for (int i = 0; i < file->histories[0].eventCount(); ++i) {
        const auto& event = file->histories[0].event(i);
        if (!event.has_activity_task_timed_out_event_attributes())
            continue;
        const auto& attributes = event.activity_task_timed_out_event_attributes();
        QVERIFY(attributes.failure().has_timeout_failure_info());
        QVERIFY(attributes.failure().timeout_failure_info().timeout_type() != 0);
        QVERIFY(attributes.retry_state() != 0);
        sawTimeout = true;
    }
    QVERIFY(sawTimeout);
    QVERIFY(file->histories[0].notices().empty());
}

QTEST_GUILESS_MAIN(TestRealHistories)
#include "tst_realhistories.moc"
