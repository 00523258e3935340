// historylens-cli and the core frontend client against real Temporal dev servers (one plain, one sending
// raw_history), with histories made by real Python SDK workers. The reference is the temporal CLI itself.
// moc cannot parse the generated protobuf headers; it needs none of them.
#ifndef Q_MOC_RUN
#include "frontend/frontendclient.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "session/frontendhistoryjob.h"
#endif
#include "frontend/temporalpeers.h"
#include "support/jsonrewrite.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace hl;
using namespace hl::test;

namespace {

// "YmluYXJ5L2VuY3J5cHRlZA==" is base64 of binary/encrypted: present in stored payloads, absent once decoded.
const char* const kEncryptedEncoding = "YmluYXJ5L2VuY3J5cHRlZA==";

// An event with every payload ({metadata, data}) replaced by a mark: what must equal the temporal CLI's output.
QJsonValue withoutPayloads(const QJsonValue& value)
{
    return test::rewriteJson(value, [](const QJsonObject& object) -> std::optional<QJsonValue> {
        if (object.contains(QLatin1String("metadata")) && (object.size() == 1 || object.contains(QLatin1String("data"))))
            return QJsonValue(QStringLiteral("<payload>"));
        return std::nullopt;
    });
}

QJsonArray eventsOf(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object().value(QStringLiteral("events")).toArray();
}

// Microseconds since the epoch of an RFC 3339 time with up to nine fraction digits (the temporal CLI's eventTime).
qint64 microsecondsOf(const QString& text)
{
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? text.chopped(1) : text.left(dot);
    const QString fraction = dot < 0 ? QString() : text.mid(dot + 1).chopped(1);
    const QDateTime seconds = QDateTime::fromString(whole + QLatin1Char('Z'), Qt::ISODate).toUTC();
    if (!text.endsWith(QLatin1Char('Z')) || !seconds.isValid())
        return -1;
    return seconds.toSecsSinceEpoch() * 1000000 + QString(fraction + QStringLiteral("000000")).left(6).toLongLong();
}

} // namespace

class FrontendTest : public QObject {
    Q_OBJECT

private:
    TemporalServer m_plain;
    TemporalServer m_raw;
    QMap<QString, QString> m_proxy; // TLS_PORT, MTLS_PORT, ...: nginx in front of m_plain
    QString m_fake;                 // the misbehaving frontend's address
    QTemporaryDir m_home;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString& name : environment.keys()) {
            if (name.startsWith(QLatin1String("TEMPORAL_")))
                environment.remove(name);
        }
        environment.insert(QStringLiteral("HOME"), m_home.path());
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/.config"));
        environment.insert(QStringLiteral("TEMPORAL_VERSION_CHECK_DISABLED"), QStringLiteral("1"));
        return environment;
    }

    ProcessResult cli(const QStringList& arguments, const QProcessEnvironment& env) const
    {
        return runProcess(QStringLiteral(HL_CLI_PATH), arguments, env);
    }
    ProcessResult cli(const QStringList& arguments) const { return cli(arguments, environment()); }

    const TemporalServer& server(const QString& name) const { return name == QLatin1String("raw") ? m_raw : m_plain; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(m_plain.load(QStringLiteral(HL_TEMPORAL_DIR "/plain")), "the plain dev server fixture did not start");
        QVERIFY2(m_raw.load(QStringLiteral(HL_TEMPORAL_DIR "/raw")), "the raw_history dev server fixture did not start");
        m_proxy = readEnvFile(QStringLiteral(HL_TEMPORAL_DIR "/tls/proxy.env"));
        QVERIFY2(m_proxy.contains(QStringLiteral("TLS_PORT")), "the TLS proxy fixture did not start");
        m_fake = readEnvFile(QStringLiteral(HL_TEMPORAL_DIR "/fake/fake.env")).value(QStringLiteral("FAKE_ADDRESS"));
        QVERIFY2(!m_fake.isEmpty(), "the fake frontend fixture did not start");
    }

    void jsonMatchesTemporalCli_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("workflowId");
        for (const QString& server : {QStringLiteral("plain"), QStringLiteral("raw")}) {
            for (const auto& made : m_plain.manifest.value(QStringLiteral("workflows")).toArray()) {
                const QString id = made.toObject().value(QStringLiteral("workflowId")).toString();
                QTest::addRow("%s %s", qPrintable(server), qPrintable(id)) << server << id;
            }
        }
    }

    // Event for event what `temporal workflow show -o json` prints, with every payload decoded.
    void jsonMatchesTemporalCli()
    {
        QFETCH(QString, server);
        QFETCH(QString, workflowId);
        const TemporalServer& peer = this->server(server);
        const auto reference = runProcess(peer.temporal, {QStringLiteral("workflow"), QStringLiteral("show"), QStringLiteral("-w"), workflowId,
                                                          QStringLiteral("--address"), peer.address, QStringLiteral("-o"), QStringLiteral("json")},
                                          environment());
        QCOMPARE(reference.exitCode, 0);
        const auto ours = cli({QStringLiteral("show"), QStringLiteral("-w"), workflowId, QStringLiteral("--address"), peer.address,
                               QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("--key"), peer.keyOption(),
                               QStringLiteral("--no-keychain"), QStringLiteral("--strict")});
        QVERIFY2(ours.exitCode == 0, ours.err.constData());
        const QJsonArray expected = eventsOf(reference.out);
        const QJsonArray actual = eventsOf(ours.out);
        QVERIFY(expected.size() > 0);
        QCOMPARE(actual.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            const QJsonObject want = expected[i].toObject();
            const QJsonObject got = actual[i].toObject();
            QCOMPARE(got.value(QStringLiteral("eventId")).toString(), want.value(QStringLiteral("eventId")).toString());
            QCOMPARE(got.value(QStringLiteral("eventType")).toString(), want.value(QStringLiteral("eventType")).toString());
            QCOMPARE(got.keys(), want.keys());
            QCOMPARE(withoutPayloads(got), withoutPayloads(want)); // every field, every value
        }
        QVERIFY(reference.out.contains(kEncryptedEncoding) || workflowId == QLatin1String("watch-0042"));
        QVERIFY2(!ours.out.contains(kEncryptedEncoding), "a payload was left encrypted");
        QVERIFY(!ours.out.contains("historylens-decode-error"));
    }

    void summaryShowsDecodedValuesAndRestoredFailures()
    {
        const auto order = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--address"),
                                m_plain.address, QStringLiteral("--key"), m_plain.keyOption(), QStringLiteral("--no-keychain")});
        QVERIFY2(order.exitCode == 0, order.err.constData());
        for (const char* text : {"LAMP-7", "maria@example.com", "gift wrap, please", "fraud check rejected the order",
                                 "card for order-0042 reported stolen", "JD0146", "Temporal frontend"})
            QVERIFY2(order.out.contains(text), text);
        QVERIFY(order.out.contains("Events:   49") || order.out.contains("Events:   "));

        const auto refund = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("refund-0042"), QStringLiteral("--address"),
                                 m_raw.address, QStringLiteral("--key"), m_raw.keyOption(), QStringLiteral("--no-keychain"),
                                 QStringLiteral("-o"), QStringLiteral("readable")});
        QVERIFY2(refund.exitCode == 0, refund.err.constData());
        QVERIFY(refund.out.contains("refund failed"));
        QVERIFY(refund.out.contains("not found in the ledger"));
    }

    void withoutTheKeyPayloadsAreNamed()
    {
        const auto result = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--address"),
                                 m_plain.address, QStringLiteral("--no-keychain"), QStringLiteral("--strict")});
        QCOMPARE(result.exitCode, 3);
        QVERIFY(result.err.contains("test-key-id"));
        QVERIFY(result.out.contains("WorkflowExecutionCompleted") || result.out.contains("ExecutionCompleted"));
    }

    void continueAsNewRunsArePinned()
    {
        // The latest run of batch-7 is its third; its first run is reachable by run id from the chain.
        const auto latest = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("batch-7"), QStringLiteral("--address"),
                                 m_plain.address, QStringLiteral("--key"), m_plain.keyOption(), QStringLiteral("--no-keychain"),
                                 QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(latest.exitCode, 0);
        const QJsonObject started = eventsOf(latest.out)[0].toObject().value(QStringLiteral("workflowExecutionStartedEventAttributes")).toObject();
        const QString firstRun = started.value(QStringLiteral("firstExecutionRunId")).toString();
        QVERIFY(!started.value(QStringLiteral("continuedExecutionRunId")).toString().isEmpty());
        const auto first = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("batch-7"), QStringLiteral("-r"), firstRun,
                                QStringLiteral("--address"), m_plain.address, QStringLiteral("--key"), m_plain.keyOption(),
                                QStringLiteral("--no-keychain")});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QVERIFY(first.out.contains("ContinuedAsNew"));
    }

    void listAndDescribe()
    {
        QElapsedTimer waited;
        waited.start();
        ProcessResult listed;
        do {
            listed = cli({QStringLiteral("list"), QStringLiteral("--address"), m_plain.address});
            QCOMPARE(listed.exitCode, 0);
        } while (!listed.out.contains("refund-0042") && waited.elapsed() < 10000 && (QTest::qWait(200), true));
        for (const char* text : {"order-0042", "refund-0042", "batch-7", "watch-0042", "OrderWorkflow", "Failed", "Running"})
            QVERIFY2(listed.out.contains(text), text);

        const auto filtered = cli({QStringLiteral("list"), QStringLiteral("--address"), m_plain.address, QStringLiteral("-q"),
                                   QStringLiteral("WorkflowType='RefundWorkflow'")});
        QCOMPARE(filtered.exitCode, 0);
        QCOMPARE(filtered.out.count('\n'), 2); // the header and one row
        QVERIFY(filtered.err.contains("1 of 1 executions"));

        const auto described = cli({QStringLiteral("describe"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--address"),
                                    m_plain.address, QStringLiteral("--no-keychain")});
        QVERIFY2(described.exitCode == 0, described.err.constData());
        QVERIFY(described.out.contains("Completed"));
        QVERIFY(described.out.contains("OrderWorkflow"));
        const auto reference = runProcess(m_plain.temporal, {QStringLiteral("workflow"), QStringLiteral("show"), QStringLiteral("-w"),
                                                             QStringLiteral("order-0042"), QStringLiteral("--address"), m_plain.address,
                                                             QStringLiteral("-o"), QStringLiteral("json")},
                                          environment());
        QVERIFY(described.out.contains(QStringLiteral("History length  %1 events").arg(eventsOf(reference.out).size()).toUtf8()));
    }

    // The timeline of real workers' histories: every lane opens and closes at its events' times (as the temporal CLI
    // shows them), retries give one segment per attempt, and open work ends at now.
    void timelineOfServerHistories_data()
    {
        QTest::addColumn<QString>("workflowId");
        for (const auto& made : m_plain.manifest.value(QStringLiteral("workflows")).toArray())
            QTest::newRow(qPrintable(made.toObject().value(QStringLiteral("workflowId")).toString())) << made.toObject().value(QStringLiteral("workflowId")).toString();
    }

    void timelineOfServerHistories()
    {
        QFETCH(QString, workflowId);
        const auto reference = runProcess(m_plain.temporal, {QStringLiteral("workflow"), QStringLiteral("show"), QStringLiteral("-w"), workflowId,
                                                             QStringLiteral("--address"), m_plain.address, QStringLiteral("-o"), QStringLiteral("json")},
                                          environment());
        QCOMPARE(reference.exitCode, 0);
        QHash<qint64, qint64> timeOfEvent; // event id -> µs since the epoch, as the temporal CLI prints it
        QHash<qint64, QString> typeOfEvent;
        for (const auto& event : eventsOf(reference.out)) {
            const qint64 id = event.toObject().value(QStringLiteral("eventId")).toString().toLongLong();
            timeOfEvent.insert(id, microsecondsOf(event.toObject().value(QStringLiteral("eventTime")).toString()));
            typeOfEvent.insert(id, event.toObject().value(QStringLiteral("eventType")).toString());
        }
        const qint64 before = QDateTime::currentMSecsSinceEpoch() * 1000;
        const auto result = cli({QStringLiteral("timeline"), QStringLiteral("-w"), workflowId, QStringLiteral("--address"), m_plain.address,
                                 QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("--workflow-tasks"), QStringLiteral("--key"),
                                 m_plain.keyOption(), QStringLiteral("--no-keychain")});
        const qint64 after = QDateTime::currentMSecsSinceEpoch() * 1000;
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject timeline = QJsonDocument::fromJson(result.out).object();
        const QJsonObject workflow = timeline.value(QStringLiteral("workflow")).toObject();
        QCOMPARE(workflow.value(QStringLiteral("events")).toInt(), timeOfEvent.size());
        QCOMPARE(microsecondsOf(workflow.value(QStringLiteral("start")).toString()), timeOfEvent.value(1));
        const bool running = !workflow.value(QStringLiteral("closed")).toBool();
        QCOMPARE(running, workflowId == QLatin1String("inspect-0042") || workflowId == QLatin1String("watch-0042"));
        if (running) { // drawn to now: the moment the command ran
            const qint64 end = microsecondsOf(workflow.value(QStringLiteral("end")).toString());
            QVERIFY2(end >= before && end <= after, qPrintable(workflow.value(QStringLiteral("end")).toString()));
        } else {
            QCOMPARE(microsecondsOf(workflow.value(QStringLiteral("end")).toString()), timeOfEvent.value(timeOfEvent.size()));
        }

        QHash<QString, QJsonObject> lanes; // kind/name -> lane (each name occurs once in these workflows)
        for (const auto& value : timeline.value(QStringLiteral("lanes")).toArray()) {
            const QJsonObject lane = value.toObject();
            const QString key = lane.value(QStringLiteral("kind")).toString() + QLatin1Char('/') + lane.value(QStringLiteral("name")).toString();
            QVERIFY2(!lanes.contains(key), qPrintable(key));
            lanes.insert(key, lane);
            const qint64 first = lane.value(QStringLiteral("firstEventId")).toInteger();
            const qint64 last = lane.value(QStringLiteral("lastEventId")).toInteger();
            QVERIFY2(timeOfEvent.contains(first) && timeOfEvent.contains(last), qPrintable(key));
            QCOMPARE(microsecondsOf(lane.value(QStringLiteral("scheduled")).toString()), timeOfEvent.value(first));
            const QJsonArray segments = lane.value(QStringLiteral("segments")).toArray();
            // Work not started yet (waiting for a worker or a retry) is a line with no attempt segment.
            // The workflow tasks' lane has a segment per task, pending ones too.
            const bool tasks = lane.value(QStringLiteral("kind")).toString() == QLatin1String("workflowTasks");
            QCOMPARE(segments.isEmpty(), !tasks && lane.value(QStringLiteral("started")).isNull());
            if (lane.value(QStringLiteral("closed")).isNull()) { // open work ends at now
                const qint64 end = microsecondsOf(lane.value(QStringLiteral("end")).toString());
                QVERIFY2(running && end >= before && end <= after, qPrintable(key));
                if (!segments.isEmpty())
                    QCOMPARE(microsecondsOf(segments.last().toObject().value(QStringLiteral("end")).toString()), end);
            } else {
                QCOMPARE(microsecondsOf(lane.value(QStringLiteral("closed")).toString()), timeOfEvent.value(last));
                QCOMPARE(microsecondsOf(segments.last().toObject().value(QStringLiteral("end")).toString()), timeOfEvent.value(last));
            }
            if (!tasks)
                QCOMPARE(segments.size(), lane.value(QStringLiteral("attempts")).toInt());
        }
        QHash<QString, int> markers; // kind/label -> count
        for (const auto& value : timeline.value(QStringLiteral("markers")).toArray()) {
            const QJsonObject marker = value.toObject();
            const qint64 id = marker.value(QStringLiteral("eventId")).toInteger();
            QCOMPARE(microsecondsOf(marker.value(QStringLiteral("time")).toString()), timeOfEvent.value(id));
            ++markers[marker.value(QStringLiteral("kind")).toString() + QLatin1Char('/') + marker.value(QStringLiteral("label")).toString()];
        }

        const auto lane = [&](const char* key) { return lanes.value(QLatin1String(key)); };
        const auto state = [&](const char* key) { return lane(key).value(QStringLiteral("state")).toString(); };
        if (workflowId == QLatin1String("order-0042")) {
            QCOMPARE(state("activity/charge"), QStringLiteral("completed"));
            QCOMPARE(lane("activity/charge").value(QStringLiteral("summary")).toString(), QStringLiteral("Charge 129.5 EUR for order-0042"));
            // reserve_stock failed twice and succeeded on its third attempt: the first two are laid out from the
            // retry policy's 100 ms backoff and marked estimated.
            const QJsonArray attempts = lane("activity/reserve_stock").value(QStringLiteral("segments")).toArray();
            QCOMPARE(attempts.size(), 3);
            QCOMPARE(attempts[0].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
            QVERIFY(attempts[0].toObject().value(QStringLiteral("estimated")).toBool());
            QVERIFY(attempts[1].toObject().value(QStringLiteral("estimated")).toBool());
            QCOMPARE(attempts[2].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("completed"));
            QVERIFY(!attempts[2].toObject().value(QStringLiteral("estimated")).toBool());
            QCOMPARE(state("activity/notify_fraud_desk"), QStringLiteral("failed"));
            QVERIFY(lane("activity/notify_fraud_desk").value(QStringLiteral("failure")).toString().contains(QLatin1String("fraud check rejected the order")));
            QCOMPARE(state("activity/ship"), QStringLiteral("completed"));
            QCOMPARE(state("childWorkflow/PackingWorkflow"), QStringLiteral("completed"));
            QCOMPARE(state("update/add_note"), QStringLiteral("completed"));
            const QJsonObject timer = lanes.value(lanes.keys().filter(QStringLiteral("timer/")).value(0));
            QCOMPARE(timer.value(QStringLiteral("state")).toString(), QStringLiteral("completed"));
            QCOMPARE(microsecondsOf(timer.value(QStringLiteral("fireTime")).toString())
                         - microsecondsOf(timer.value(QStringLiteral("scheduled")).toString()),
                     qint64(300000));
            QCOMPARE(markers.value(QStringLiteral("signal/approve")), 1);
            QCOMPARE(markers.value(QStringLiteral("completed/")) + markers.value(QStringLiteral("completed/Completed")), 1);
        } else if (workflowId == QLatin1String("refund-0042")) {
            QCOMPARE(markers.value(QStringLiteral("failed/")) + markers.value(QStringLiteral("failed/Failed")), 1);
        } else if (workflowId == QLatin1String("inspect-0042")) {
            // scan_parcel failed once and waits an hour for its retry: still open, drawn to now.
            QVERIFY(lane("activity/scan_parcel").value(QStringLiteral("closed")).isNull());
            QCOMPARE(state("activity/scan_parcel"), QStringLiteral("pending"));
            QCOMPARE(state("workflowTasks/Workflow tasks"), QStringLiteral("completed"));
        } else if (workflowId == QLatin1String("watch-0042")) {
            // No worker: one workflow task scheduled and never started, open to now.
            QCOMPARE(lanes.size(), 1);
            QCOMPARE(state("workflowTasks/Workflow tasks"), QStringLiteral("pending"));
        }
    }

    // Pairs of runs made by real workers in the `compare` namespace, compared by `diff`: every difference expected,
    // by step and path, and nothing else. Where signals and updates arrive against the workflow's progress follows
    // timing, so a step's "order" (moved) is left out of the sets.
    void diffOfRealRuns_data()
    {
        QTest::addColumn<QStringList>("sides");
        QTest::addColumn<bool>("ignoreTiming");
        QTest::addColumn<QStringList>("expected"); // "step key|path" of every difference
        QTest::addColumn<QStringList>("onlyInB");  // keys of the steps only B has
        QTest::addColumn<int>("exitCode");
        const auto strings = [](std::initializer_list<const char*> items) {
            QStringList out;
            for (const char* item : items)
                out << QLatin1String(item);
            return out;
        };
        QMap<QString, QJsonObject> made;
        for (const auto& value : m_plain.manifest.value(QStringLiteral("compare")).toArray())
            made.insert(value.toObject().value(QStringLiteral("workflowId")).toString(), value.toObject());
        const auto w = [](const char* id) { return QStringList{QStringLiteral("-w"), QLatin1String(id)}; };
        const auto run = [](const char* id, const QString& runId) { return QStringList{QStringLiteral("-w"), QLatin1String(id), QStringLiteral("-r"), runId}; };
        QTest::newRow("two inputs") << w("order-a") + w("order-b") << true
                                    << strings({"workflow|input[0].amount", "workflow|input[0].id", "workflow|result[0].charged.charged",
                                                   "workflow|result[0].order", "workflow|result[0].packed.packed", "workflow|result[0].shipped.tracking",
                                                   "activity:charge|input[0].amount", "activity:charge|input[0].id", "activity:charge|summary",
                                                   "activity:charge|result[0].charged", "activity:notify_fraud_desk|input[0]",
                                                   "activity:notify_fraud_desk|failure[0].details.order", "activity:notify_fraud_desk|failure[1].message",
                                                   "child:PackingWorkflow|workflowId", "child:PackingWorkflow|input[0]",
                                                   "child:PackingWorkflow|result[0].packed", "activity:ship|input[0]", "activity:ship|result[0].tracking"})
                                    << QStringList{} << 1;
        QTest::newRow("two more retries") << w("order-a") + w("order-busy") << true
                                          << strings({"workflow|result[0].stock", "activity:reserve_stock|attempts",
                                                         "activity:reserve_stock|lastFailure[0].message", "activity:reserve_stock|result[0]",
                                                         "child:PackingWorkflow|workflowId"})
                                          << QStringList{} << 1;
        QTest::newRow("failed and completed") << w("refund-a") + w("refund-b") << true
                                              << strings({"workflow|outcome", "workflow|input[0]", "workflow|failure", "workflow|result[0]"})
                                              << QStringList{} << 1;
        QTest::newRow("identical runs") << w("pack-a") + w("pack-b") << false << QStringList{} << QStringList{} << 0;
        const QJsonArray chain = made.value(QStringLiteral("batch-c")).value(QStringLiteral("runs")).toArray();
        QTest::newRow("continue-as-new: first and second") << run("batch-c", chain[0].toString()) + run("batch-c", chain[1].toString()) << true
                                                           << strings({"workflow|input[0]", "workflow|continuedAsNew.input[0]",
                                                                          "activity:charge|input[0].amount", "activity:charge|input[0].id",
                                                                          "activity:charge|result[0].charged"})
                                                           << QStringList{} << 1;
        QTest::newRow("continue-as-new: second and last") << run("batch-c", chain[1].toString()) + run("batch-c", chain[2].toString()) << true
                                                          << strings({"workflow|outcome", "workflow|input[0]", "workflow|continuedAsNew.input[0]",
                                                                         "workflow|result[0]", "activity:charge|input[0].amount",
                                                                         "activity:charge|input[0].id", "activity:charge|result[0].charged"})
                                                          << QStringList{} << 1;
        // The reset run failed its first workflow task where it was reset; the update and signal were applied again
        // before it, so the same steps follow.
        const QJsonObject reset = made.value(QStringLiteral("order-reset"));
        QTest::newRow("reset and original") << run("order-reset", reset.value(QStringLiteral("runId")).toString())
                                                   + run("order-reset", reset.value(QStringLiteral("resetRunId")).toString())
                                            << true << QStringList{} << strings({"workflowTask"}) << 1;
    }

    void diffOfRealRuns()
    {
        QFETCH(QStringList, sides);
        QFETCH(bool, ignoreTiming);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, onlyInB);
        QFETCH(int, exitCode);
        QStringList arguments{QStringLiteral("diff"), QStringLiteral("--address"), m_plain.address, QStringLiteral("--namespace"),
                              QStringLiteral("compare"), QStringLiteral("--key"), m_plain.keyOption(), QStringLiteral("--no-keychain"),
                              QStringLiteral("-q"), QStringLiteral("-o"), QStringLiteral("json")};
        if (ignoreTiming)
            arguments << QStringLiteral("--ignore-timing");
        const auto result = cli(arguments + sides);
        QVERIFY2(result.exitCode == exitCode, result.err.constData());
        QVERIFY2(!result.err.contains("not decoded"), result.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(json.value(QStringLiteral("equal")).toBool(), exitCode == 0);
        QStringList found;
        for (const auto& difference : json.value(QStringLiteral("workflow")).toObject().value(QStringLiteral("differences")).toArray())
            found << QStringLiteral("workflow|") + difference.toObject().value(QStringLiteral("path")).toString();
        QStringList onlyB;
        for (const auto& value : json.value(QStringLiteral("steps")).toArray()) {
            const QJsonObject step = value.toObject();
            const QString status = step.value(QStringLiteral("status")).toString();
            QVERIFY2(status != QLatin1String("onlyInA"), qPrintable(step.value(QStringLiteral("key")).toString()));
            if (status == QLatin1String("onlyInB"))
                onlyB << step.value(QStringLiteral("key")).toString();
            for (const auto& difference : step.value(QStringLiteral("differences")).toArray()) {
                const QString path = difference.toObject().value(QStringLiteral("path")).toString();
                if (path != QLatin1String("order"))
                    found << step.value(QStringLiteral("key")).toString() + QLatin1Char('|') + path;
            }
        }
        found.sort();
        expected.sort();
        QCOMPARE(found, expected);
        QCOMPARE(onlyB, onlyInB);
    }

    // A pending activity's heartbeat details and last failure are encrypted; describe shows them decoded.
    void describeDecodesPendingActivities()
    {
        const auto described = cli({QStringLiteral("describe"), QStringLiteral("-w"), QStringLiteral("inspect-0042"), QStringLiteral("--address"),
                                    m_plain.address, QStringLiteral("--key"), m_plain.keyOption(), QStringLiteral("--no-keychain")});
        QVERIFY2(described.exitCode == 0, described.err.constData());
        QVERIFY2(described.out.contains("Pending activities: 1"), described.out.constData());
        QVERIFY2(described.out.contains("scan_parcel"), described.out.constData());
        QVERIFY2(described.out.contains("\"scanned\":3"), described.out.constData());
        QVERIFY2(described.out.contains("last failure  scanner jammed on parcel 3"), described.out.constData());
        QVERIFY(!described.out.contains("not decoded"));
        // What the pending attempt waits for: its retry policy allows five attempts and waits an hour between them.
        const QString out = QString::fromUtf8(described.out);
        QVERIFY2(out.contains(QStringLiteral("scheduled, attempt 2 of 5, 3 more if it fails")), described.out.constData());
        const QRegularExpression next(QStringLiteral("next attempt  (\\d{4}-\\d\\d-\\d\\dT\\S+) \\(in (\\d+)m"));
        const auto nextMatch = next.match(out);
        QVERIFY2(nextMatch.hasMatch(), described.out.constData());
        // An hour after the failure, which was when the fixture was made, minutes before this test.
        QVERIFY(nextMatch.captured(2).toInt() >= 20 && nextMatch.captured(2).toInt() <= 59);
        QVERIFY2(out.contains(QStringLiteral("retry after   1h 0m")), described.out.constData());
        // Between attempts the server keeps the last heartbeat's time (it forgets when and where the attempt started).
        QVERIFY2(QRegularExpression(QStringLiteral("heartbeat at  \\S+ \\(.* ago\\)")).match(out).hasMatch(), described.out.constData());
    }

    // Who serves a workflow: a running one whose task queue nobody polls is warned of first; a worker that polls is
    // named with when it last polled.
    void describeNamesTheWorkersOfItsQueues()
    {
        const auto stranded = cli({QStringLiteral("describe"), QStringLiteral("-w"), QStringLiteral("stranded-0042"), QStringLiteral("--address"),
                                   m_plain.address, QStringLiteral("--no-keychain")});
        QVERIFY2(stranded.exitCode == 0, stranded.err.constData());
        const QString strandedOut = QString::fromUtf8(stranded.out);
        QVERIFY2(strandedOut.startsWith(QStringLiteral("Warning: No worker has polled task queue “nobody-polls-this” for workflow tasks "
                                                         "lately: this workflow cannot make progress until one does.")),
                 stranded.out.constData());
        QVERIFY(strandedOut.contains(QStringLiteral("  nobody-polls-this (workflow tasks): no poller lately")));

        // A worker a developer runs, under a known identity, for as long as the test needs it.
        QProcess worker;
        worker.setProcessEnvironment(environment());
        worker.start(m_plain.python, {QStringLiteral(HL_TOOLS_DIR "/frontend_histories.py"), QStringLiteral("serve"), m_plain.address,
                                      QStringLiteral("4242@workbench-7"), QStringLiteral("60")});
        QVERIFY(worker.waitForStarted(10000));
        QString out;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            const auto described = cli({QStringLiteral("describe"), QStringLiteral("-w"), QStringLiteral("inspect-0042"), QStringLiteral("--address"),
                                        m_plain.address, QStringLiteral("--key"), m_plain.keyOption(), QStringLiteral("--no-keychain")});
            QVERIFY2(described.exitCode == 0, described.err.constData());
            out = QString::fromUtf8(described.out);
            if (out.contains(QStringLiteral("4242@workbench-7")))
                break;
            QTest::qWait(500);
        }
        QVERIFY2(!out.startsWith(QStringLiteral("Warning:")), qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\n  historylens-tests \\(workflow tasks\\): \\d+ pollers?\\n")).match(out).hasMatch(), qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\n    4242@workbench-7  last polled \\S+ \\(.* ago\\)")).match(out).hasMatch(), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("historylens-tests (activity tasks)")));

        // While the worker runs, it answers where a workflow blocked on a signal waits. The answer is encrypted by the
        // worker's codec and shown decoded, a frame a line. (The Python SDK lists each asyncio task with its outermost
        // frame only, so the workflow's own task is named, not the line inside it.)
        const auto stack = cli({QStringLiteral("stack"), QStringLiteral("-w"), QStringLiteral("approval-0042"), QStringLiteral("--address"),
                                m_plain.address, QStringLiteral("--key"), m_plain.keyOption(), QStringLiteral("--no-keychain")});
        QVERIFY2(stack.exitCode == 0, stack.err.constData());
        QVERIFY2(stack.out.contains("Stack for <Task pending name='run (workflow: ApprovalWorkflow, id: approval-0042"), stack.out.constData());
        QVERIFY2(stack.out.contains("\n  File \"") && stack.out.contains(", in _run_top_level_workflow_function\n"), stack.out.constData());
        // Without its key, the answer cannot be read, and says why.
        const auto locked = cli({QStringLiteral("stack"), QStringLiteral("-w"), QStringLiteral("approval-0042"), QStringLiteral("--address"),
                                 m_plain.address, QStringLiteral("--no-keychain")});
        QVERIFY2(locked.out.contains("decodeError") && !locked.out.contains("Stack for"), locked.out.constData());

        // What the worker handles, with the descriptions its code gives.
        const QStringList target{QStringLiteral("-w"), QStringLiteral("approval-0042"), QStringLiteral("--address"), m_plain.address,
                                 QStringLiteral("--no-keychain")};
        const auto listed = cli(QStringList{QStringLiteral("query"), QStringLiteral("--list"), QStringLiteral("--key"), m_plain.keyOption()} + target);
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        QVERIFY2(QRegularExpression(QStringLiteral("\\n  status +Who may approve, and whether anyone has\\.\\n")).match(QString::fromUtf8(listed.out)).hasMatch(),
                 listed.out.constData());
        QVERIFY(listed.out.contains("Signals:\n  approve  Approve the order; the workflow then completes.\n"));
        QVERIFY(listed.out.contains("  __stack_trace\n"));
        // A query with an argument: encrypted with the key given (this worker refuses anything in the clear), the
        // answer encrypted by the worker and read here.
        const auto asked = cli(QStringList{QStringLiteral("query"), QStringLiteral("--name"), QStringLiteral("status"), QStringLiteral("--input"),
                                           QStringLiteral("\"sam@example.com\""), QStringLiteral("-o"), QStringLiteral("json"),
                                           QStringLiteral("--key"), m_plain.keyOption()} + target);
        QVERIFY2(asked.exitCode == 0, asked.err.constData());
        const QJsonArray answer = QJsonDocument::fromJson(asked.out).array();
        QCOMPARE(answer.size(), 1);
        QCOMPARE(answer[0][QStringLiteral("askedBy")].toString(), QStringLiteral("sam@example.com"));
        QCOMPARE(answer[0][QStringLiteral("approved")].toBool(), false);
        // In the clear, the worker's codec refuses it, and the worker's failure is what is said.
        // The worker's reason comes encrypted by its failure converter: read with the key, named as such without it.
        const auto plain = cli(QStringList{QStringLiteral("query"), QStringLiteral("--name"), QStringLiteral("status"), QStringLiteral("--input"),
                                           QStringLiteral("\"sam\""), QStringLiteral("--plain-input"), QStringLiteral("--key"), m_plain.keyOption()}
                               + target);
        QCOMPARE(plain.exitCode, 1);
        QVERIFY2(plain.err.contains("the worker failed the query: this worker reads only encrypted payloads"), plain.err.constData());
        const auto plainLocked = cli(QStringList{QStringLiteral("query"), QStringLiteral("--name"), QStringLiteral("status"), QStringLiteral("--input"),
                                                 QStringLiteral("\"sam\""), QStringLiteral("--plain-input")} + target);
        QCOMPARE(plainLocked.exitCode, 1);
        QVERIFY2(plainLocked.err.contains("the worker failed the query: Encoded failure (its reason is encrypted"), plainLocked.err.constData());
        // Without a key, a Codec Server or --plain-input, nothing is sent.
        const auto unencoded = cli(QStringList{QStringLiteral("query"), QStringLiteral("--name"), QStringLiteral("status"), QStringLiteral("--input"),
                                               QStringLiteral("\"sam\"")} + target);
        QCOMPARE(unencoded.exitCode, 2);
        QVERIFY2(unencoded.err.contains("would reach the worker unencoded"), unencoded.err.constData());
        worker.kill();
        worker.waitForFinished(5000);
    }

    // A three-level family made by real workers (two regions, their depots, a continue-as-new chain, a depot that
    // fails twice under its retry policy and fails its region): every node, run and status, the failures decoded.
    void traceOfAFamily()
    {
        const QString root = m_plain.manifest.value(QStringLiteral("family")).toObject().value(QStringLiteral("workflowId")).toString();
        QCOMPARE(root, QStringLiteral("family-0042"));
        const QStringList common{QStringLiteral("--address"), m_plain.address, QStringLiteral("-n"), QStringLiteral("family"),
                                 QStringLiteral("--no-keychain")};
        const auto json = cli(QStringList{QStringLiteral("trace"), QStringLiteral("-w"), root, QStringLiteral("-o"), QStringLiteral("json"),
                                          QStringLiteral("--key"), m_plain.keyOption()} + common);
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const QJsonObject tree = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(tree.value(QStringLiteral("truncated")).toBool(), false);
        // Each node as "id type status[,status...] (failure)" with its children indented under the run that started them.
        QStringList shape;
        std::function<void(const QJsonObject&, int)> walk = [&](const QJsonObject& node, int depth) {
            QStringList statuses;
            QString failure;
            const QJsonArray runs = node.value(QStringLiteral("runs")).toArray();
            for (const auto& run : runs) {
                statuses << run.toObject().value(QStringLiteral("status")).toString();
                if (failure.isEmpty())
                    failure = run.toObject().value(QStringLiteral("failure")).toString();
            }
            shape << QString(depth * 2, QLatin1Char(' ')) + node.value(QStringLiteral("workflowId")).toString() + QLatin1Char(' ')
                    + node.value(QStringLiteral("type")).toString() + QLatin1Char(' ') + statuses.join(QLatin1Char(','))
                    + (failure.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(failure));
            for (const auto& run : runs)
                for (const auto& child : run.toObject().value(QStringLiteral("children")).toArray())
                    walk(child.toObject(), depth + 1);
        };
        walk(tree.value(QStringLiteral("root")).toObject(), 0);
        const QStringList expected{
            QStringLiteral("family-0042 FulfilmentWorkflow Completed"),
            QStringLiteral("  family-0042-eu RegionWorkflow Completed"),
            QStringLiteral("    family-0042-eu-lisbon DepotWorkflow Completed"),
            QStringLiteral("    family-0042-eu-porto DepotWorkflow Completed"),
            QStringLiteral("    family-0042-eu-batch BatchWorkflow Continued as new,Continued as new,Completed"),
            QStringLiteral("  family-0042-us RegionWorkflow Failed (region us: depot boston failed <- Child Workflow execution failed <- "
                           "no courier at depot boston)"),
            QStringLiteral("    family-0042-us-boston DepotWorkflow Failed,Failed (no courier at depot boston)"),
        };
        QCOMPARE(shape, expected);
        const QJsonArray bostonRuns = tree.value(QStringLiteral("root")).toObject()[QStringLiteral("runs")][0][QStringLiteral("children")][1]
                                          [QStringLiteral("runs")][0][QStringLiteral("children")][0][QStringLiteral("runs")].toArray();
        QCOMPARE(bostonRuns[0][QStringLiteral("retryState")].toString(), QStringLiteral("InProgress"));
        QCOMPARE(bostonRuns[1][QStringLiteral("retryState")].toString(), QStringLiteral("MaximumAttemptsReached"));

        // The temporal CLI's trace of the same family: each of its workflow nodes (status mark, id, run) is one of ours.
        const auto reference = runProcess(m_plain.temporal, {QStringLiteral("workflow"), QStringLiteral("trace"), QStringLiteral("-w"), root,
                                                             QStringLiteral("--address"), m_plain.address, QStringLiteral("-n"),
                                                             QStringLiteral("family"), QStringLiteral("--no-fold")},
                                          environment());
        QVERIFY2(reference.exitCode == 0, reference.err.constData());
        const auto text = cli(QStringList{QStringLiteral("trace"), QStringLiteral("-w"), root, QStringLiteral("--no-fold"),
                                          QStringLiteral("--key"), m_plain.keyOption()} + common);
        QVERIFY2(text.exitCode == 0, text.err.constData());
        // "╪ ✓ Type (3s)" then "wfId: X, runId: Y": (mark, type, X, Y) per workflow node.
        const auto nodesOf = [](const QByteArray& output) {
            QStringList found;
            const QStringList lines = QString::fromUtf8(output).split(QLatin1Char('\n'));
            static const QRegularExpression head(QStringLiteral("╪ (\\S+) (\\S+)"));
            static const QRegularExpression ids(QStringLiteral("wfId: ([^,]+), runId: (\\S+)"));
            for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
                const auto headMatch = head.match(lines[i]);
                const auto idMatch = ids.match(lines[i + 1]);
                if (headMatch.hasMatch() && idMatch.hasMatch())
                    found << QStringList{headMatch.captured(1), headMatch.captured(2), idMatch.captured(1), idMatch.captured(2)}.join(QLatin1Char(' '));
            }
            return found;
        };
        const QStringList theirs = nodesOf(reference.out);
        const QStringList ours = nodesOf(text.out);
        QCOMPARE(theirs.size(), 7); // each child's first run
        for (const QString& node : theirs)
            QVERIFY2(ours.contains(node), qPrintable(node + QStringLiteral(" is not in:\n") + ours.join(QLatin1Char('\n'))));
        QCOMPARE(ours.size(), 10); // and the later runs of the chain and the retried depot
        // Where they say "Encoded failure", the failure is read.
        QVERIFY(reference.out.contains("Failure: Encoded failure"));
        QVERIFY2(text.out.contains("│   │   Failure: no courier at depot boston\n"), text.out.constData());
        QVERIFY(!text.out.contains("Encoded failure"));

        // Asked about a grandchild: the same tree from the root, the run asked for marked; without the key, the
        // failures stay as stored and stderr says what would read them.
        const auto fromLeaf = cli(QStringList{QStringLiteral("trace"), QStringLiteral("-w"), QStringLiteral("family-0042-us-boston")} + common);
        QVERIFY2(fromLeaf.exitCode == 0, fromLeaf.err.constData());
        QVERIFY2(fromLeaf.out.startsWith(" ╪ ✓ FulfilmentWorkflow ("), fromLeaf.out.constData());
        QVERIFY2(fromLeaf.out.contains(", run 2 of 2)  ◀ asked\n"), fromLeaf.out.constData());
        QVERIFY(fromLeaf.out.contains("↳ execution folded")); // region eu: completed runs fold below the root by default
        QVERIFY(!fromLeaf.out.contains("family-0042-eu-lisbon"));
        QVERIFY(fromLeaf.out.contains("Failure: Encoded failure"));
        QVERIFY2(fromLeaf.err.contains("failure message(s) stay encoded"), fromLeaf.err.constData());

        // --depth 1: the regions, and no deeper.
        const auto shallow = cli(QStringList{QStringLiteral("trace"), QStringLiteral("-w"), root, QStringLiteral("--depth"), QStringLiteral("1"),
                                             QStringLiteral("--no-fold")} + common);
        QVERIFY2(shallow.exitCode == 0, shallow.err.constData());
        QCOMPARE(nodesOf(shallow.out).size(), 3);
        QCOMPARE(shallow.out.count("↳ children not fetched"), 2);
        // --limit 4: stops there and says so.
        const auto limited = cli(QStringList{QStringLiteral("trace"), QStringLiteral("-w"), root, QStringLiteral("--limit"), QStringLiteral("4"),
                                             QStringLiteral("--no-fold")} + common);
        QVERIFY2(limited.exitCode == 0, limited.err.constData());
        QVERIFY2(limited.out.contains("Stopped at 4 runs"), limited.out.constData());
        QCOMPARE(nodesOf(limited.out).size(), 4);
        QVERIFY(limited.out.contains("↳ children not fetched"));
    }

    // A worker of the Go SDK answers __stack_trace with each coroutine's frames: the stack names the line of workflow
    // code it waits on.
    void goWorkerStackNamesTheAwaitingLine()
    {
        QFile source(QStringLiteral(HL_TOOLS_DIR "/codec-server-go/approval-worker/main.go"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QList<QByteArray> sourceLines = source.readAll().split('\n');
        int awaiting = 0;
        for (int i = 0; i < sourceLines.size() && awaiting == 0; ++i)
            awaiting = sourceLines[i].contains("// blocked here until approved") ? i + 1 : 0;
        QVERIFY(awaiting > 0);
        QProcess worker;
        worker.start(QFileInfo(m_plain.python).dir().filePath(QStringLiteral("approval-worker-go")),
                     {QStringLiteral("-address"), m_plain.address, QStringLiteral("-namespace"), QStringLiteral("family"),
                      QStringLiteral("-workflow-id"), QStringLiteral("go-approval-0042"), QStringLiteral("-seconds"), QStringLiteral("60")});
        QVERIFY(worker.waitForStarted());
        QByteArray said;
        QDeadlineTimer deadline(30000);
        while (!said.contains("polling") && worker.state() == QProcess::Running && !deadline.hasExpired()) {
            worker.waitForReadyRead(200);
            said += worker.readAllStandardOutput();
        }
        QVERIFY2(said.contains("polling"), worker.readAllStandardError().constData());
        const auto stack = cli({QStringLiteral("stack"), QStringLiteral("-w"), QStringLiteral("go-approval-0042"), QStringLiteral("--address"),
                                m_plain.address, QStringLiteral("-n"), QStringLiteral("family"), QStringLiteral("--no-keychain")});
        worker.kill();
        worker.waitForFinished(5000);
        QVERIFY2(stack.exitCode == 0, stack.err.constData());
        QVERIFY2(stack.out.startsWith("coroutine root [blocked on approve.Receive]:\nmain.ApprovalWorkflow("), stack.out.constData());
        QVERIFY2(stack.out.contains(QStringLiteral("\n    historylens.test/codecservergo/approval-worker/main.go:%1 ").arg(awaiting).toUtf8()),
                 stack.out.constData());
    }

    void reverseStartsWithTheNewestEvent()
    {
        const auto result = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--reverse"),
                                 QStringLiteral("--address"), m_plain.address, QStringLiteral("--key"), m_plain.keyOption(),
                                 QStringLiteral("--no-keychain")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QList<QByteArray> lines = result.out.split('\n');
        QVERIFY(lines.size() > 3);
        QVERIFY(lines[1].contains("WorkflowExecutionCompleted") || lines[1].contains("ExecutionCompleted"));
        QVERIFY(lines[lines.size() - 2].trimmed().startsWith("1 "));
    }

    void followPrintsEventsAsTheyHappen()
    {
        QProcess follow;
        follow.setProcessEnvironment(environment());
        follow.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("watch-0042"),
                                                   QStringLiteral("--follow"), QStringLiteral("--address"), m_plain.address,
                                                   QStringLiteral("--key"), m_plain.keyOption(), QStringLiteral("--no-keychain")});
        QByteArray seen;
        auto waitFor = [&](const char* text) {
            QElapsedTimer timer;
            timer.start();
            while (!seen.contains(text) && timer.elapsed() < 30000) {
                follow.waitForReadyRead(200);
                seen += follow.readAllStandardOutput();
            }
            return seen.contains(text);
        };
        QVERIFY2(waitFor("WorkflowExecutionStarted"), seen.constData());
        for (const char* value : {"first look at the parcel", "second look at the parcel"}) {
            const auto signalled = runProcess(m_plain.python, {QStringLiteral(HL_TOOLS_DIR "/frontend_histories.py"), QStringLiteral("signal"),
                                                               m_plain.address, QStringLiteral("watch-0042"), QStringLiteral("inspect"),
                                                               QString::fromUtf8(value)},
                                              environment());
            QVERIFY2(signalled.exitCode == 0, signalled.err.constData());
            QVERIFY2(waitFor(value), seen.constData()); // decoded, as it arrived
        }
        QCOMPARE(follow.state(), QProcess::Running);
        const auto terminated = runProcess(m_plain.temporal, {QStringLiteral("workflow"), QStringLiteral("terminate"), QStringLiteral("-w"),
                                                              QStringLiteral("watch-0042"), QStringLiteral("--reason"),
                                                              QStringLiteral("inspection over"), QStringLiteral("--address"), m_plain.address},
                                           environment());
        QVERIFY2(terminated.exitCode == 0, terminated.err.constData());
        QVERIFY2(waitFor("inspection over"), seen.constData());
        QVERIFY(follow.waitForFinished(30000));
        QCOMPARE(follow.exitCode(), 0);
    }

    void pagesArriveDecodedOneByOne_data()
    {
        QTest::addColumn<QString>("server");
        QTest::newRow("history") << QStringLiteral("plain");
        QTest::newRow("raw_history") << QStringLiteral("raw");
    }

    // One event batch a page: the first events are delivered, decoded, while later pages are still to come.
    void pagesArriveDecodedOneByOne()
    {
        QFETCH(QString, server);
        const TemporalServer& peer = this->server(server);
        SessionKeyStore keys;
        auto key = KeySpec::parseAssignment(peer.keyOption());
        QVERIFY(key);
        keys.insert({SecretKind::CodecKey, key->id}, key->key);
        ConnectionSettings settings;
        settings.address = peer.address;
        FrontendHistoryJob::Options options;
        options.maximumPageSize = 1;
        FrontendHistoryJob job(settings, {QStringLiteral("order-0042"), {}}, {&keys}, options);
        QSignalSpy added(&job, &FrontendHistoryJob::eventsAdded);
        QSignalSpy finished(&job, &FrontendHistoryJob::finished);
        job.start();
        QVERIFY(finished.wait(60000));
        QVERIFY2(job.result().ok(), qPrintable(job.result().error().toString()));
        QVERIFY(added.size() > 10);
        QCOMPARE(added.first().first().toInt(), 0);
        QCOMPARE(qint64(job.history().eventCount()), job.expectedEvents());
        QCOMPARE(job.decoded()->failedCount(), 0);
        QVERIFY(job.decoded()->decodedCount() >= 15);
        QVERIFY(job.pagesReceived() > 10);
        QVERIFY(!job.workflow().runId.isEmpty());
    }

    void cancelStopsAFollow()
    {
        ConnectionSettings settings;
        settings.address = m_plain.address;
        FrontendHistoryJob::Options options;
        options.follow = true;
        // Only the running workflow blocks in the long poll; order-0042 is closed, so use a fresh running one.
        const auto started = runProcess(m_plain.temporal, {QStringLiteral("workflow"), QStringLiteral("start"), QStringLiteral("--type"),
                                                           QStringLiteral("IdleWorkflow"), QStringLiteral("-t"), QStringLiteral("nobody-polls-this"),
                                                           QStringLiteral("-w"), QStringLiteral("idle-1"), QStringLiteral("--address"),
                                                           m_plain.address},
                                        environment());
        QVERIFY2(started.exitCode == 0, started.err.constData());
        FrontendHistoryJob job(settings, {QStringLiteral("idle-1"), {}}, {}, options);
        QSignalSpy caughtUp(&job, &FrontendHistoryJob::caughtUp);
        QSignalSpy finished(&job, &FrontendHistoryJob::finished);
        job.start();
        QVERIFY(caughtUp.wait(30000));
        QVERIFY(job.isRunning());
        QElapsedTimer timer;
        timer.start();
        job.cancel();
        QVERIFY(finished.wait(5000));
        QVERIFY(timer.elapsed() < 2000);
        QCOMPARE(job.result().error().code, ErrorCode::Cancelled);
        QVERIFY(job.history().eventCount() >= 2); // what arrived stays
    }

    void errorsSayWhatToDo()
    {
        // A port nothing listens on.
        const auto dead = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("x"), QStringLiteral("--address"),
                               QStringLiteral("127.0.0.1:1")});
        QCOMPARE(dead.exitCode, 1);
        QVERIFY2(dead.err.contains("cannot reach a Temporal server at 127.0.0.1:1: is one running there?"), dead.err.constData());

        const auto noWorkflow = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("no-such-order"), QStringLiteral("--address"),
                                     m_plain.address});
        QCOMPARE(noWorkflow.exitCode, 1);
        QVERIFY2(noWorkflow.err.contains("no workflow no-such-order in namespace default"), noWorkflow.err.constData());

        const auto noRun = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("-r"),
                                QStringLiteral("00000000-0000-0000-0000-000000000000"), QStringLiteral("--address"), m_plain.address});
        QCOMPARE(noRun.exitCode, 1);
        QVERIFY2(noRun.err.contains("no run 00000000-0000-0000-0000-000000000000 of workflow order-0042"), noRun.err.constData());

        const auto noNamespace = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("-n"),
                                      QStringLiteral("no-such-namespace"), QStringLiteral("--address"), m_plain.address});
        QCOMPARE(noNamespace.exitCode, 1);
        QVERIFY2(noNamespace.err.contains("namespace no-such-namespace does not exist"), noNamespace.err.constData());

        // TLS against the plaintext dev server: named, not a hang.
        const auto tls = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--tls"),
                              QStringLiteral("--address"), m_plain.address});
        QCOMPARE(tls.exitCode, 1);
        QVERIFY2(tls.err.contains(m_plain.address.toUtf8()), tls.err.constData());

        const auto usage = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("x"), QStringLiteral("--follow"),
                                QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(usage.exitCode, 2);
    }

    void tls_data()
    {
        const QString pem = QStringLiteral(HL_TEMPORAL_DIR "/tls/");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("expected"); // empty: the history loads
        QTest::newRow("CA given") << QStringLiteral("localhost:TLS_PORT") << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("ca.pem")}
                                  << QString();
        QTest::newRow("no CA") << QStringLiteral("localhost:TLS_PORT") << QStringList{QStringLiteral("--tls")}
                               << QStringLiteral("not signed by a CA HistoryLens trusts");
        QTest::newRow("another CA") << QStringLiteral("localhost:TLS_PORT")
                                    << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("other-ca.pem")}
                                    << QStringLiteral("not signed by a CA HistoryLens trusts");
        QTest::newRow("name mismatch") << QStringLiteral("127.0.0.1:WRONG_NAME_PORT")
                                       << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("ca.pem")}
                                       << QStringLiteral("certificate is for wrong.example, not 127.0.0.1");
        QTest::newRow("server name given") << QStringLiteral("127.0.0.1:WRONG_NAME_PORT")
                                           << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("ca.pem"),
                                                          QStringLiteral("--tls-server-name"), QStringLiteral("wrong.example")}
                                           << QString();
        QTest::newRow("expired") << QStringLiteral("localhost:EXPIRED_PORT") << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("ca.pem")}
                                 << QStringLiteral("certificate expired on 2020-02-01");
        QTest::newRow("mTLS without a certificate")
            << QStringLiteral("localhost:MTLS_PORT") << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("ca.pem")}
            << QStringLiteral("wants a client certificate");
        QTest::newRow("mTLS") << QStringLiteral("localhost:MTLS_PORT")
                              << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("ca.pem"), QStringLiteral("--tls-cert-path"),
                                             pem + QStringLiteral("client.pem"), QStringLiteral("--tls-key-path"), pem + QStringLiteral("client.key")}
                              << QString();
        QTest::newRow("mTLS, encrypted key without its passphrase")
            << QStringLiteral("localhost:MTLS_PORT")
            << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("ca.pem"), QStringLiteral("--tls-cert-path"),
                           pem + QStringLiteral("client.pem"), QStringLiteral("--tls-key-path"), pem + QStringLiteral("client-encrypted.key")}
            << QStringLiteral("the client key is encrypted: give its passphrase");
        QTest::newRow("API key rejected") << QStringLiteral("localhost:APIKEY_PORT")
                                          << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("ca.pem"), QStringLiteral("--api-key"),
                                                         QStringLiteral("not-the-key")}
                                          << QStringLiteral("the API key was rejected");
        QTest::newRow("API key") << QStringLiteral("localhost:APIKEY_PORT")
                                 << QStringList{QStringLiteral("--tls-ca-path"), pem + QStringLiteral("ca.pem"), QStringLiteral("--api-key"),
                                                QStringLiteral("test-api-key")}
                                 << QString();
        QTest::newRow("plaintext to TLS") << QStringLiteral("localhost:TLS_PORT") << QStringList{} << QStringLiteral("does it need TLS (--tls)?");
    }

    // Through nginx in front of the dev server: TLS, mTLS and API keys work, and each refusal names its reason.
    void tls()
    {
        QFETCH(QString, address);
        QFETCH(QStringList, options);
        QFETCH(QString, expected);
        for (auto it = m_proxy.constBegin(); it != m_proxy.constEnd(); ++it)
            address.replace(it.key(), it.value());
        const auto result = cli(QStringList{QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--address"),
                                            address, QStringLiteral("--key"), m_plain.keyOption(), QStringLiteral("--no-keychain"),
                                            QStringLiteral("--strict"), QStringLiteral("--command-timeout"), QStringLiteral("20s")}
                                + options);
        if (expected.isEmpty()) {
            QVERIFY2(result.exitCode == 0, result.err.constData());
            QVERIFY(result.out.contains("LAMP-7"));
        } else {
            QCOMPARE(result.exitCode, 1);
            QVERIFY2(result.err.contains(expected.toUtf8()), result.err.constData());
        }
    }

    // What the proxy saw: temporal-namespace on namespaced calls only, and the API key as a bearer token.
    void metadataOnTheWire()
    {
        QFile log(QStringLiteral(HL_TEMPORAL_DIR "/tls/access.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QString port = m_proxy.value(QStringLiteral("APIKEY_PORT"));
        bool sawHistory = false;
        for (const QByteArray& line : log.readAll().split('\n')) {
            if (!line.startsWith(QByteArray(port.toUtf8() + ' ')))
                continue;
            if (line.contains("/GetSystemInfo"))
                QVERIFY2(line.contains("ns=-"), line.constData());
            if (line.contains("/GetWorkflowExecutionHistory")) {
                sawHistory = true;
                QVERIFY2(line.contains("ns=default auth=yes"), line.constData());
            }
        }
        QVERIFY(sawHistory);
    }

    // A TOML profile with PEM data and an API key: TLS comes on by itself, as in the SDKs.
    void profileWithTlsDataAndApiKey()
    {
        QFile ca(QStringLiteral(HL_TEMPORAL_DIR "/tls/ca.pem"));
        QVERIFY(ca.open(QIODevice::ReadOnly));
        const QString toml = m_home.path() + QStringLiteral("/cloudlike.toml");
        QFile file(toml);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("[profile.cloudlike]\naddress = \"localhost:%1\"\napi_key = \"test-api-key\"\n"
                                  "[profile.cloudlike.tls]\nserver_ca_cert_data = \"\"\"\n%2\"\"\"\n")
                       .arg(m_proxy.value(QStringLiteral("APIKEY_PORT")), QString::fromUtf8(ca.readAll()))
                       .toUtf8());
        file.close();
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"), toml);
        env.insert(QStringLiteral("TEMPORAL_PROFILE"), QStringLiteral("cloudlike"));
        const auto result = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--key"),
                                 m_plain.keyOption(), QStringLiteral("--no-keychain"), QStringLiteral("--strict")},
                                env);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        // The API key from the environment wins over the file's.
        env.insert(QStringLiteral("TEMPORAL_API_KEY"), QStringLiteral("not-the-key"));
        QVERIFY(cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--no-keychain")}, env)
                    .err.contains("API key was rejected"));
    }

    void misbehavingServer_data()
    {
        QTest::addColumn<QString>("workflow");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("permission denied") << QStringLiteral("denied") << 1 << QStringLiteral("not allowed to call DescribeWorkflowExecution in namespace default");
        QTest::newRow("never answers") << QStringLiteral("silent") << 1 << QStringLiteral("did not answer GetWorkflowExecutionHistory in time");
        QTest::newRow("garbage page") << QStringLiteral("garbage") << 1 << QStringLiteral("history page 1: byte 0:");
        QTest::newRow("damaged event") << QStringLiteral("damaged") << 0 << QStringLiteral("event #3 (id 3), field TaskQueue.name: in history page 2");
        QTest::newRow("empty pages with tokens") << QStringLiteral("empty-pages") << 0 << QString();
        QTest::newRow("fails after a page") << QStringLiteral("breaks") << 1 << QStringLiteral("2 of 3 events were read before this");
    }

    // No crash, no hang past the deadline, and the message names what and where.
    void misbehavingServer()
    {
        QFETCH(QString, workflow);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        QElapsedTimer timer;
        timer.start();
        const auto result = cli({QStringLiteral("show"), QStringLiteral("-w"), workflow, QStringLiteral("--address"), m_fake,
                                 QStringLiteral("--no-keychain"), QStringLiteral("--command-timeout"), QStringLiteral("2s")});
        QVERIFY(timer.elapsed() < 15000);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(expected.toUtf8()), result.err.constData());
        if (exitCode == 0)
            QVERIFY(result.out.contains("Events:   3"));
    }

    void hostileFrontend_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");
        const QStringList show{QStringLiteral("show"), QStringLiteral("--no-keychain"), QStringLiteral("-w")};
        QTest::newRow("a repeated page token") << show + QStringList{QStringLiteral("repeat-token")} << 1
                                               << QStringLiteral("a page token it had already sent (answer 2)");
        QTest::newRow("endless empty pages") << show + QStringList{QStringLiteral("endless-empty")} << 1
                                             << QStringLiteral("32 empty answers in a row");
        QTest::newRow("endless pages of events")
            << show + QStringList{QStringLiteral("endless-events"), QStringLiteral("--max-events"), QStringLiteral("5000")} << 1
            << QStringLiteral("more than 5000 events for one history (answer 6)");
        QTest::newRow("endless pages of events, newest first")
            << show + QStringList{QStringLiteral("endless-events"), QStringLiteral("--reverse"), QStringLiteral("--max-events"),
                                  QStringLiteral("5000")}
            << 1 << QStringLiteral("more than 5000 events for one history (answer 6)");
        QTest::newRow("an endless listing") << QStringList{QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("0")} << 1
                                            << QStringLiteral("more than 1005 executions, past the 5 it counted");
    }

    // A frontend that would keep a client paging for ever is stopped, in bounded time and memory, with what it sent.
    void hostileFrontend()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        QElapsedTimer timer;
        timer.start();
        const auto result = cli(arguments + QStringList{QStringLiteral("--address"), m_fake, QStringLiteral("--command-timeout"),
                                                        QStringLiteral("5s")});
        QVERIFY2(timer.elapsed() < 60000, "the paging was not stopped in time");
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(expected.toUtf8()), result.err.constData());
        QVERIFY2(!result.out.contains('\x1b') && !result.err.contains('\x1b'), "a terminal escape reached the output");
    }

    // Names from the server that hold terminal escapes and line breaks are printed escaped, on one line each.
    void terminalInjectionFromAFrontend()
    {
        const auto shown = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("injected"), QStringLiteral("--address"),
                                m_fake, QStringLiteral("--no-keychain")});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(!shown.out.contains('\x1b') && !shown.out.contains('\r') && !shown.out.contains('\x07'), shown.out.constData());
        QVERIFY2(!shown.out.contains("\n99  "), "a forged event line was printed");
        QVERIFY2(shown.out.contains("Evil\\e[2J\\e]0;pwned\\x07Type\\r\\n99"), shown.out.constData());
        const auto followed = cli({QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("injected"), QStringLiteral("--follow"),
                                   QStringLiteral("--address"), m_fake, QStringLiteral("--no-keychain")});
        QCOMPARE(followed.exitCode, 0);
        QVERIFY2(!followed.out.contains('\x1b') && !followed.out.contains("\n99  "), followed.out.constData());
        const auto listed = cli({QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("3"), QStringLiteral("--address"),
                                 m_fake});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(!listed.out.contains('\x1b') && !listed.out.contains("\n99  "), listed.out.constData());
        QCOMPARE(listed.out.count('\n'), 4); // the header and three rows
    }

    void profilesAndVariables()
    {
        const QString configDir = m_home.path() + QStringLiteral("/.config/temporalio");
        QVERIFY(QDir().mkpath(configDir));
        QFile toml(configDir + QStringLiteral("/temporal.toml"));
        QVERIFY(toml.open(QIODevice::WriteOnly));
        toml.write(QStringLiteral("[profile.default]\naddress = \"127.0.0.1:1\"\n\n[profile.tests]\naddress = \"%1\"\nnamespace = \"default\"\n")
                       .arg(m_plain.address)
                       .toUtf8());
        toml.close();
        const QStringList show{QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--key"),
                               m_plain.keyOption(), QStringLiteral("--no-keychain"), QStringLiteral("--strict")};

        auto byProfile = cli(show + QStringList{QStringLiteral("--profile"), QStringLiteral("tests")});
        QVERIFY2(byProfile.exitCode == 0, byProfile.err.constData());

        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("TEMPORAL_PROFILE"), QStringLiteral("tests"));
        QCOMPARE(cli(show, env).exitCode, 0);

        // TEMPORAL_ADDRESS is stronger than the file; a flag is stronger than both.
        env = environment();
        env.insert(QStringLiteral("TEMPORAL_ADDRESS"), m_plain.address);
        QCOMPARE(cli(show, env).exitCode, 0);
        QCOMPARE(cli(show + QStringList{QStringLiteral("--address"), QStringLiteral("127.0.0.1:1")}, env).exitCode, 1);
        QCOMPARE(cli(show).exitCode, 1); // the default profile points at a dead port

        const auto missing = cli(show + QStringList{QStringLiteral("--profile"), QStringLiteral("nope")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("no profile `nope`"), missing.err.constData());
        QVERIFY(toml.remove());
    }
};

QTEST_GUILESS_MAIN(FrontendTest)
#include "tst_frontend.moc"
