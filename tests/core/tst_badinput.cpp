// moc need not read the generated protobuf headers (it cannot parse their attribute macros).
#ifndef Q_MOC_RUN
#include "format/historyreader.h"

#include <temporal/api/export/v1/message.pb.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>
#include "support/dialectwriter.h"
#include "support/samplehistory.h"
#include "support/testpaths.h"
#endif

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace hl;

namespace {

// Protobuf field 1, length-delimited, holding `inner`.
QByteArray fieldOne(const QByteArray& inner)
{
    std::string out = "\x0a";
    google::protobuf::io::StringOutputStream stream(&out);
    {
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.WriteVarint32(uint32_t(inner.size()));
    }
    return QByteArray::fromStdString(out) + inner;
}

} // namespace

// Hostile and broken sources fail with an error that names the source and the position, never crash or hang.
class TestBadInput : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rejects_data();
    void rejects();
    void randomBytesNeverCrash();
    void everyTruncationOfJsonFails();
    void everyTruncationOfBinaryIsHandled();
    void fieldOfWrongTypeIsNoticedAndSkipped();
    void serverErrorInRawHistoryIsKept();
    void damagedBinaryEventIsKeptWithANotice();
    void damagedEventInACloudExportIsKept();
    void fileOverTheBoundIsRefused();
    void gzipBombIsStopped();
    void deepNestingIsRefused();
    void deepNestingFailsAtTheBoundWhileReading();
    void emptyEventBombsAreRefused_data();
    void emptyEventBombsAreRefused();
    void historiesPastTheEventBoundAreRefused();
    void outOfOrderAndDuplicateIdsAreNoted();
    void cancelStopsReading();

private:
    static Result<HistoryFile> read(const QByteArray& bytes, ReadOptions options = {});
};

Result<HistoryFile> TestBadInput::read(const QByteArray& bytes, ReadOptions options)
{
    return HistoryReader(std::move(options)).readBytes(bytes, QStringLiteral("bad.json"));
}

void TestBadInput::rejects_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("words");
    QTest::newRow("empty") << QByteArray() << ErrorCode::Empty << "" << "empty";
    QTest::newRow("white space") << QByteArray(" \n\t ") << ErrorCode::Empty << "" << "empty";
    QTest::newRow("truncated JSON") << QByteArray("{\"events\":[{\"eventId\":\"1\",") << ErrorCode::Truncated << "byte"
                                    << "ends early";
    QTest::newRow("syntax error") << QByteArray("{\"events\":[{\"eventId\" \"1\"}]}") << ErrorCode::InvalidJson << "byte 23"
                                  << "invalid JSON";
    QTest::newRow("number at top") << QByteArray("42") << ErrorCode::UnknownFormat << "" << "not a Temporal history";
    QTest::newRow("string at top") << QByteArray("[\"x\"]") << ErrorCode::InvalidStructure << "event #1"
                                   << "must be a JSON object";
    QTest::newRow("events not an array") << QByteArray("{\"events\":5}") << ErrorCode::InvalidStructure << "events"
                                         << "a number";
    QTest::newRow("object without events") << QByteArray("{\"foo\":[]}") << ErrorCode::InvalidStructure << ""
                                           << "without \"events\"";
    QTest::newRow("single event") << QByteArray("{\"eventId\":\"1\",\"eventType\":\"EVENT_TYPE_TIMER_FIRED\"}")
                                  << ErrorCode::InvalidStructure << "" << "single event";
    QTest::newRow("no events") << QByteArray("{\"events\":[]}") << ErrorCode::Empty << "" << "no events";
    QTest::newRow("empty array") << QByteArray("[]") << ErrorCode::Empty << "" << "no events";
    QTest::newRow("event is a number") << QByteArray("{\"events\":[{\"eventId\":\"1\"},7]}") << ErrorCode::InvalidStructure
                                       << "event #2" << "a number";
    QTest::newRow("binary garbage") << QByteArray::fromHex("0a05ffffffffff0f") << ErrorCode::Truncated << "byte 7"
                                    << "truncated or corrupt";
    QTest::newRow("text file") << QByteArray("hello world, this is not a history\n") << ErrorCode::UnknownFormat << ""
                               << "not a Temporal history";
    QTest::newRow("JSON Lines with a bad line") << QByteArray("{\"events\":[{\"eventId\":\"1\"}]}\n{\"events\":[\n")
                                                << ErrorCode::Truncated << "line 2" << "ends early";
}

void TestBadInput::rejects()
{
    QFETCH(QByteArray, bytes);
    QFETCH(ErrorCode, code);
    QFETCH(QString, location);
    QFETCH(QString, words);
    const auto result = read(bytes);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, code);
    QCOMPARE(result.error().source, QStringLiteral("bad.json"));
    QVERIFY2(result.error().location.contains(location), qPrintable(result.error().toString()));
    QVERIFY2(result.error().message.contains(words), qPrintable(result.error().toString()));
}

void TestBadInput::randomBytesNeverCrash()
{
    QRandomGenerator random(20261122);
    for (int round = 0; round < 2000; ++round) {
        QByteArray bytes(int(random.bounded(1, 600)), Qt::Uninitialized);
        for (char& c : bytes)
            c = char(random.bounded(256));
        if (round % 3 == 0)
            bytes[0] = '{';
        const auto result = read(bytes);
        if (!result.ok())
            QVERIFY(!result.error().message.isEmpty());
    }
}

void TestBadInput::everyTruncationOfJsonFails()
{
    QFile file(test::realFixture(QStringLiteral("sdk-dotnet__multi-complete-fail-before.post-dotnet-flag.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray whole = file.readAll().trimmed();
    for (int cut = 1; cut < whole.size(); cut += 7) {
        const auto result = read(whole.left(cut));
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("cut at %1 loaded").arg(cut)));
        QVERIFY(result.error().code == ErrorCode::Truncated || result.error().code == ErrorCode::InvalidJson);
    }
}

void TestBadInput::everyTruncationOfBinaryIsHandled()
{
    const std::string whole = test::sampleHistory().SerializeAsString();
    int failed = 0;
    for (size_t cut = 1; cut < whole.size(); cut += 5) {
        const auto result = read(QByteArray::fromStdString(whole.substr(0, cut)));
        // A cut between two events is a shorter, valid history; anywhere else it must fail with a position.
        if (!result.ok()) {
            ++failed;
            QVERIFY(!result.error().message.isEmpty());
        } else {
            QVERIFY(result->histories[0].eventCount() < test::sampleHistory().events_size());
        }
    }
    QVERIFY(failed > 0);
}

void TestBadInput::fieldOfWrongTypeIsNoticedAndSkipped()
{
    const QByteArray bytes = R"({"events":[
        {"eventId":"1","eventType":"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED","taskId":[1,2],
         "workflowExecutionStartedEventAttributes":{"workflowType":"oops","attempt":"many","identity":"me"}},
        {"eventId":"2","eventType":"EVENT_TYPE_WORKFLOW_TASK_SCHEDULED"}]})";
    const auto result = read(bytes);
    QVERIFY(result.ok());
    const History& history = result->histories[0];
    QCOMPARE(history.eventCount(), 2);
    QCOMPARE(history.event(0).workflow_execution_started_event_attributes().identity(), std::string("me"));
    const auto notices = history.notices();
    QCOMPARE(int(notices.size()), 3);
    QCOMPARE(notices[0].fieldPath, QStringLiteral("taskId"));
    QCOMPARE(notices[1].fieldPath, QStringLiteral("workflowExecutionStartedEventAttributes.workflowType"));
    QVERIFY(notices[1].message.contains(QStringLiteral("expected an object, found a string")));
    QCOMPARE(notices[2].fieldPath, QStringLiteral("workflowExecutionStartedEventAttributes.attempt"));
    for (const Notice& notice : notices) {
        QCOMPARE(notice.kind, Notice::Kind::InvalidValue);
        QCOMPARE(notice.eventIndex, 0);
    }
}

void TestBadInput::serverErrorInRawHistoryIsKept()
{
    const QByteArray bytes = R"([{"event_id":1,"event_type":1},{"event_id":2,"event_type":5},{"error":"context deadline exceeded"}])";
    const auto result = read(bytes);
    QVERIFY(result.ok());
    QCOMPARE(result->histories[0].eventCount(), 2);
    const auto notices = result->histories[0].notices();
    QCOMPARE(int(notices.size()), 1);
    QCOMPARE(notices[0].kind, Notice::Kind::SourceError);
    QCOMPARE(notices[0].value, QStringLiteral("context deadline exceeded"));
}

namespace {

int firstWorkflowTaskStarted(const temporal::api::history::v1::History& history)
{
    for (int i = 0; i < history.events_size(); ++i) {
        if (history.events(i).has_workflow_task_started_event_attributes())
            return i;
    }
    return -1;
}

// The history serialized with one workflow task's identity made invalid UTF-8, as a broken writer would leave it
// (protobuf's serializer does not let us write such bytes directly): a marker replaced byte for byte.
std::string withInvalidUtf8Identity(temporal::api::history::v1::History history, int eventIndex)
{
    history.mutable_events(eventIndex)->mutable_workflow_task_started_event_attributes()->set_identity("@@@@");
    std::string bytes = history.SerializeAsString();
    bytes.replace(bytes.find("@@@@"), 4, "\xff\xfe\xff\xfe");
    return bytes;
}

// Field 1, length-delimited: History.events, WorkflowExecution.history and WorkflowExecutions.items alike.
std::string fieldOne(const std::string& bytes)
{
    std::string out;
    {
        google::protobuf::io::StringOutputStream stream(&out);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.WriteTag(google::protobuf::internal::WireFormatLite::MakeTag(
            1, google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
        coded.WriteVarint32(uint32_t(bytes.size()));
        coded.WriteString(bytes);
    }
    return out;
}

} // namespace

void TestBadInput::damagedBinaryEventIsKeptWithANotice()
{
    const auto sample = test::sampleHistory();
    const int damagedIndex = firstWorkflowTaskStarted(sample);
    QVERIFY(damagedIndex > 0);
    const auto result = read(QByteArray::fromStdString(withInvalidUtf8Identity(sample, damagedIndex)));
    QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().toString()));
    const History& history = result->histories[0];
    QCOMPARE(result->format.container, SourceFormat::Container::BinaryHistory);
    QCOMPARE(history.eventCount(), sample.events_size()); // the rest of the history is all there
    QCOMPARE(history.event(history.eventCount() - 1).event_id(), sample.events(sample.events_size() - 1).event_id());
    QCOMPARE(history.event(damagedIndex).event_id(), sample.events(damagedIndex).event_id());
    const auto notices = history.notices();
    QCOMPARE(int(notices.size()), 1);
    QCOMPARE(notices[0].kind, Notice::Kind::DamagedEvent);
    QCOMPARE(notices[0].eventIndex, damagedIndex);
    QCOMPARE(notices[0].fieldPath, QStringLiteral("workflowTaskStartedEventAttributes.identity"));
    QVERIFY2(notices[0].message.contains(QStringLiteral("not valid UTF-8")) && notices[0].message.contains(QStringLiteral("from byte")),
             qPrintable(notices[0].message));
}

void TestBadInput::damagedEventInACloudExportIsKept()
{
    const auto first = test::sampleHistory("order-1");
    const auto second = test::sampleHistory("order-2");
    const int damagedIndex = firstWorkflowTaskStarted(second);
    temporal::api::export_::v1::WorkflowExecution intact;
    *intact.mutable_history() = first;
    const std::string bytes = fieldOne(intact.SerializeAsString()) + fieldOne(fieldOne(withInvalidUtf8Identity(second, damagedIndex)));
    const auto result = read(QByteArray::fromStdString(bytes));
    QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().toString()));
    QCOMPARE(result->format.container, SourceFormat::Container::BinaryExport);
    QCOMPARE(int(result->histories.size()), 2);
    QCOMPARE(result->histories[0].eventCount(), first.events_size());
    QVERIFY(result->histories[0].notices().empty());
    QCOMPARE(result->histories[1].eventCount(), second.events_size());
    QCOMPARE(int(result->histories[1].notices().size()), 1);
    QCOMPARE(result->histories[1].notices()[0].eventIndex, damagedIndex);
}

void TestBadInput::fileOverTheBoundIsRefused()
{
    ReadOptions options;
    options.limits.maxSourceBytes = 1000;
    const auto result = HistoryReader(options).readFile(test::realFixture(QStringLiteral("sdk-go__parentWF.json")));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::TooLarge);
    QVERIFY(result.error().toString().contains(QStringLiteral("sdk-go__parentWF.json")));
}

void TestBadInput::gzipBombIsStopped()
{
    // 200 MiB of spaces inside {"events":[ ... ]}, gzipped to a few hundred KiB.
    const QByteArray inner = "{\"events\":[" + QByteArray(200 * 1024 * 1024, ' ') + "]}";
    const QByteArray bomb = test::gzip(inner);
    QVERIFY(bomb.size() < 1024 * 1024);
    ReadOptions options;
    options.limits.maxDecompressedBytes = 16 * 1024 * 1024;
    const auto result = read(bomb, options);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::TooLarge);
    QVERIFY(result.error().message.contains(QStringLiteral("16 MiB")));
}

void TestBadInput::deepNestingIsRefused()
{
    const QByteArray deep = "{\"events\":[{\"x\":" + QByteArray(5000, '[') + QByteArray(5000, ']') + "}]}";
    const auto result = read(deep);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::InvalidJson);
    QVERIFY(result.error().message.contains(QStringLiteral("deeper than")));
}

void TestBadInput::deepNestingFailsAtTheBoundWhileReading()
{
    // 64 MiB of '[': refused at the byte that passes the bound, before the parser indexes the rest.
    const QByteArray deep(64 * 1024 * 1024, '[');
    const auto result = read(deep);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::InvalidJson);
    QCOMPARE(result.error().location, QStringLiteral("byte %1").arg(ReadLimits::kDefaultMaxJsonDepth));
    // Brackets inside strings are text, not nesting.
    const QByteArray quoted = "{\"events\":[{\"eventId\":\"1\",\"eventType\":\"EVENT_TYPE_TIMER_FIRED\",\"x\":\""
                              + QByteArray(500, '[') + "\\\"" + QByteArray(500, '{') + "\"}]}";
    QVERIFY2(read(quoted).ok(), qPrintable(read(quoted).error().toString()));
}

void TestBadInput::emptyEventBombsAreRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("words");
    // Seven million empty events fit in 21 MB, and would take gigabytes as events.
    QByteArray json = "{\"events\":[{}";
    json.reserve(7'300'000 * 3 + 32);
    for (int i = 1; i < 7'300'000; ++i)
        json += ",{}";
    json += "]}";
    QTest::newRow("JSON, one history") << json << "no history is that dense";
    QByteArray fiftyThousand = "{}";
    for (int i = 1; i < 50'000; ++i)
        fiftyThousand += ",{}";
    QByteArray items = "{\"items\":[";
    for (int i = 0; i < 100; ++i)
        items += QByteArray(i ? "," : "") + "{\"history\":{\"events\":[" + fiftyThousand + "]}}";
    items += "]}";
    QTest::newRow("JSON, an export of many") << items << "no history is that dense";
    // Padded so that the punctuation is not what gives them away: the count per history, then per byte.
    QByteArray padded = "{\"events\":[{\"x\":\"0123456789abcdef\"}";
    for (int i = 1; i < 200'000; ++i)
        padded += ",{\"x\":\"0123456789abcdef\"}";
    padded += "]}";
    QTest::newRow("JSON, padded, one history") << padded << "more than 102400 events";
    QByteArray binary;
    binary.reserve(7'300'000 * 2);
    for (int i = 0; i < 7'300'000; ++i)
        binary += QByteArray::fromHex("0a00"); // History.events, empty
    QTest::newRow("binary History") << binary << "more than 102400 events";
    QByteArray exported;
    for (int item = 0; item < 200; ++item) {
        QByteArray events;
        for (int i = 0; i < 50'000; ++i)
            events += QByteArray::fromHex("0a00");
        // WorkflowExecutions.items[] { history { events... } }
        exported += fieldOne(fieldOne(events));
    }
    QTest::newRow("binary export of many") << exported << "bytes an event";
}

void TestBadInput::emptyEventBombsAreRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, words);
    QElapsedTimer timer;
    timer.start();
    const auto result = read(bytes);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::TooLarge);
    QVERIFY2(result.error().message.contains(words), qPrintable(result.error().toString()));
}

void TestBadInput::historiesPastTheEventBoundAreRefused()
{
    auto history = test::sampleHistory();
    while (history.events_size() < 300)
        *history.add_events() = history.events(history.events_size() % 20);
    for (int i = 0; i < history.events_size(); ++i)
        history.mutable_events(i)->set_event_id(i + 1);
    ReadOptions options;
    options.limits.maxEvents = 299;
    const QByteArray json = QJsonDocument(test::toDialect(history, {}).toObject()).toJson(QJsonDocument::Compact);
    auto fromJson = read(json, options);
    QVERIFY(!fromJson.ok());
    QVERIFY2(fromJson.error().message.contains(QStringLiteral("more than 299 events")), qPrintable(fromJson.error().toString()));
    auto fromBinary = read(QByteArray::fromStdString(history.SerializeAsString()), options);
    QVERIFY(!fromBinary.ok());
    QVERIFY2(fromBinary.error().message.contains(QStringLiteral("--max-events")), qPrintable(fromBinary.error().toString()));
    options.limits.maxEvents = 300;
    QVERIFY(read(json, options).ok());
    QVERIFY(read(QByteArray::fromStdString(history.SerializeAsString()), options).ok());
}

void TestBadInput::outOfOrderAndDuplicateIdsAreNoted()
{
    auto history = test::sampleHistory();
    const int n = history.events_size();
    QVERIFY(n > 6);
    history.mutable_events()->SwapElements(2, 4); // ids 1 2 5 4 3 6 ...
    auto eventOrderNotes = [](const History& read) {
        QStringList notes;
        for (const Notice& notice : read.notices()) {
            if (notice.kind == Notice::Kind::EventOrder)
                notes << notice.message;
        }
        return notes;
    };
    auto swapped = read(QByteArray::fromStdString(history.SerializeAsString()));
    QVERIFY(swapped.ok());
    QStringList notes = eventOrderNotes(swapped->histories.front());
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes.front().contains(QStringLiteral("out of id order (event #4, id 4, comes after id 5)")), qPrintable(notes.front()));
    for (int i = 1; i < n; ++i)
        QVERIFY(swapped->histories.front().event(i).event_id() > swapped->histories.front().event(i - 1).event_id());

    history.mutable_events()->SwapElements(2, 4);
    *history.add_events() = history.events(3); // id 4 again, at the end
    auto doubled = read(QByteArray::fromStdString(history.SerializeAsString()));
    QVERIFY(doubled.ok());
    notes = eventOrderNotes(doubled->histories.front());
    QCOMPARE(notes.size(), 2); // out of order, and a repeat
    QVERIFY2(notes.last().contains(QStringLiteral("1 event repeats an id already used (first: id 4)")), qPrintable(notes.join(QLatin1Char('|'))));
    QCOMPARE(doubled->histories.front().eventCount(), n + 1);

    // Newest first is a dialect, not damage: no note.
    std::reverse(history.mutable_events()->pointer_begin(), history.mutable_events()->pointer_end() - 1);
    history.mutable_events()->RemoveLast();
    auto reversed = read(QByteArray::fromStdString(history.SerializeAsString()));
    QVERIFY(reversed.ok());
    QVERIFY(eventOrderNotes(reversed->histories.front()).isEmpty());
    QVERIFY(reversed->format.newestFirst);
}

void TestBadInput::cancelStopsReading()
{
    auto history = test::sampleHistory();
    while (history.events_size() < 5000)
        *history.add_events() = history.events(history.events_size() % 20);
    for (int i = 0; i < history.events_size(); ++i)
        history.mutable_events(i)->set_event_id(i + 1);
    const QByteArray json = QJsonDocument(test::toDialect(history, {}).toObject()).toJson(QJsonDocument::Compact);
    ReadOptions options;
    int calls = 0;
    options.progress = [&calls](qint64 done, qint64 total) {
        ++calls;
        return !(done >= 2048 && total == 5000);
    };
    const auto result = read(json, options);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Cancelled);
    QCOMPARE(calls, 2);
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
