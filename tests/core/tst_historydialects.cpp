// moc need not read the generated protobuf headers (it cannot parse their attribute macros).
#ifndef Q_MOC_RUN
#include "format/historyreader.h"
#include "support/historyevents.h"
#include "support/testpaths.h"

#include <temporal/api/export/v1/message.pb.h>

#include <google/protobuf/util/message_differencer.h>
#endif

#include <QFile>
#include <QtTest>

using namespace hl;
using Container = SourceFormat::Container;
using hl::test::eventsOf;

// Each dialect fixture (written by hl_fixturegen from the generated protos) reads back into exactly the history
// it was made from.
class TestHistoryDialects : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsDialect_data();
    void readsDialect();
    void keepsUnknownValuesVisible();
    void splitsCloudExport_data();
    void splitsCloudExport();

private:
    temporal::api::history::v1::History m_expected;
    temporal::api::export_::v1::WorkflowExecutions m_expectedExport;
};

void TestHistoryDialects::initTestCase()
{
    QFile expected(test::generatedFixture(QStringLiteral("expected.binpb")));
    QVERIFY2(expected.open(QIODevice::ReadOnly), "run hl_fixturegen first (ctest does)");
    QVERIFY(m_expected.ParseFromString(expected.readAll().toStdString()));
    QFile exported(test::generatedFixture(QStringLiteral("expected-export.binpb")));
    QVERIFY(exported.open(QIODevice::ReadOnly));
    QVERIFY(m_expectedExport.ParseFromString(exported.readAll().toStdString()));
}

void TestHistoryDialects::readsDialect_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Container>("container");
    QTest::addColumn<QString>("traits");
    QTest::newRow("canonical") << "canonical.json" << Container::EventsObject << "";
    QTest::newRow("canonical gzip") << "canonical.json.gz" << Container::EventsObject << "gzip";
    QTest::newRow("legacy enums") << "legacy-enums.json" << Container::EventsObject << "legacy";
    QTest::newRow("legacy enums gzip") << "legacy-enums.json.gz" << Container::EventsObject << "legacy gzip";
    QTest::newRow("snake case, int64 numbers, nulls")
        << "snake-case-numbers-nulls.json" << Container::EventsObject << "snake";
    QTest::newRow("history response") << "history-response.json" << Container::HistoryResponse << "";
    QTest::newRow("bare event array") << "event-array.json" << Container::EventArray << "";
    QTest::newRow("array of history batches") << "history-batches.json" << Container::HistoryBatchArray << "";
    QTest::newRow("JSON Lines") << "history.jsonl" << Container::JsonLines << "";
    QTest::newRow("server HTTP API shorthand") << "http-api-shorthand.json" << Container::HistoryResponse << "shorthand";
    QTest::newRow("Web UI readable download") << "ui-readable.json" << Container::EventsObject << "readable";
    QTest::newRow("Web UI decoded download") << "ui-decoded.json" << Container::EventsObject << "readable";
    QTest::newRow("Web UI View Raw History") << "ui-raw-history.json" << Container::EventArray << "snake numeric";
    QTest::newRow("S3 archival HistoryBlob") << "archive-blob.json" << Container::ArchiveBlob << "";
    QTest::newRow("newest first") << "newest-first.json" << Container::EventsObject << "newest";
    QTest::newRow("binary History") << "history.binpb" << Container::BinaryHistory << "";
}

void TestHistoryDialects::readsDialect()
{
    QFETCH(QString, file);
    QFETCH(Container, container);
    QFETCH(QString, traits);

    const auto loaded = HistoryReader().readFile(test::generatedFixture(file));
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE(loaded->format.container, container);
    const SourceFormat& format = loaded->format;
    QCOMPARE(format.gzip, traits.contains(QLatin1String("gzip")));
    QCOMPARE(format.legacyEnumNames, traits.contains(QLatin1String("legacy")));
    QCOMPARE(format.snakeCaseNames, traits.contains(QLatin1String("snake")));
    QCOMPARE(format.numericEnums, traits.contains(QLatin1String("numeric")));
    QCOMPARE(format.payloadShorthand, traits.contains(QLatin1String("shorthand")));
    QCOMPARE(format.readablePayloads, traits.contains(QLatin1String("readable")));
    QCOMPARE(format.newestFirst, traits.contains(QLatin1String("newest")));
    QCOMPARE(int(loaded->histories.size()), 1);
    const History& history = loaded->histories[0];
    for (const Notice& notice : history.notices())
        qWarning() << notice.eventIndex << notice.fieldPath << notice.message;
    QVERIFY(history.notices().empty());

    std::string differences;
    google::protobuf::util::MessageDifferencer differ;
    differ.ReportDifferencesToString(&differences);
    QVERIFY2(differ.Compare(eventsOf(history), m_expected), differences.c_str());
    QCOMPARE(history.workflowType(), QStringLiteral("OrderWorkflow"));
    QCOMPARE(history.workflowId(), QStringLiteral("order-1042"));
}

void TestHistoryDialects::keepsUnknownValuesVisible()
{
    const auto loaded = HistoryReader().readFile(test::generatedFixture(QStringLiteral("unknown-values.json")));
    QVERIFY(loaded.ok());
    const History& history = loaded->histories[0];
    const auto notices = history.notices();
    QCOMPARE(int(notices.size()), 2);
    QCOMPARE(notices[0].kind, Notice::Kind::UnknownField);
    QCOMPARE(notices[0].fieldPath, QStringLiteral("futureField"));
    QCOMPARE(notices[0].value, QStringLiteral("{\"x\":1}"));
    QCOMPARE(notices[1].kind, Notice::Kind::UnknownEnumValue);
    QCOMPARE(notices[1].fieldPath, QStringLiteral("workflowExecutionStartedEventAttributes.taskQueue.kind"));
    QCOMPARE(notices[1].value, QStringLiteral("TASK_QUEUE_KIND_FUTURE"));

    // Apart from the unknown enum value, which stays unset in the message, everything else reads as usual.
    auto expected = m_expected;
    expected.mutable_events(0)->mutable_workflow_execution_started_event_attributes()->mutable_task_queue()->clear_kind();
    QVERIFY(google::protobuf::util::MessageDifferencer::Equals(eventsOf(history), expected));
}

void TestHistoryDialects::splitsCloudExport_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Container>("container");
    QTest::newRow("binary") << "cloud-export.binpb" << Container::BinaryExport;
    QTest::newRow("binary gzip") << "cloud-export.binpb.gz" << Container::BinaryExport;
    QTest::newRow("JSON") << "export.json" << Container::ExportJson;
}

void TestHistoryDialects::splitsCloudExport()
{
    QFETCH(QString, file);
    QFETCH(Container, container);
    const auto loaded = HistoryReader().readFile(test::generatedFixture(file));
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE(loaded->format.container, container);
    QCOMPARE(int(loaded->histories.size()), m_expectedExport.items_size());
    for (int i = 0; i < m_expectedExport.items_size(); ++i) {
        QVERIFY(google::protobuf::util::MessageDifferencer::Equals(eventsOf(loaded->histories[size_t(i)]),
                                                                   m_expectedExport.items(i).history()));
        QCOMPARE(loaded->histories[size_t(i)].runId(),
                 QString::fromStdString(m_expectedExport.items(i).history().events(0)
                                            .workflow_execution_started_event_attributes().original_execution_run_id()));
    }
}

QTEST_GUILESS_MAIN(TestHistoryDialects)
#include "tst_historydialects.moc"
