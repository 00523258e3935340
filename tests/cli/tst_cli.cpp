#include "support/testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QXmlStreamReader>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace hl;
using namespace Qt::StringLiterals;

// historylens-cli end to end: the real executable, real files, real exit codes.
class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpAndVersion();
    void usageErrors_data();
    void usageErrors();
    void summaryListsEveryEvent();
    void jsonIsCanonicalWhateverTheInput();
    void readableShowsPayloadValues();
    void readsStandardInput();
    void exportListsAndPicksWorkflows();
    void unreadableSourcesExitWithOne_data();
    void unreadableSourcesExitWithOne();
    void permissionDeniedNamesTheFile();
    void notesGoToStandardError();
    void damagedBinaryEventIsNamedAndTheRestShown();
    void decodesTheDemoWithItsKey();
    void keyFileAndDescriptorSet();
    void decodeFailuresAreReportedAndStrictExitsThree();
    void keyOptionErrorsAreUsageErrors_data();
    void keyOptionErrorsAreUsageErrors();
    void keysNeverAppearInOutput();
    void timelineWritesItsLaneModelAndPictures();

private:
    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    static Run run(const QStringList& arguments, const QByteArray& input = {}, const QString& program = {});
};

TestCli::Run TestCli::run(const QStringList& arguments, const QByteArray& input, const QString& program)
{
    QProcess process;
    if (program.isEmpty())
        process.start(test::cliPath(), arguments);
    else
        process.start(program, arguments);
    if (!process.waitForStarted())
        return {};
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

void TestCli::helpAndVersion()
{
    const Run help = run({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("show SOURCE"));
    const Run showHelp = run({QStringLiteral("show"), QStringLiteral("--help")});
    QCOMPARE(showHelp.exitCode, 0);
    QVERIFY(showHelp.out.contains("--output"));
    QVERIFY(showHelp.out.contains("--run-id"));
    const Run version = run({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("historylens-cli " HL_VERSION_STRING));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("words");
    QTest::newRow("no command") << QStringList() << "no command";
    QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << "unknown command";
    QTest::newRow("no source") << QStringList{u"show"_s} << "needs a SOURCE";
    QTest::newRow("two sources") << QStringList{u"show"_s, u"a"_s, u"b"_s} << "one SOURCE";
    QTest::newRow("bad output") << QStringList{u"show"_s, u"-o"_s, u"xml"_s, u"x"_s} << "unknown output format";
    QTest::newRow("unknown option") << QStringList{u"show"_s, u"--frob"_s, u"x"_s} << "frob";
    QTest::newRow("bad max size") << QStringList{u"show"_s, u"--max-size"_s, u"lots"_s, u"x"_s} << "--max-size";
    QTest::newRow("index out of range") << QStringList{u"show"_s, u"--index"_s, u"7"_s, test::realFixture(u"sdk-go__parentWF.json"_s)}
                                        << "--index";
    QTest::newRow("timeline format") << QStringList{u"timeline"_s, u"-o"_s, u"pdf"_s, u"x"_s} << "use svg, png or json";
    QTest::newRow("timeline range") << QStringList{u"timeline"_s, u"--from"_s, u"yesterday"_s, u"x"_s} << "--from takes a time";
    QTest::newRow("timeline width") << QStringList{u"timeline"_s, u"--width"_s, u"12"_s, u"x"_s} << "--width";
    QTest::newRow("timeline follow") << QStringList{u"timeline"_s, u"--follow"_s, u"-w"_s, u"x"_s} << "follow";
    QTest::newRow("json of several workflows")
        << QStringList{u"show"_s, u"-o"_s, u"json"_s, test::generatedFixture(u"cloud-export.binpb"_s)} << "--index N or --run-id";
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, words);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(words.toUtf8()), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void TestCli::summaryListsEveryEvent()
{
    const Run result = run({QStringLiteral("show"), test::generatedFixture(QStringLiteral("legacy-enums.json"))});
    QCOMPARE(result.exitCode, 0);
    const QList<QByteArray> lines = result.out.split('\n');
    QVERIFY(lines[0].contains("legacy enum names"));
    QVERIFY(lines[1].contains("Workflow: OrderWorkflow, id order-1042, run 6a1f1b36"));
    QVERIFY(result.out.contains("Events:   25"));
    // Columns: id, time, type, details; padding depends on the longest type name.
    const QString out = QString::fromUtf8(result.out);
    const auto hasLine = [&out](const QString& pattern) {
        return QRegularExpression(QStringLiteral("(?m)^") + pattern + QStringLiteral("$")).match(out).hasMatch();
    };
    QVERIFY(hasLine(uR"(\s*1  2024-11-22T09:00:03\.919Z  WorkflowExecutionStarted\s+OrderWorkflow on "orders", input \{"items":.*)"_s));
    QVERIFY(hasLine(uR"(\s*5  \S+  ActivityTaskScheduled\s+ChargeCard \(activity charge\), input \{"amount":19\.5,"currency":"EUR"\})"_s));
    QVERIFY(hasLine(uR"(\s*6  \S+  ActivityTaskStarted\s+attempt 2, last failure: card declined \(CardDeclined\))"_s));
    QVERIFY(hasLine(uR"(\s*13  \S+  WorkflowExecutionSignaled\s+signal addItem, input \[\{"qty":1,"sku":"Y7"\}, "rush"\])"_s));
    QVERIFY(hasLine(uR"(\s*11  \S+  TimerStarted\s+timer reminder for 60s)"_s));
    QVERIFY(hasLine(uR"(\s*25  \S+  WorkflowExecutionFailed\s+failure: activity error; cause: out of stock \(OutOfStock\))"_s));
    QVERIFY(hasLine(uR"(\s*21  \S+  NexusOperationTimedOut\s+failure: nexus operation timed out; cause: operation timed out \(timeout ScheduleToClose\))"_s));
}

void TestCli::jsonIsCanonicalWhateverTheInput()
{
    const Run canonical = run({QStringLiteral("show"), QStringLiteral("-o"), QStringLiteral("json"),
                               test::generatedFixture(QStringLiteral("canonical.json"))});
    QCOMPARE(canonical.exitCode, 0);
    for (const char* name : {"legacy-enums.json", "ui-raw-history.json", "http-api-shorthand.json", "history.jsonl",
                             "newest-first.json", "history.binpb", "canonical.json.gz"}) {
        const Run other = run({QStringLiteral("show"), QStringLiteral("-o"), QStringLiteral("json"),
                               test::generatedFixture(QString::fromLatin1(name))});
        QCOMPARE(other.exitCode, 0);
        QCOMPARE(other.out, canonical.out);
    }
    const QJsonDocument document = QJsonDocument::fromJson(canonical.out);
    QCOMPARE(document.object().value(QStringLiteral("events")).toArray().size(), 25);
    QCOMPARE(document.object()[QStringLiteral("events")][0][QStringLiteral("eventType")].toString(),
             QStringLiteral("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"));
    QCOMPARE(document.object()[QStringLiteral("events")][0][QStringLiteral("eventId")].toString(), QStringLiteral("1"));
}

void TestCli::readableShowsPayloadValues()
{
    const Run result = run({QStringLiteral("show"), QStringLiteral("-o"), QStringLiteral("readable"),
                            test::generatedFixture(QStringLiteral("canonical.json"))});
    QCOMPARE(result.exitCode, 0);
    const QJsonDocument document = QJsonDocument::fromJson(result.out);
    const QJsonObject input = document.object()[QStringLiteral("events")][0][QStringLiteral("workflowExecutionStartedEventAttributes")]
                                  [QStringLiteral("input")][QStringLiteral("payloads")][0]
                                      .toObject();
    QCOMPARE(input[QStringLiteral("metadata")][QStringLiteral("encoding")].toString(), QStringLiteral("json/plain"));
    QCOMPARE(input[QStringLiteral("data")][QStringLiteral("orderId")].toString(), QStringLiteral("A-1042"));
}

void TestCli::readsStandardInput()
{
    QFile file(test::realFixture(QStringLiteral("sdk-go__parentWF.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Run result = run({QStringLiteral("show"), QStringLiteral("-")}, file.readAll());
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith("Source:   standard input (JSON {events}, legacy enum names)"));
    QVERIFY(result.out.contains("Events:   19"));
}

void TestCli::exportListsAndPicksWorkflows()
{
    const QString exportFile = test::generatedFixture(QStringLiteral("cloud-export.binpb"));
    const Run list = run({QStringLiteral("show"), exportFile});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains("Workflows: 3"));
    QVERIFY(list.out.contains("    1  OrderWorkflow      22  00000000-0000-4000-8000-000000000002  order-2"));

    const Run byIndex = run({QStringLiteral("show"), QStringLiteral("--index"), QStringLiteral("2"), QStringLiteral("-o"),
                             QStringLiteral("json"), exportFile});
    QCOMPARE(byIndex.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(byIndex.out).object()[QStringLiteral("events")].toArray().size(), 19);
    const Run byRun = run({QStringLiteral("show"), QStringLiteral("--run-id"),
                           QStringLiteral("00000000-0000-4000-8000-000000000003"), QStringLiteral("-o"),
                           QStringLiteral("json"), exportFile});
    QCOMPARE(byRun.exitCode, 0);
    QCOMPARE(byRun.out, byIndex.out);
    const Run summary = run({QStringLiteral("show"), QStringLiteral("--index"), QStringLiteral("0"), exportFile});
    QVERIFY(summary.out.contains("Workflow: OrderWorkflow, id order-1"));
}

void TestCli::unreadableSourcesExitWithOne_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("words");
    QTest::newRow("missing") << QStringLiteral("/nonexistent/history.json") << "no such file";
    QTest::newRow("directory") << QStringLiteral(HL_REAL_FIXTURES_DIR) << "is a directory";
    QTest::newRow("not a history") << test::realFixture(QStringLiteral("SOURCES.md")) << "not a Temporal history";
}

void TestCli::unreadableSourcesExitWithOne()
{
    QFETCH(QString, path);
    QFETCH(QString, words);
    const Run result = run({QStringLiteral("show"), path});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(words.toUtf8()), result.err.constData());
    QVERIFY(result.err.contains(path.toUtf8()));
    QVERIFY(result.out.isEmpty());
}

void TestCli::permissionDeniedNamesTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secret.json"));
    QVERIFY(QFile::copy(test::realFixture(QStringLiteral("sdk-go__parentWF.json")), path));
    QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
    Run result;
    if (::geteuid() == 0) {
        // root reads any file; run the CLI as an unprivileged user to see the real refusal.
        QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                              | QFileDevice::ExeOther | QFileDevice::ExeGroup);
        result = run({QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"), test::cliPath(),
                      QStringLiteral("show"), path},
                     {}, QStringLiteral("runuser"));
        if (result.exitCode == -1)
            QSKIP("runuser is not available to drop root privileges");
    } else {
        result = run({QStringLiteral("show"), path});
    }
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("permission denied"), result.err.constData());
    QVERIFY(result.err.contains("secret.json"));
}

void TestCli::notesGoToStandardError()
{
    const Run result = run({QStringLiteral("show"), test::realFixture(QStringLiteral("sdk-go__workflow_with_unknown_event.json"))});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.err.contains("event #23 (id 23), field eventType: \"UnknownEvent\" is not a known EventType value"));
    QVERIFY(result.out.contains("23  2020-07-30T00:30:03.048Z  UnknownEvent"));
    const Run quiet = run({QStringLiteral("show"), QStringLiteral("--quiet"),
                           test::realFixture(QStringLiteral("sdk-go__workflow_with_unknown_event.json"))});
    QVERIFY(quiet.err.isEmpty());
}

// A real binary history with one byte of event 1's identity made invalid UTF-8: every event is still shown, the note
// names the event and the field, and protobuf's own log line stays off the terminal.
void TestCli::damagedBinaryEventIsNamedAndTheRestShown()
{
    QFile fixture(test::realFixture(QStringLiteral("sdk-typescript__cancel_fake_progress_history.bin")));
    QVERIFY(fixture.open(QIODevice::ReadOnly));
    QByteArray bytes = fixture.readAll();
    const qsizetype at = bytes.indexOf("monolith");
    QVERIFY(at > 0);
    bytes[at] = char(0xff);
    QTemporaryDir dir;
    QFile damaged(dir.filePath(QStringLiteral("damaged.bin")));
    QVERIFY(damaged.open(QIODevice::WriteOnly) && damaged.write(bytes) == bytes.size());
    damaged.close();

    const Run result = run({QStringLiteral("show"), damaged.fileName()});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("Events:   16"));
    QVERIFY(result.out.contains("16  2022-01-13T18:46:35"));
    QVERIFY2(result.err.contains("event #1 (id 1), field workflowExecutionStartedEventAttributes.identity: the event's bytes"),
             result.err.constData());
    QVERIFY(result.err.contains("not valid UTF-8"));
    QVERIFY2(!result.err.contains("libprotobuf"), result.err.constData());
}

namespace {

const QString kDemoKey = u"historylens-demo=text:historylens-demo-key-not-secret!"_s;

QString demoHistory()
{
    return QStringLiteral(HL_DEMO_HISTORY);
}

} // namespace

void TestCli::decodesTheDemoWithItsKey()
{
    const Run summary = run({u"show"_s, demoHistory(), u"--key"_s, kDemoKey});
    QCOMPARE(summary.exitCode, 0);
    QVERIFY(summary.out.contains("Payloads: 19 decoded, 0 not decoded"));
    QVERIFY(summary.out.contains(R"(input {"items":["ENGINE-1","CARD-PUNCH"],"warehouse":"eu-west"})"));
    // Failure messages are restored from their encoded attributes.
    QVERIFY(summary.out.contains("failure: activity error; cause: mailbox ada@example.com does not exist (550 5.1.1) (MailboxNotFound)"));
    // Nothing but the warning that a key on the command line is readable by every user.
    QVERIFY2(summary.err.startsWith("historylens-cli: warning: --key on the command line can be read by every user")
                 && summary.err.count('\n') == 1,
             summary.err.constData());

    const Run readable = run({u"show"_s, u"-o"_s, u"readable"_s, demoHistory(), u"--key"_s, kDemoKey});
    QCOMPARE(readable.exitCode, 0);
    const QJsonObject input = QJsonDocument::fromJson(readable.out)[u"events"_s][0][u"workflowExecutionStartedEventAttributes"_s]
                                  [u"input"_s][u"payloads"_s][0].toObject();
    QCOMPARE(input[u"data"_s][u"orderId"_s].toString(), u"ORD-2025-1122"_s);
    QCOMPARE(input[u"encodingChain"_s].toString(), u"binary/encrypted(key historylens-demo) > binary/zlib > json/plain"_s);

    // json: what an SDK replayer loads, with the payloads decoded.
    const Run json = run({u"show"_s, u"-o"_s, u"json"_s, demoHistory(), u"--key"_s, kDemoKey});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject stored = QJsonDocument::fromJson(json.out)[u"events"_s][0][u"workflowExecutionStartedEventAttributes"_s]
                                   [u"input"_s][u"payloads"_s][0].toObject();
    QCOMPARE(QByteArray::fromBase64(stored[u"metadata"_s][u"encoding"_s].toString().toLatin1()), QByteArray("json/plain"));
    QVERIFY(QByteArray::fromBase64(stored[u"data"_s].toString().toLatin1()).contains("ORD-2025-1122"));
}

void TestCli::keyFileAndDescriptorSet()
{
    const Run result = run({u"show"_s, test::codecVector(u"codec-history.json"_s), u"--key-file"_s,
                            test::codecVector(u"codec-keys.txt"_s), u"--descriptor-set"_s, test::codecVector(u"ordertypes.pb"_s)});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains(R"(signal snappy-in-encryption, input {"orderId":"ORD-7","quantity":3,"tags":["gift","express"]})"));
    QVERIFY(result.out.contains(R"(signal aes-128, input "Grüße, Ada")"));
}

void TestCli::decodeFailuresAreReportedAndStrictExitsThree()
{
    const QStringList arguments = {u"show"_s, test::codecVector(u"codec-history.json"_s), u"--key-file"_s,
                                   test::codecVector(u"codec-keys.txt"_s)};
    const Run lenient = run(arguments);
    QCOMPARE(lenient.exitCode, 0);
    QVERIFY(lenient.err.contains("event 17 (WorkflowExecutionSignaled), workflowExecutionSignaledEventAttributes.input.payloads[0]: "
                                 "unknown key id `nobody`"));
    QVERIFY(lenient.err.contains("event 22 (WorkflowExecutionSignaled), workflowExecutionSignaledEventAttributes.input.payloads[0]: "
                                 "gzip data expands beyond the 64 MiB limit"));
    QVERIFY(lenient.err.contains("hint: give the key `nobody` with --key"));
    QVERIFY(lenient.out.contains("signal tampered-tag, input <not decoded: authentication failed"));
    // The other payloads are decoded all the same.
    QVERIFY(lenient.out.contains(R"(signal go-encryption, input {"items":[{"qty":1,"sku":"ENGINE-1"}],"orderId":"ORD-1"})"));

    const Run strict = run(arguments + QStringList{u"--strict"_s, u"-o"_s, u"json"_s});
    QCOMPARE(strict.exitCode, 3);
    QVERIFY(QJsonDocument::fromJson(strict.out).isObject()); // the output is still complete

    const Run strictClean = run({u"show"_s, u"--strict"_s, demoHistory(), u"--key"_s, kDemoKey});
    QCOMPARE(strictClean.exitCode, 0);
    QCOMPARE(run({u"show"_s, u"--strict"_s, demoHistory()}).exitCode, 3);
}

void TestCli::keyOptionErrorsAreUsageErrors_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no id") << QStringList{u"--key"_s, u"hex:00112233445566778899aabbccddeeff"_s} << QByteArray("expected ID=SPEC");
    QTest::newRow("bad hex") << QStringList{u"--key"_s, u"a=hex:0011zz"_s} << QByteArray("not a hex digit");
    QTest::newRow("missing key file") << QStringList{u"--key-file"_s, u"/nonexistent/keys"_s} << QByteArray("--key-file");
    QTest::newRow("bad descriptor set") << QStringList{u"--descriptor-set"_s, QStringLiteral(HL_DEMO_HISTORY)}
                                        << QByteArray("not a protobuf FileDescriptorSet");
}

void TestCli::keyOptionErrorsAreUsageErrors()
{
    QFETCH(QStringList, options);
    QFETCH(QByteArray, message);
    const Run result = run(QStringList{u"show"_s, demoHistory()} + options);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void TestCli::keysNeverAppearInOutput()
{
    const QByteArray key = "historylens-demo-key-not-secret!";
    const QByteArray wrongKey = "a-wrong-key-of-thirty-two-bytes!";
    QList<QByteArray> forms;
    for (const QByteArray& secret : {key, wrongKey})
        forms << secret << secret.toHex() << secret.toBase64() << secret.toBase64(QByteArray::Base64UrlEncoding);
    const QStringList specs = {kDemoKey, u"historylens-demo=hex:"_s + QString::fromLatin1(wrongKey.toHex())};
    for (const QString& output : {u"summary"_s, u"json"_s, u"readable"_s}) {
        // A wrong key too: its failure messages must not echo it.
        for (const QString& spec : specs) {
            const Run result = run({u"show"_s, u"-o"_s, output, demoHistory(), u"--key"_s, spec, u"--key"_s,
                                    u"other=text:0123456789abcdef"_s});
            QCOMPARE(result.exitCode, 0);
            for (const QByteArray& form : forms) {
                QVERIFY(!result.out.contains(form));
                QVERIFY(!result.err.contains(form));
            }
            QVERIFY(!result.out.contains("0123456789abcdef") && !result.err.contains("0123456789abcdef"));
        }
    }
}

void TestCli::timelineWritesItsLaneModelAndPictures()
{
    const QString fixture = test::realFixture(QStringLiteral("features__retry_on_error.history.java.1.0.6.json"));
    const Run json = run({QStringLiteral("timeline"), QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("--no-keychain"), fixture});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject model = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(model[QStringLiteral("workflow")].toObject()[QStringLiteral("closed")].toBool(), true);
    const QJsonArray lanes = model[QStringLiteral("lanes")].toArray();
    QJsonObject activity;
    for (const QJsonValue& lane : lanes) {
        if (lane[QStringLiteral("kind")].toString() == QLatin1String("activity"))
            activity = lane.toObject();
    }
    QCOMPARE(activity[QStringLiteral("name")].toString(), QStringLiteral("AlwaysFail"));
    QCOMPARE(activity[QStringLiteral("state")].toString(), QStringLiteral("failed"));
    QCOMPARE(activity[QStringLiteral("attempts")].toInt(), 5);
    QCOMPARE(activity[QStringLiteral("segments")].toArray().size(), 5);
    QVERIFY(activity[QStringLiteral("segments")].toArray()[0].toObject()[QStringLiteral("estimated")].toBool());

    // A range: offsets from the start; nothing after it.
    const Run early = run({QStringLiteral("timeline"), QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("--no-keychain"),
                           QStringLiteral("--to"), QStringLiteral("+1us"), fixture});
    QCOMPARE(early.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(early.out).object()[QStringLiteral("lanes")].toArray().size() < lanes.size());

    const Run svg = run({QStringLiteral("timeline"), QStringLiteral("--no-keychain"), QStringLiteral("--collapse-idle"), fixture});
    QCOMPARE(svg.exitCode, 0);
    QVERIFY2(svg.err.isEmpty(), svg.err.constData());
    QVERIFY(svg.out.startsWith("<?xml"));
    QXmlStreamReader xml(svg.out);
    int texts = 0;
    QStringList words;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text")) {
            ++texts;
            words << xml.readElementText();
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY2(words.join(QLatin1Char(' ')).contains(QStringLiteral("AlwaysFail")), qPrintable(words.join(QLatin1Char(' '))));

    const Run png = run({QStringLiteral("timeline"), QStringLiteral("-o"), QStringLiteral("png"), QStringLiteral("--no-keychain"),
                         QStringLiteral("--width"), QStringLiteral("900"), QStringLiteral("--theme"), QStringLiteral("dark"), fixture});
    QCOMPARE(png.exitCode, 0);
    const QImage image = QImage::fromData(png.out, "PNG");
    QCOMPARE(image.width(), 900);
    QVERIFY(image.pixelColor(image.width() - 2, image.height() - 2).lightness() < 128); // dark

    // From a file whose workflows are several: pick one, as show does.
    const Run several = run({QStringLiteral("timeline"), QStringLiteral("-o"), QStringLiteral("json"),
                             test::generatedFixture(QStringLiteral("cloud-export.binpb"))});
    QCOMPARE(several.exitCode, 2);
    QVERIFY(several.err.contains("--index N or --run-id"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
