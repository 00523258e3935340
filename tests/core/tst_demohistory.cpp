// moc need not read the generated protobuf headers (it cannot parse their attribute macros).
#ifndef Q_MOC_RUN
#include "format/historyreader.h"
#endif

#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace hl;

// The bundled demo history is exactly what its generator makes, and shows what the product is for.
class TestDemoHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void committedFileMatchesGenerator();
    void demoShowsEverything();
};

void TestDemoHistory::committedFileMatchesGenerator()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.json"));
    QCOMPARE(QProcess::execute(QStringLiteral(HL_MAKE_DEMO_HISTORY), {path}), 0);
    QFile made(path);
    QFile committed(QStringLiteral(HL_DEMO_HISTORY));
    QVERIFY(made.open(QIODevice::ReadOnly) && committed.open(QIODevice::ReadOnly));
    QVERIFY2(made.readAll() == committed.readAll(),
             "resources/demo/demo-history.json is stale: rebuild it with `cmake --build build --target demo-history`");
}

void TestDemoHistory::demoShowsEverything()
{
    const auto file = HistoryReader().readFile(QStringLiteral(HL_DEMO_HISTORY));
    QVERIFY(file.ok());
    const History& history = file->histories[0];
    QCOMPARE(history.eventCount(), 40);
    QCOMPARE(history.workflowType(), QStringLiteral("OrderFulfillment"));
    QSet<int> types;
    for (int i = 0; i < history.eventCount(); ++i) {
        types.insert(history.event(i).event_type());
        if (i > 0)
            QVERIFY(history.event(i).event_time().seconds() * 1000 + history.event(i).event_time().nanos() / 1000000
                    > history.event(i - 1).event_time().seconds() * 1000 + history.event(i - 1).event_time().nanos() / 1000000);
    }
    using namespace temporal::api::enums::v1;
    for (const int type : {EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EVENT_TYPE_ACTIVITY_TASK_FAILED, EVENT_TYPE_TIMER_FIRED,
                           EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
                           EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, EVENT_TYPE_WORKFLOW_EXECUTION_FAILED})
        QVERIFY2(types.contains(type), qPrintable(QString::number(type)));
    const auto& started = history.event(0).workflow_execution_started_event_attributes();
    QCOMPARE(started.input().payloads(0).metadata().at("encoding"), std::string("binary/encrypted"));
    QCOMPARE(started.input().payloads(0).metadata().at("encryption-key-id"), std::string("historylens-demo"));
    QCOMPARE(started.search_attributes().indexed_fields().at("CustomerTier").metadata().at("encoding"), std::string("json/plain"));
    QVERIFY(started.memo().fields().at("notes").metadata().at("encoding") == "binary/encrypted");
    const auto& failure = history.event(39).workflow_execution_failed_event_attributes().failure();
    QVERIFY(failure.has_cause());
    QVERIFY(failure.cause().has_encoded_attributes());
}

QTEST_GUILESS_MAIN(TestDemoHistory)
#include "tst_demohistory.moc"
