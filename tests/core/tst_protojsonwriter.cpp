// moc need not read the generated protobuf headers (it cannot parse their attribute macros).
#ifndef Q_MOC_RUN
#include "format/historyreader.h"
#include "render/historyjsonwriter.h"
#include "support/historyevents.h"
#include "support/testpaths.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#endif

#include <QBuffer>
#include <QJsonDocument>
#include <QtTest>

using namespace hl;
using hl::test::eventsOf;

// The canonical writer is checked against protobuf's own JSON parser and printer.
class TestProtoJsonWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void canonicalOutputParsesBackIdentically_data();
    void canonicalOutputParsesBackIdentically();
    void matchesProtobufPrinter();
    void writesUnknownEnumNamesBack();
    void readableShowsValues();
};

namespace {

QByteArray written(const History& history, HistoryJsonWriter::Style style)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const auto ok = HistoryJsonWriter(style).write(history, buffer);
    return ok ? buffer.data() : QByteArray();
}


} // namespace

void TestProtoJsonWriter::canonicalOutputParsesBackIdentically_data()
{
    QTest::addColumn<QString>("name");
    for (const QString& name : test::realFixtureNames())
        QTest::newRow(qPrintable(name)) << name;
}

void TestProtoJsonWriter::canonicalOutputParsesBackIdentically()
{
    QFETCH(QString, name);
    const auto file = HistoryReader().readFile(test::realFixture(name));
    QVERIFY(file.ok());
    const QByteArray json = written(file->histories[0], HistoryJsonWriter::Style::Canonical);
    QVERIFY(!json.isEmpty());

    temporal::api::history::v1::History parsed;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true; // unknown enum names written back, as the source had them
    const auto status = google::protobuf::util::JsonStringToMessage(json.toStdString(), &parsed, options);
    QVERIFY2(status.ok(), status.ToString().c_str());
    std::string differences;
    google::protobuf::util::MessageDifferencer differ;
    differ.ReportDifferencesToString(&differences);
    QVERIFY2(differ.Compare(parsed, eventsOf(file->histories[0])), differences.c_str());
}

void TestProtoJsonWriter::matchesProtobufPrinter()
{
    // Same JSON values as protobuf's printer, for a history with every kind of field.
    const auto file = HistoryReader().readFile(test::realFixture(QStringLiteral("sdk-java__testAsyncWorkflowOperationTestHistory.json")));
    QVERIFY(file.ok());
    std::string reference;
    QVERIFY(google::protobuf::util::MessageToJsonString(eventsOf(file->histories[0]), &reference).ok());
    const QJsonDocument ours = QJsonDocument::fromJson(written(file->histories[0], HistoryJsonWriter::Style::Canonical));
    const QJsonDocument theirs = QJsonDocument::fromJson(QByteArray::fromStdString(reference));
    QVERIFY(!ours.isNull() && !theirs.isNull());
    QCOMPARE(ours, theirs);
}

void TestProtoJsonWriter::writesUnknownEnumNamesBack()
{
    const auto file = HistoryReader().readFile(test::realFixture(QStringLiteral("sdk-go__workflow_with_unknown_event.json")));
    QVERIFY(file.ok());
    const QByteArray json = written(file->histories[0], HistoryJsonWriter::Style::Canonical);
    QVERIFY(json.contains("\"eventType\": \"UnknownEvent\""));
    // And reading our output again gives the same history with the same notice.
    const auto again = HistoryReader().readBytes(json, QStringLiteral("again"));
    QVERIFY(again.ok());
    QVERIFY(google::protobuf::util::MessageDifferencer::Equals(eventsOf(again->histories[0]), eventsOf(file->histories[0])));
    QCOMPARE(again->histories[0].noticesFor(22).at(0).value, QStringLiteral("UnknownEvent"));
}

void TestProtoJsonWriter::readableShowsValues()
{
    const auto research = HistoryReader().readFile(test::realFixture(QStringLiteral("sdk-dotnet__multi-complete-fail-before.post-dotnet-flag.json")));
    QVERIFY(research.ok());
    const QByteArray json = written(research->histories[0], HistoryJsonWriter::Style::Readable);
    QVERIFY(json.contains("\"encoding\": \"json/plain\""));
    QVERIFY(!json.contains("\"anNvbi9wbGFpbg==\""));
    // Readable output reads back to the same history.
    const auto again = HistoryReader().readBytes(json, QStringLiteral("readable"));
    QVERIFY(again.ok());
    QVERIFY(again->format.readablePayloads);
    QVERIFY(google::protobuf::util::MessageDifferencer::Equals(eventsOf(again->histories[0]), eventsOf(research->histories[0])));
}

QTEST_GUILESS_MAIN(TestProtoJsonWriter)
#include "tst_protojsonwriter.moc"
