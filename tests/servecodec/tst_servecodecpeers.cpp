#include "codecserver/testcodecservers.h"
#include "frontend/temporalpeers.h"
#include "servecodec/servecodechttp.h"
#include "support/testpaths.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace hl;

namespace {

struct Ran {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Ran run(const QString& program, const QStringList& arguments, const QProcessEnvironment& environment, int timeoutMs = 120000)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Ran ran;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        ran.err = "timed out: " + program.toUtf8();
        return ran;
    }
    ran.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    ran.out = process.readAllStandardOutput();
    ran.err = process.readAllStandardError();
    return ran;
}

// Every Payload object in a protojson document: objects with a `metadata.encoding`.
void collectPayloads(const QJsonValue& value, QList<QJsonObject>* out)
{
    if (value.isArray()) {
        for (const QJsonValue& entry : value.toArray())
            collectPayloads(entry, out);
        return;
    }
    if (!value.isObject())
        return;
    const QJsonObject object = value.toObject();
    if (object[QLatin1String("metadata")].toObject().contains(QLatin1String("encoding"))) {
        out->append(object);
        return;
    }
    for (const QJsonValue& entry : object)
        collectPayloads(entry, out);
}

QByteArray field(const QJsonObject& payload, const char* name)
{
    return QByteArray::fromBase64(payload[QLatin1String("metadata")].toObject()[QLatin1String(name)].toString().toLatin1());
}

QByteArray data(const QJsonObject& payload)
{
    return QByteArray::fromBase64(payload[QLatin1String("data")].toString().toLatin1());
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

// serve-codec with its real clients: the temporal CLI (show decodes histories that real encrypted Python SDK workers
// made on the dev server; start encodes its input through /encode) and the Temporal Web UI in Debian's chromium,
// driven by playwright-core.
class TestServeCodecPeers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void temporalShowDecodes_data();
    void temporalShowDecodes();
    void temporalStartEncodes();
    void webUiShowsDecodedInput();

private:
    QProcessEnvironment temporalEnvironment() const;
    QString startServeCodec(const QString& name, const QStringList& extra);

    test::TemporalServer m_temporal;
    test::TestCodecServers m_codecPeers;
    QTemporaryDir m_dir;
    QList<QProcess*> m_servers;
};

void TestServeCodecPeers::initTestCase()
{
    QVERIFY2(m_temporal.load(QStringLiteral(HL_TEMPORAL_DIR "/plain")), "the temporal fixture did not run");
    QVERIFY2(m_codecPeers.load(), "the codec_servers fixture did not run");
    QVERIFY(m_dir.isValid());
}

void TestServeCodecPeers::cleanupTestCase()
{
    for (QProcess* server : std::as_const(m_servers)) {
        server->terminate();
        server->waitForFinished(10000);
        delete server;
    }
    run(QStringLiteral("bash"), {QStringLiteral(HL_TOOLS_DIR "/temporal-devserver.sh"), QStringLiteral("stop"), m_dir.filePath(QStringLiteral("webui"))},
        QProcessEnvironment::systemEnvironment());
}

QProcessEnvironment TestServeCodecPeers::temporalEnvironment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_temporal.home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_temporal.home + QStringLiteral("/.config"));
    environment.insert(QStringLiteral("TEMPORAL_VERSION_CHECK_DISABLED"), QStringLiteral("1"));
    environment.remove(QStringLiteral("TEMPORAL_CODEC_ENDPOINT"));
    return environment;
}

// historylens-cli serve-codec on a free port with the workers' key; returns its URL.
QString TestServeCodecPeers::startServeCodec(const QString& name, const QStringList& extra)
{
    const QString portFile = m_dir.filePath(name + QStringLiteral(".port"));
    auto* server = new QProcess;
    server->setStandardErrorFile(m_dir.filePath(name + QStringLiteral(".log")));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
    server->setProcessEnvironment(environment);
    server->start(QStringLiteral(HL_CLI_PATH), QStringList{QStringLiteral("serve-codec"), QStringLiteral("--listen"),
                                                           QStringLiteral("127.0.0.1:0"), QStringLiteral("--port-file"), portFile,
                                                           QStringLiteral("--no-keychain"), QStringLiteral("--key"),
                                                           m_temporal.keyOption()}
                                                   + extra);
    m_servers.append(server);
    for (int i = 0; i < 100 && !QFile::exists(portFile); ++i)
        QTest::qWait(100);
    QFile port(portFile);
    if (!port.open(QIODevice::ReadOnly))
        return {};
    return QStringLiteral("http://127.0.0.1:%1").arg(QString::fromUtf8(port.readAll()).trimmed());
}

void TestServeCodecPeers::temporalShowDecodes_data()
{
    QTest::addColumn<QString>("workflowId");
    QTest::addColumn<QString>("endpointSuffix");
    QTest::addColumn<QByteArray>("decodedText");
    QTest::newRow("order") << QStringLiteral("order-0042") << QString() << QByteArray("LAMP-7");
    QTest::newRow("order, {namespace} in the endpoint") << QStringLiteral("order-0042") << QStringLiteral("/{namespace}")
                                                        << QByteArray("maria@example.com");
    QTest::newRow("failed refund (encoded failure attributes)") << QStringLiteral("refund-0042") << QString() << QByteArray("stack_trace");
}

// `temporal workflow show --codec-endpoint`: every payload the workers encrypted comes back decoded.
void TestServeCodecPeers::temporalShowDecodes()
{
    QFETCH(QString, workflowId);
    QFETCH(QString, endpointSuffix);
    QFETCH(QByteArray, decodedText);
    static QString url;
    if (url.isEmpty())
        url = startServeCodec(QStringLiteral("show"), {});
    QVERIFY(!url.isEmpty());
    const QStringList show{QStringLiteral("workflow"), QStringLiteral("show"), QStringLiteral("--address"), m_temporal.address,
                           QStringLiteral("-w"), workflowId, QStringLiteral("-o"), QStringLiteral("json")};
    const Ran raw = run(m_temporal.temporal, show, temporalEnvironment());
    QVERIFY2(raw.exitCode == 0, raw.err.constData());
    const Ran decoded = run(m_temporal.temporal, show + QStringList{QStringLiteral("--codec-endpoint"), url + endpointSuffix},
                            temporalEnvironment());
    QVERIFY2(decoded.exitCode == 0, decoded.err.constData());

    QList<QJsonObject> rawPayloads, decodedPayloads;
    collectPayloads(QJsonDocument::fromJson(raw.out).object(), &rawPayloads);
    collectPayloads(QJsonDocument::fromJson(decoded.out).object(), &decodedPayloads);
    QCOMPARE(decodedPayloads.size(), rawPayloads.size());
    int encrypted = 0;
    bool found = false;
    for (int i = 0; i < rawPayloads.size(); ++i) {
        if (field(rawPayloads[i], "encoding") == "binary/encrypted") {
            ++encrypted;
            QCOMPARE(field(decodedPayloads[i], "encoding"), QByteArray("json/plain"));
        }
        found = found || data(decodedPayloads[i]).contains(decodedText);
    }
    QVERIFY(encrypted >= 3);
    QVERIFY2(found, decodedText.constData());
}

// `temporal workflow start --input` encodes through /encode: the history holds binary/encrypted input that
// historylens-cli (with the key) and the Python SDK's codec (the codec_servers fixture) both decode.
void TestServeCodecPeers::temporalStartEncodes()
{
    const QString url = startServeCodec(QStringLiteral("encode"), {QStringLiteral("--encode-key"), QStringLiteral("test-key-id")});
    QVERIFY(!url.isEmpty());
    const QString workflowId = QStringLiteral("encoded-start-%1").arg(QDateTime::currentMSecsSinceEpoch());
    const QByteArray input = R"({"greeting":"encoded by serve-codec","n":42})";
    const Ran started = run(m_temporal.temporal,
                            {QStringLiteral("workflow"), QStringLiteral("start"), QStringLiteral("--address"), m_temporal.address,
                             QStringLiteral("--type"), QStringLiteral("Greeting"), QStringLiteral("-t"), QStringLiteral("nobody-polls-this"),
                             QStringLiteral("-w"), workflowId, QStringLiteral("--input"), QString::fromUtf8(input),
                             QStringLiteral("--codec-endpoint"), url},
                            temporalEnvironment());
    QVERIFY2(started.exitCode == 0, started.err.constData());

    const Ran raw = run(m_temporal.temporal, {QStringLiteral("workflow"), QStringLiteral("show"), QStringLiteral("--address"),
                                              m_temporal.address, QStringLiteral("-w"), workflowId, QStringLiteral("-o"), QStringLiteral("json")},
                        temporalEnvironment());
    QVERIFY2(raw.exitCode == 0, raw.err.constData());
    QList<QJsonObject> payloads;
    collectPayloads(QJsonDocument::fromJson(raw.out).object(), &payloads);
    QVERIFY(!payloads.isEmpty());
    const QJsonObject stored = payloads.front();
    QCOMPARE(field(stored, "encoding"), QByteArray("binary/encrypted"));
    QCOMPARE(field(stored, "encryption-key-id"), QByteArray("test-key-id"));
    QVERIFY(!data(stored).contains("serve-codec"));

    // The Python SDK's codec.
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("payloads"), QJsonArray{stored}}}).toJson(QJsonDocument::Compact);
    const auto python = test::postJson(m_codecPeers.python + QStringLiteral("/decode"), body, {{"X-Namespace", "default"}});
    QCOMPARE(python.status, 200);
    const QJsonObject back = python.payloads().first().toObject();
    QCOMPARE(field(back, "encoding"), QByteArray("json/plain"));
    QCOMPARE(QJsonDocument::fromJson(data(back)), QJsonDocument::fromJson(input));

    // HistoryLens itself, from the frontend, with the key.
    QProcessEnvironment environment = temporalEnvironment();
    const Ran shown = run(QStringLiteral(HL_CLI_PATH),
                          {QStringLiteral("show"), QStringLiteral("-w"), workflowId, QStringLiteral("--address"), m_temporal.address,
                           QStringLiteral("--no-keychain"), QStringLiteral("--key"), m_temporal.keyOption(), QStringLiteral("-o"),
                           QStringLiteral("readable")},
                          environment);
    QVERIFY2(shown.exitCode == 0, shown.err.constData());
    QVERIFY2(shown.out.contains("encoded by serve-codec"), shown.out.left(2000).constData());
}

// The real Web UI (`temporal server start-dev --ui-codec-endpoint`) in a real browser: its workflow page shows the
// input decoded by serve-codec, across origins (CORS preflight and all).
void TestServeCodecPeers::webUiShowsDecodedInput()
{
    const quint16 uiPort = freePort();
    const QString origin = QStringLiteral("http://127.0.0.1:%1").arg(uiPort);
    const QString url = startServeCodec(QStringLiteral("webui"), {QStringLiteral("--origin"), origin});
    QVERIFY(!url.isEmpty());
    const QString devDir = m_dir.filePath(QStringLiteral("webui"));
    const Ran dev = run(QStringLiteral("bash"),
                        {QStringLiteral(HL_TOOLS_DIR "/temporal-devserver.sh"), QStringLiteral("start"), devDir, QStringLiteral("--bare"),
                         QStringLiteral("--ui"), QString::number(uiPort), QStringLiteral("--ui-codec-endpoint"), url,
                         QStringLiteral("--ui-disable-news-fetch")},
                        QProcessEnvironment::systemEnvironment(), 180000);
    QVERIFY2(dev.exitCode == 0, dev.err.constData());
    const auto env = test::readEnvFile(devDir + QStringLiteral("/server.env"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), env.value(QStringLiteral("HOME")));
    environment.insert(QStringLiteral("TEMPORAL_VERSION_CHECK_DISABLED"), QStringLiteral("1"));
    const QString temporal = env.value(QStringLiteral("TEMPORAL"));
    const QString address = env.value(QStringLiteral("ADDRESS"));
    const Ran started = run(temporal,
                            {QStringLiteral("workflow"), QStringLiteral("start"), QStringLiteral("--address"), address,
                             QStringLiteral("--type"), QStringLiteral("Greeting"), QStringLiteral("-t"), QStringLiteral("nobody-polls-this"),
                             QStringLiteral("-w"), QStringLiteral("webui-greeting"), QStringLiteral("--input"),
                             QStringLiteral(R"({"greeting":"decoded for the Web UI by HistoryLens"})"),
                             QStringLiteral("--codec-endpoint"), url, QStringLiteral("-o"), QStringLiteral("json")},
                            environment);
    QVERIFY2(started.exitCode == 0, started.err.constData());
    const QString runId = QJsonDocument::fromJson(started.out).object()[QLatin1String("runId")].toString();
    QVERIFY2(!runId.isEmpty(), started.out.constData());

    const QString venvPython = env.value(QStringLiteral("PYTHON"));
    QProcessEnvironment browser = QProcessEnvironment::systemEnvironment();
    browser.insert(QStringLiteral("HL_WEBUI_DIR"), QFileInfo(venvPython).dir().absoluteFilePath(QStringLiteral("../webui")));
    const QString screenshot = QStringLiteral(HL_TEST_OUTPUT_DIR "/webui-decoded.png");
    QDir().mkpath(QFileInfo(screenshot).path());
    const QString page = QStringLiteral("http://127.0.0.1:%1/namespaces/default/workflows/webui-greeting/%2/history").arg(uiPort).arg(runId);
    const Ran checked = run(QStringLiteral("node"),
                            {QStringLiteral(HL_TOOLS_DIR "/webui/check-decoded.mjs"), page,
                             QStringLiteral("decoded for the Web UI by HistoryLens"), screenshot},
                            browser, 240000);
    QVERIFY2(checked.exitCode == 0, checked.err.constData());
    const QJsonObject result = QJsonDocument::fromJson(checked.out).object();
    QVERIFY2(result[QLatin1String("found")].toBool(), checked.out.constData());
    QVERIFY(QFile::exists(screenshot));
    bool decodeRequest = false;
    for (const QJsonValue& request : result[QLatin1String("codecRequests")].toArray())
        decodeRequest = decodeRequest || request.toString().startsWith(QStringLiteral("POST ") + url + QStringLiteral("/decode"));
    QVERIFY2(decodeRequest, checked.out.constData());
    QFile log(m_dir.filePath(QStringLiteral("webui.log")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray lines = log.readAll();
    QVERIFY2(lines.contains(QByteArray("OPTIONS /decode origin=" + origin.toUtf8() + " -> 204 preflight")), lines.constData());
    QVERIFY2(lines.contains(QByteArray("POST /decode origin=" + origin.toUtf8() + " namespace=default")), lines.constData());
}

QTEST_GUILESS_MAIN(TestServeCodecPeers)
#include "tst_servecodecpeers.moc"
