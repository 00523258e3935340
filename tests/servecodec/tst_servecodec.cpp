#ifndef Q_MOC_RUN
#include "codec/codecchain.h"
#include "codecserver/payloadsjson.h"
#include "format/historyreader.h"
#include "keys/keydirectory.h"
#include "keys/keyspec.h"
#include "servecodec/codechttpserver.h"
#include "servecodec/codecmetrics.h"
#include "servecodec/jwkssource.h"
#include "support/codecvectors.h"
#include "support/historyevents.h"
#include "support/testpaths.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#endif

#include "codecserver/testcodecservers.h"
#include "servecodec/servecodechttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

#include <mutex>
#include <thread>

using namespace hl;
using temporal::api::common::v1::Payload;

namespace {

QByteArray body(const std::vector<const Payload*>& payloads)
{
    std::string out;
    PayloadsJson::write(payloads, &out);
    return QByteArray::fromStdString(out);
}

std::vector<Payload> read(const QByteArray& json)
{
    std::vector<Payload> payloads;
    const auto parsed = PayloadsJson::read(std::string_view(json.constData(), size_t(json.size())), &payloads);
    return parsed ? payloads : std::vector<Payload>{};
}

bool same(const Payload& a, const Payload& b)
{
    return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

Payload jsonPayload(const QByteArray& json)
{
    Payload payload;
    (*payload.mutable_metadata())["encoding"] = "json/plain";
    payload.set_data(json.toStdString());
    return payload;
}

QString tokensDir()
{
    return QStringLiteral(HL_ACCESS_TOKENS_DIR);
}

QByteArray token(const QString& name)
{
    QFile file(tokensDir() + QStringLiteral("/tokens.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object()[name].toString().toUtf8();
}

// The peers' virtualenv (tools/install-peers.sh, which only prints it once installed).
QString peersPython()
{
    QProcess process;
    process.start(QStringLiteral("bash"), {QStringLiteral(HL_TOOLS_DIR "/install-peers.sh")});
    process.waitForFinished(600000);
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed() + QStringLiteral("/bin/python");
}

qint64 peakResidentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').front().toLongLong();
    }
    return -1;
}

// The certificate a TLS server on 127.0.0.1:`port` shows a new connection (not verified: which one is all that counts).
QSslCertificate presentedCertificate(quint16 port)
{
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    socket.waitForEncrypted(5000);
    return socket.peerCertificate();
}

// A key as a file in a key directory holds it: its raw bytes.
bool writeRawKey(const QString& path, const SecretPtr& key, QFileDevice::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(reinterpret_cast<const char*>(key->data()), qint64(key->size()));
    file.close();
    return file.setPermissions(permissions);
}

// The layout kubelet gives a mounted Secret: the files in a timestamped folder, `..data` linking to it, and one
// link per key through `..data`. Rotation writes a new folder and swaps `..data` in one rename.
bool writeSecretVolume(const QString& folder, const QString& version, const std::vector<std::pair<QString, SecretPtr>>& keys,
                       QFileDevice::Permissions permissions)
{
    QDir dir(folder);
    const QString data = QStringLiteral("..") + version;
    if (!dir.mkpath(data))
        return false;
    for (const auto& [id, key] : keys) {
        if (!writeRawKey(dir.filePath(data + QLatin1Char('/') + id), key, permissions))
            return false;
    }
    QFile::remove(dir.filePath(QStringLiteral("..data_tmp")));
    if (!QFile::link(data, dir.filePath(QStringLiteral("..data_tmp"))))
        return false;
    if (::rename(QFile::encodeName(dir.filePath(QStringLiteral("..data_tmp"))).constData(),
                 QFile::encodeName(dir.filePath(QStringLiteral("..data"))).constData())
        != 0)
        return false;
    for (const QString& name : dir.entryList(QDir::Files | QDir::System)) {
        if (!name.startsWith(QLatin1Char('.')))
            QFile::remove(dir.filePath(name));
    }
    for (const auto& [id, key] : keys) {
        if (!QFile::link(QStringLiteral("..data/") + id, dir.filePath(id)))
            return false;
    }
    return true;
}

} // namespace

// serve-codec: the Codec Server contract, CORS, bounds, hostile bodies, access tokens (made by PyJWT) and HTTPS,
// through an in-process server and through `historylens-cli serve-codec`. Payloads are the codec vectors made by
// tools/make_codec_vectors.py; what /encode writes is checked by the Go SDK's and the Python SDK's Codec Servers
// (the codec_servers fixture).
class TestServeCodec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void vectorsDecode();
    void contractPaths_data();
    void contractPaths();
    void namespaceChoosesKeys();
    void missingKeyIsLoggedNotLeaked();
    void fieldsLeftOut();
    void encodeRoundTrip_data();
    void encodeRoundTrip();
    void encodeNeedsAKey();
    void cors_data();
    void cors();
    void hostileBodies_data();
    void hostileBodies();
    void bodyBounds();
    void tokens_data();
    void tokens();
    void tokensDeniedReturnEncoded();
    void tokensWithoutRules();
    void rulesFileErrors();
    void jwksOverHttps();
    void jwksRefetchedForARotatedKey();
    void servesHttps();
    void loadFromConcurrentClients();
    void commandLine();
    void commandLineUsage();
    void probesAndMetrics();
    void sigtermDrainsTheRequestsInFlight();
    void optionsFromTheEnvironment();
    void metricsBoundNamespacesAndEscape();
    void keyDirectoryLayout();
    void keysRotateWithoutDroppingARequest();
    void keyFilesOthersCanReadAreRefused();
    void textLogKeepsKeyNamesOnOneLine();
    void optionsFile();
    void sighupReloadsTlsAndRules();
    void healthCheck();
    void tlsRenewedWithoutASignal();

private:
    struct Running {
        std::unique_ptr<CodecHttpServer> server;
        std::shared_ptr<std::vector<QString>> log = std::make_shared<std::vector<QString>>();
        std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
        QString url;
        std::vector<QString> lines() const
        {
            std::lock_guard lock(*mutex);
            return *log;
        }
        // The log once it holds `count` lines (or after 5 s): a request's line is written once its answer has left,
        // which can be just after the client read it.
        std::vector<QString> linesOnce(size_t count) const
        {
            QElapsedTimer waited;
            waited.start();
            while (lines().size() < count && waited.elapsed() < 5000)
                QTest::qWait(5);
            return lines();
        }
    };
    Running serve(ServeCodecSettings settings, QString* error = nullptr) const;
    Running serveWithKeys(ServeCodecSettings settings, ServeKeys keys, QString* error = nullptr) const;
    ServeCodecSettings localSettings() const;
    const Payload& signalInput(const QString& signal) const { return test::signalInput(m_history, signal); }

    History m_history;
    QJsonArray m_expected;
    ServeKeys m_keys;
    std::shared_ptr<KeyRing> m_ring = std::make_shared<KeyRing>();
    test::TestCodecServers m_peers;
    QString m_codecDir; // the codec_servers fixture's folder: its CA, and a certificate for 127.0.0.1
};

void TestServeCodec::initTestCase()
{
    auto file = HistoryReader().readFile(test::codecVector(QStringLiteral("codec-history.json")));
    QVERIFY2(file.ok(), qPrintable(file.error().toString()));
    m_history = file->histories.front();
    m_expected = test::codecVectorExpectations();
    QVERIFY(!m_expected.isEmpty());
    auto keys = KeySpec::readKeyFile(test::codecVector(QStringLiteral("codec-keys.txt")));
    QVERIFY(keys.ok());
    for (const auto& key : keys.value()) {
        m_keys.add(QString(), key.id.toStdString(), key.key);
        m_ring->insert(key.id.toStdString(), key.key);
    }
    QVERIFY2(m_peers.load(), "the codec_servers fixture did not run");
    m_codecDir = QStringLiteral(HL_TEMPORAL_DIR "/codec");
    QVERIFY(QFile::exists(tokensDir() + QStringLiteral("/jwks.json")));
}

ServeCodecSettings TestServeCodec::localSettings() const
{
    ServeCodecSettings settings;
    settings.port = 0;
    return settings;
}

TestServeCodec::Running TestServeCodec::serveWithKeys(ServeCodecSettings settings, ServeKeys keys, QString* error) const
{
    Running running;
    auto service = CodecService::create(std::move(settings), std::move(keys));
    if (!service) {
        if (error)
            *error = service.error().toString();
        return running;
    }
    auto log = running.log;
    auto mutex = running.mutex;
    auto server = CodecHttpServer::start(service.value(), [log, mutex](const CodecRequestRecord& record) {
        std::lock_guard lock(*mutex);
        log->push_back(record.logLine());
    });
    if (!server) {
        if (error)
            *error = server.error().toString();
        return running;
    }
    running.server = std::move(server.value());
    running.url = running.server->url();
    return running;
}

TestServeCodec::Running TestServeCodec::serve(ServeCodecSettings settings, QString* error) const
{
    return serveWithKeys(std::move(settings), m_keys, error);
}

// Every vector in one request: what the samples' codecs made comes back equal to the independently made inner
// payload; what cannot be decoded here (wrong key, tampered, unknown encodings) and what is not encoded comes back
// exactly as sent.
void TestServeCodec::vectorsDecode()
{
    Running running = serve(localSettings());
    QVERIFY(running.server);
    std::vector<const Payload*> sent;
    for (const QJsonValue& entry : std::as_const(m_expected))
        sent.push_back(&signalInput(entry[QLatin1String("signal")].toString()));
    const auto answer = test::postJson(running.url + QStringLiteral("/decode"), body(sent), {{"X-Namespace", "default"}});
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.header("Content-Type").startsWith("application/json"));
    const std::vector<Payload> received = read(answer.body);
    QCOMPARE(received.size(), sent.size());
    int decoded = 0;
    for (int i = 0; i < m_expected.size(); ++i) {
        const QJsonValue entry = m_expected[i];
        const QString signal = entry[QLatin1String("signal")].toString();
        if (entry[QLatin1String("status")] == QLatin1String("decoded")) {
            Payload want;
            const QByteArray wantJson = QJsonDocument(entry[QLatin1String("payload")].toObject()).toJson(QJsonDocument::Compact);
            QVERIFY(google::protobuf::util::JsonStringToMessage(wantJson.toStdString(), &want).ok());
            QVERIFY2(same(received[size_t(i)], want), qPrintable(signal));
            ++decoded;
        } else {
            QVERIFY2(same(received[size_t(i)], *sent[size_t(i)]), qPrintable(signal));
        }
    }
    QVERIFY(decoded >= 8);
    QCOMPARE(running.server->statistics().requests, quint64(1));
    QCOMPARE(running.server->statistics().payloads, quint64(sent.size()));
}

void TestServeCodec::contractPaths_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("decode") << QByteArray("POST") << QStringLiteral("/decode") << 200;
    QTest::newRow("the Web UI's query string") << QByteArray("POST") << QStringLiteral("/decode?preserveStorageRefs=true") << 200;
    QTest::newRow("the CLI's trailing slash") << QByteArray("POST") << QStringLiteral("//decode") << 200;
    QTest::newRow("mounted deep") << QByteArray("POST") << QStringLiteral("/codec/v1/default/decode") << 200;
    QTest::newRow("slash after") << QByteArray("POST") << QStringLiteral("/decode/") << 200;
    QTest::newRow("encode") << QByteArray("POST") << QStringLiteral("/default/encode") << 200;
    QTest::newRow("another path") << QByteArray("POST") << QStringLiteral("/download") << 404;
    QTest::newRow("decode in the middle") << QByteArray("POST") << QStringLiteral("/decode/more") << 404;
    QTest::newRow("GET") << QByteArray("GET") << QStringLiteral("/decode") << 405;
    QTest::newRow("PUT") << QByteArray("PUT") << QStringLiteral("/decode") << 405;
}

void TestServeCodec::contractPaths()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    ServeCodecSettings settings = localSettings();
    settings.encodeKeys[QString()] = QStringLiteral("test");
    Running running = serve(settings);
    QVERIFY(running.server);
    const Payload plain = jsonPayload("{\"a\":1}");
    const auto answer = test::httpRequest(method, running.url + path, body({&plain}), {{"X-Namespace", "default"}});
    QCOMPARE(answer.status, status);
    if (status == 200)
        QCOMPARE(read(answer.body).size(), size_t(1));
    else
        QVERIFY(!answer.body.isEmpty()); // a reason, not an empty page
    if (status == 405)
        QCOMPARE(answer.header("Allow"), QByteArray("POST, OPTIONS"));
}

// X-Namespace, or the segment before /decode (an endpoint templated with {namespace}), picks the keys: a key the
// keychain scopes to one namespace decodes nothing of another.
void TestServeCodec::namespaceChoosesKeys()
{
    ServeKeys keys;
    auto spec = KeySpec::parse(QStringLiteral("text:test-key-test-key-test-key-test!"));
    QVERIFY(spec.ok());
    keys.add(QStringLiteral("finance"), "test", spec.value());
    Running running = serveWithKeys(localSettings(), std::move(keys));
    QVERIFY(running.server);
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    auto decodedBy = [&](const QString& path, const QByteArray& space) {
        std::vector<std::pair<QByteArray, QByteArray>> headers;
        if (!space.isEmpty())
            headers.emplace_back("X-Namespace", space);
        const auto answer = test::postJson(running.url + path, body({&encrypted}), headers);
        const auto payloads = read(answer.body);
        return answer.status == 200 && payloads.size() == 1 && !same(payloads.front(), encrypted);
    };
    QVERIFY(decodedBy(QStringLiteral("/decode"), "finance"));
    QVERIFY(!decodedBy(QStringLiteral("/decode"), "default"));
    QVERIFY(decodedBy(QStringLiteral("/finance/decode"), {}));
    QVERIFY(!decodedBy(QStringLiteral("/default/decode"), {}));
    QVERIFY(decodedBy(QStringLiteral("/default/decode"), "finance")); // the header wins
    // A request that names no namespace gets only the keys given for any namespace.
    QVERIFY(!decodedBy(QStringLiteral("/decode"), {}));
}

void TestServeCodec::missingKeyIsLoggedNotLeaked()
{
    ServeKeys keys; // none
    Running running = serveWithKeys(localSettings(), std::move(keys));
    QVERIFY(running.server);
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const auto answer = test::postJson(running.url + QStringLiteral("/decode"), body({&encrypted}),
                                       {{"X-Namespace", "default"}, {"Origin", "http://localhost:8233"}});
    QCOMPARE(answer.status, 200);
    QVERIFY(same(read(answer.body).front(), encrypted));
    const auto lines = running.linesOnce(1);
    QCOMPARE(lines.size(), size_t(1));
    const QString line = lines.front();
    QVERIFY2(line.contains(QStringLiteral("no-key-for=test")), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("namespace=default")) && line.contains(QStringLiteral("origin=http://localhost:8233"))
                 && line.contains(QStringLiteral("payloads=1")) && line.contains(QStringLiteral("-> 200")),
             qPrintable(line));
    // Never a payload's bytes in the log.
    QVERIFY(!line.contains(QString::fromLatin1(QByteArray::fromStdString(encrypted.data()).toBase64().left(12))));
}

// What the temporal CLI sends (Go encoding/json leaves empty fields out) and what proto3 JSON allows.
void TestServeCodec::fieldsLeftOut()
{
    Running running = serve(localSettings());
    QVERIFY(running.server);
    auto post = [&](const QByteArray& json) { return test::postJson(running.url + QStringLiteral("/decode"), json); };
    auto answer = post("{}");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.payloads().size(), 0);
    answer = post(R"({"payloads":[{"metadata":{"encoding":"YmluYXJ5L251bGw="}},{},null]})");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.payloads().size(), 3);
    QCOMPARE(answer.payloads()[0].toObject()[QLatin1String("metadata")].toObject()[QLatin1String("encoding")].toString(),
             QStringLiteral("YmluYXJ5L251bGw="));
    // URL-safe base64 without padding is proto3 JSON too.
    answer = post(R"({"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg"},"data":"eyJhIjoxfQ"}]})");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.payloads()[0].toObject()[QLatin1String("data")].toString(), QStringLiteral("eyJhIjoxfQ=="));
}

void TestServeCodec::encodeRoundTrip_data()
{
    QTest::addColumn<QString>("compression");
    QTest::addColumn<std::string>("inner");
    QTest::newRow("AES-256-GCM") << QString() << std::string("json/plain");
    QTest::newRow("zlib first") << QStringLiteral("zlib") << std::string("binary/zlib");
    QTest::newRow("snappy first") << QStringLiteral("snappy") << std::string("binary/snappy");
}

// /encode writes the samples-go format with the namespace's key; HistoryLens's chain, the Go SDK's handler (with
// the samples' codec) and the Python SDK's codec all read it back.
void TestServeCodec::encodeRoundTrip()
{
    QFETCH(QString, compression);
    QFETCH(std::string, inner);
    ServeCodecSettings settings = localSettings();
    settings.encodeKeys[QString()] = QStringLiteral("k128");
    settings.encodeKeys[QStringLiteral("default")] = QStringLiteral("test");
    settings.encodeCompression = compression;
    Running running = serve(settings);
    QVERIFY(running.server);
    std::vector<Payload> plain;
    for (int i = 0; i < 20; ++i)
        plain.push_back(jsonPayload(QByteArray("{\"order\":") + QByteArray::number(i) + ",\"note\":\"" + QByteArray(i * 50, 'x') + "\"}"));
    std::vector<const Payload*> sent;
    for (const Payload& payload : plain)
        sent.push_back(&payload);
    const auto answer = test::postJson(running.url + QStringLiteral("/encode"), body(sent), {{"X-Namespace", "default"}});
    QCOMPARE(answer.status, 200);
    const std::vector<Payload> encoded = read(answer.body);
    QCOMPARE(encoded.size(), plain.size());
    for (const Payload& payload : encoded) {
        QCOMPARE(payload.metadata().at("encoding"), std::string("binary/encrypted"));
        QCOMPARE(payload.metadata().at("encryption-key-id"), std::string("test"));
    }
    // HistoryLens's own chain.
    CodecChain chain = CodecChain::standard();
    CodecContext context;
    context.keys = m_ring.get();
    for (size_t i = 0; i < encoded.size(); ++i) {
        Payload back;
        const DecodedPayload outcome = chain.decode(encoded[i], context, &back);
        QCOMPARE(int(outcome.status), int(DecodedPayload::Status::Decoded));
        QVERIFY(outcome.layers.find(inner == "json/plain" ? "binary/encrypted" : inner) != std::string::npos);
        QVERIFY(same(back, plain[i]));
    }
    // Nonces are fresh: the same input twice encrypts differently.
    const auto again = read(test::postJson(running.url + QStringLiteral("/encode"), body(sent), {{"X-Namespace", "default"}}).body);
    QVERIFY(again.front().data() != encoded.front().data());
    // The SDKs' codecs.
    std::vector<const Payload*> encodedPointers;
    for (const Payload& payload : encoded)
        encodedPointers.push_back(&payload);
    const QStringList peers = inner == "binary/snappy" ? QStringList{m_peers.python} : QStringList{m_peers.go, m_peers.python};
    for (const QString& peer : peers) {
        const auto decoded = test::postJson(peer + QStringLiteral("/decode"), body(encodedPointers), {{"X-Namespace", "default"}});
        QVERIFY2(decoded.status == 200, qPrintable(peer + QStringLiteral(": ") + QString::fromUtf8(decoded.body)));
        const auto back = read(decoded.body);
        QCOMPARE(back.size(), plain.size());
        for (size_t i = 0; i < back.size(); ++i) {
            if (back[i].metadata().at("encoding") == "json/plain") {
                QVERIFY2(same(back[i], plain[i]), qPrintable(peer));
            } else {
                // The SDK peers hold the encryption codec (and the Go one zlib): what they cannot undo is the inner layer.
                Payload rest;
                QVERIFY(chain.decode(back[i], context, &rest).status == DecodedPayload::Status::Decoded);
                QVERIFY2(same(rest, plain[i]), qPrintable(peer));
            }
        }
    }
    // The other namespace's key.
    const auto finance = read(test::postJson(running.url + QStringLiteral("/encode"), body(sent), {{"X-Namespace", "finance"}}).body);
    QCOMPARE(finance.front().metadata().at("encryption-key-id"), std::string("k128"));
}

void TestServeCodec::encodeNeedsAKey()
{
    Running running = serve(localSettings()); // several keys, none named for encoding
    QVERIFY(running.server);
    const Payload plain = jsonPayload("1");
    const auto answer = test::postJson(running.url + QStringLiteral("/encode"), body({&plain}), {{"X-Namespace", "default"}});
    QCOMPARE(answer.status, 400);
    QVERIFY2(answer.body.contains("--encode-key"), answer.body.constData());

    ServeCodecSettings settings = localSettings();
    settings.encodeKeys[QString()] = QStringLiteral("absent");
    Running absent = serve(settings);
    const auto missing = test::postJson(absent.url + QStringLiteral("/encode"), body({&plain}));
    QCOMPARE(missing.status, 400);
    QVERIFY2(missing.body.contains("`absent`"), missing.body.constData());
}

void TestServeCodec::cors_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<bool>("credentials");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("dev server UI") << QByteArray("http://localhost:8233") << false << true;
    QTest::newRow("dev server UI, credentials") << QByteArray("http://localhost:8233") << true << true;
    QTest::newRow("listed") << QByteArray("https://temporal.example.com") << false << true;
    QTest::newRow("another page") << QByteArray("https://evil.example") << false << false;
    QTest::newRow("listed host, other port") << QByteArray("http://localhost:9999") << false << false;
    QTest::newRow("no origin") << QByteArray() << false << false;
}

void TestServeCodec::cors()
{
    QFETCH(QByteArray, origin);
    QFETCH(bool, credentials);
    QFETCH(bool, allowed);
    ServeCodecSettings settings = localSettings();
    settings.origins << QStringLiteral("https://temporal.example.com/");
    settings.allowCredentials = credentials;
    Running running = serve(settings);
    QVERIFY(running.server);
    std::vector<std::pair<QByteArray, QByteArray>> headers{{"Access-Control-Request-Method", "POST"},
                                                           {"Access-Control-Request-Headers", "content-type,x-namespace"}};
    if (!origin.isEmpty())
        headers.emplace_back("Origin", origin);
    const auto preflight = test::httpRequest("OPTIONS", running.url + QStringLiteral("/decode?preserveStorageRefs=true"), {}, headers);
    QVERIFY(preflight.status == 204 || preflight.status == 200);
    const Payload plain = jsonPayload("1");
    const auto post = test::postJson(running.url + QStringLiteral("/decode"), body({&plain}), headers);
    if (!allowed) {
        QVERIFY(!preflight.hasHeader("Access-Control-Allow-Origin"));
        QVERIFY(!post.hasHeader("Access-Control-Allow-Origin"));
        // CORS aside, a page from an origin not allowed gets no payloads back at all; a client without a browser's
        // Origin (the CLI, the SDKs) is served.
        QCOMPARE(post.status, origin.isEmpty() ? 200 : 403);
        QCOMPARE(post.payloads().isEmpty(), !origin.isEmpty());
        return;
    }
    QCOMPARE(post.status, 200);
    QCOMPARE(preflight.header("Access-Control-Allow-Origin"), origin);
    QCOMPARE(preflight.header("Access-Control-Allow-Methods"), QByteArray("POST, GET, OPTIONS"));
    QVERIFY(preflight.header("Access-Control-Allow-Headers").startsWith("X-Namespace, Content-Type, Authorization"));
    QCOMPARE(preflight.header("Access-Control-Allow-Credentials"), credentials ? QByteArray("true") : QByteArray());
    QCOMPARE(post.header("Access-Control-Allow-Origin"), origin);
    QCOMPARE(post.header("Access-Control-Allow-Credentials"), credentials ? QByteArray("true") : QByteArray());
}

void TestServeCodec::hostileBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::newRow("not JSON") << QByteArray("hello") << QByteArray("application/json") << 400;
    QTest::newRow("truncated") << QByteArray(R"({"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"da)")
                               << QByteArray("application/json") << 400;
    QTest::newRow("deeply nested") << QByteArray(100000, '[') << QByteArray("application/json") << 400;
    QTest::newRow("nested payload") << (QByteArray(R"({"payloads":[)") + QByteArray(5000, '[') + QByteArray(5000, ']') + "]}")
                                    << QByteArray("application/json") << 400;
    QTest::newRow("not base64") << QByteArray(R"({"payloads":[{"data":"%%%not base64%%%"}]})") << QByteArray("application/json") << 400;
    QTest::newRow("data a number") << QByteArray(R"({"payloads":[{"data":42}]})") << QByteArray("application/json") << 400;
    QTest::newRow("payloads an object") << QByteArray(R"({"payloads":{"a":1}})") << QByteArray("application/json") << 400;
    QTest::newRow("metadata a list") << QByteArray(R"({"payloads":[{"metadata":[1,2]}]})") << QByteArray("application/json") << 400;
    QTest::newRow("a JSON list") << QByteArray("[1,2,3]") << QByteArray("application/json") << 400;
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe{\"payloads\":[]}", 17) << QByteArray("application/json") << 400;
    QTest::newRow("form") << QByteArray("payloads=1") << QByteArray("application/x-www-form-urlencoded") << 415;
    QTest::newRow("text") << QByteArray("{}") << QByteArray("text/plain") << 415;
    QTest::newRow("json with charset") << QByteArray("{}") << QByteArray("application/json; charset=utf-8") << 200;
    QTest::newRow("jsonp lookalike") << QByteArray("{}") << QByteArray("application/jsonx") << 415;
}

void TestServeCodec::hostileBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    Running running = serve(localSettings());
    QVERIFY(running.server);
    const auto answer = test::postJson(running.url + QStringLiteral("/decode"), body, {{"Content-Type", contentType}});
    QCOMPARE(answer.status, status);
    if (status != 200)
        QVERIFY2(answer.body.size() > 10 && answer.body.size() < 2000, answer.body.constData());
    // Still serving.
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const Payload healthy = jsonPayload("1");
    const auto next = test::postJson(running.url + QStringLiteral("/decode"), ::body({&encrypted, &healthy}));
    QCOMPARE(next.status, 200);
    QCOMPARE(read(next.body).size(), size_t(2));
}

void TestServeCodec::bodyBounds()
{
    ServeCodecSettings settings = localSettings();
    settings.maxBodyBytes = 1024 * 1024;
    settings.maxPayloads = 10;
    Running running = serve(settings);
    QVERIFY(running.server);
    const Payload big = jsonPayload("\"" + QByteArray(2 * 1024 * 1024, 'a') + "\"");
    const auto tooBig = test::postJson(running.url + QStringLiteral("/decode"), body({&big}), {{"Origin", "http://localhost:8233"}});
    QCOMPARE(tooBig.status, 413);
    QVERIFY2(tooBig.body.contains("--max-body"), tooBig.body.constData());
    QCOMPARE(tooBig.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:8233"));
    const Payload small = jsonPayload("1");
    std::vector<const Payload*> eleven(11, &small);
    const auto tooMany = test::postJson(running.url + QStringLiteral("/decode"), body(eleven));
    QCOMPARE(tooMany.status, 413);
    QVERIFY2(tooMany.body.contains("more than 10 payloads"), tooMany.body.constData());
    std::vector<const Payload*> ten(10, &small);
    QCOMPARE(test::postJson(running.url + QStringLiteral("/decode"), body(ten)).status, 200);
    QVERIFY(running.server->statistics().refused >= 2);
}

void TestServeCodec::tokens_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QByteArray>("space");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    const QString decode = QStringLiteral("decode"), encode = QStringLiteral("encode");
    QTest::newRow("RS256 reader decodes") << "reader-rs256" << decode << QByteArray("default") << 200 << QString();
    QTest::newRow("ES256 writer decodes") << "writer-es256" << decode << QByteArray("default") << 200 << QString();
    QTest::newRow("ES256 writer encodes") << "writer-es256" << encode << QByteArray("default") << 200 << QString();
    QTest::newRow("reader cannot encode") << "reader-rs256" << encode << QByteArray("default") << 403 << "no write role";
    QTest::newRow("system admin, any namespace") << "system-admin" << decode << QByteArray("finance") << 200 << QString();
    QTest::newRow("audience in a list") << "audience-list" << decode << QByteArray("default") << 200 << QString();
    QTest::newRow("no token") << QString() << decode << QByteArray("default") << 401 << "no Authorization header";
    QTest::newRow("expired") << "expired" << decode << QByteArray("default") << 401 << "expired at";
    QTest::newRow("not yet valid") << "not-yet-valid" << decode << QByteArray("default") << 401 << "not valid before";
    QTest::newRow("no expiry") << "no-expiry" << decode << QByteArray("default") << 401 << "no expiry";
    QTest::newRow("wrong issuer") << "wrong-issuer" << decode << QByteArray("default") << 401 << "issuer";
    QTest::newRow("wrong audience") << "wrong-audience" << decode << QByteArray("default") << 401 << "audience";
    QTest::newRow("signed by another key") << "other-key" << decode << QByteArray("default") << 401 << "does not verify";
    QTest::newRow("unknown kid") << "unknown-kid" << decode << QByteArray("default") << 401 << "no key rsa-9";
    QTest::newRow("alg none") << "alg-none" << decode << QByteArray("default") << 401 << "refused";
    QTest::newRow("HS256 with the public key") << "hs256-public-key" << decode << QByteArray("default") << 401 << "HS256 is not accepted";
    QTest::newRow("EC key named for RS256") << "es-key-as-rs256" << decode << QByteArray("default") << 401 << "does not fit";
    QTest::newRow("tampered claims") << "tampered" << decode << QByteArray("default") << 401 << "does not verify";
    QTest::newRow("other namespace's reader") << "other-namespace" << decode << QByteArray("default") << 403 << "no read role";
    QTest::newRow("worker role only") << "worker-only" << decode << QByteArray("default") << 403 << "no read role";
    QTest::newRow("email domain not allowed") << "other-domain" << decode << QByteArray("default") << 403 << "not among";
    QTest::newRow("email not verified") << "unverified-email" << decode << QByteArray("default") << 403 << "not among";
    QTest::newRow("email_verified a string") << "email-verified-as-string" << decode << QByteArray("default") << 403 << "not among";
    QTest::newRow("unknown critical header") << "unknown-critical-header" << decode << QByteArray("default") << 401
                                             << "critical header parameters";
    QTest::newRow("not a JWT") << "garbage" << decode << QByteArray("default") << 401 << "refused";
    // '=' after 4n+1 characters made cjose 0.6 abort the whole server (found by fuzz_serve_codec).
    QTest::newRow("padding inside a part") << "padded" << decode << QByteArray("default") << 401 << "not unpadded base64url";
}

// Tokens from PyJWT (and, for the forgeries PyJWT will not make, Python's hmac) against the JWKS it wrote.
void TestServeCodec::tokens()
{
    QFETCH(QString, token);
    QFETCH(QString, operation);
    QFETCH(QByteArray, space);
    QFETCH(int, status);
    QFETCH(QString, reason);
    ServeCodecSettings settings = localSettings();
    settings.jwks = tokensDir() + QStringLiteral("/jwks.json");
    settings.rulesPath = tokensDir() + QStringLiteral("/rules.toml");
    settings.encodeKeys[QString()] = QStringLiteral("test");
    Running running = serve(settings);
    QVERIFY(running.server);
    std::vector<std::pair<QByteArray, QByteArray>> headers{{"X-Namespace", space}};
    const QMap<QString, QByteArray> made{{QStringLiteral("garbage"), "abc.def"}, {QStringLiteral("padded"), "eyJhb=xx.eyJhbGci.c2ln"}};
    if (!token.isEmpty())
        headers.emplace_back("Authorization", "Bearer " + made.value(token, ::token(token)));
    if (!token.isEmpty() && !made.contains(token))
        QVERIFY(!::token(token).isEmpty());
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const Payload plain = jsonPayload("{\"x\":1}");
    const Payload& sent = operation == QLatin1String("decode") ? encrypted : plain;
    const auto answer = test::postJson(running.url + QLatin1Char('/') + operation, body({&sent}), headers);
    QVERIFY2(answer.status == status, qPrintable(QStringLiteral("%1: %2").arg(answer.status).arg(QString::fromUtf8(answer.body))));
    if (status == 200) {
        const auto payloads = read(answer.body);
        QCOMPARE(payloads.size(), size_t(1));
        QVERIFY(!same(payloads.front(), sent)); // decoded (or encoded): changed
        const auto lines = running.linesOnce(1);
        QVERIFY(!lines.empty() && lines.front().contains(QStringLiteral(" subject=")));
    } else {
        QVERIFY2(answer.body.contains(reason.toUtf8()), answer.body.constData());
        QVERIFY(!answer.body.contains("LAMP")); // no payload in an error
        const QByteArray signature = ::token(token).split('.').last();
        if (!signature.isEmpty())
            QVERIFY(!answer.body.contains(signature)); // nor the token
        if (status == 401)
            QVERIFY(answer.header("WWW-Authenticate").startsWith("Bearer"));
    }
}

void TestServeCodec::tokensDeniedReturnEncoded()
{
    ServeCodecSettings settings = localSettings();
    settings.jwks = tokensDir() + QStringLiteral("/jwks.json");
    settings.rulesPath = tokensDir() + QStringLiteral("/rules-encoded.toml");
    settings.encodeKeys[QString()] = QStringLiteral("test");
    Running running = serve(settings);
    QVERIFY(running.server);
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const Payload plain = jsonPayload("1");
    auto post = [&](const QString& path, const Payload& payload, const QByteArray& name) {
        std::vector<std::pair<QByteArray, QByteArray>> headers{{"X-Namespace", "default"}};
        if (!name.isEmpty())
            headers.emplace_back("Authorization", "Bearer " + token(QString::fromUtf8(name)));
        return test::postJson(running.url + path, body({&payload}), headers);
    };
    for (const QByteArray& denied : {QByteArray(), QByteArray("expired"), QByteArray("other-namespace"), QByteArray("alg-none")}) {
        const auto answer = post(QStringLiteral("/decode"), encrypted, denied);
        QCOMPARE(answer.status, 200);
        QVERIFY2(same(read(answer.body).front(), encrypted), denied.constData()); // never decoded without a passing token
    }
    QVERIFY(!same(read(post(QStringLiteral("/decode"), encrypted, "reader-rs256").body).front(), encrypted));
    // Encoding is refused outright: unencoded payloads must not reach a history.
    QCOMPARE(post(QStringLiteral("/encode"), plain, "reader-rs256").status, 403);
    QCOMPARE(post(QStringLiteral("/encode"), plain, QByteArray()).status, 401);
    const auto lines = running.linesOnce(1);
    QVERIFY(!lines.empty() && lines.front().contains(QStringLiteral("returned encoded")));
}

void TestServeCodec::tokensWithoutRules()
{
    ServeCodecSettings settings = localSettings();
    settings.jwks = tokensDir() + QStringLiteral("/jwks.json");
    Running running = serve(settings);
    QVERIFY(running.server);
    QVERIFY(running.server->service().warnings().join(QLatin1Char('\n')).contains(QStringLiteral("issuer is not checked")));
    const Payload plain = jsonPayload("1");
    auto status = [&](const char* name) {
        return test::postJson(running.url + QStringLiteral("/decode"), body({&plain}),
                              {{"Authorization", "Bearer " + token(QString::fromLatin1(name))}})
            .status;
    };
    QCOMPARE(status("reader-rs256"), 200);
    QCOMPARE(status("wrong-issuer"), 200); // not configured, not checked
    QCOMPARE(status("other-namespace"), 200);
    QCOMPARE(status("expired"), 401);      // always checked
    QCOMPARE(status("other-key"), 401);
    QCOMPARE(status("hs256-public-key"), 401);
}

void TestServeCodec::rulesFileErrors()
{
    QTemporaryDir dir;
    auto rulesError = [&](const QByteArray& text) {
        QFile file(dir.filePath(QStringLiteral("rules.toml")));
        file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        file.write(text);
        file.close();
        ServeCodecSettings settings = localSettings();
        settings.jwks = tokensDir() + QStringLiteral("/jwks.json");
        settings.rulesPath = file.fileName();
        QString error;
        Running running = serve(settings, &error);
        return running.server ? QString() : error;
    };
    QVERIFY(rulesError("[access]\non_denied = \"maybe\"\n").contains(QStringLiteral("on_denied")));
    QVERIFY(rulesError("[acess]\n").contains(QStringLiteral("unknown section [acess]")));
    QVERIFY(rulesError("[token]\nissuer = 3\n").contains(QStringLiteral("token.issuer")));
    QVERIFY(rulesError("[token\n").contains(QStringLiteral("line 1")));
    QVERIFY(rulesError("[access]\nemail_domains = [\"example.com\"]\n").isEmpty());

    ServeCodecSettings noJwks = localSettings();
    noJwks.rulesPath = tokensDir() + QStringLiteral("/rules.toml");
    QString error;
    QVERIFY(!serve(noJwks, &error).server);
    QVERIFY(error.contains(QStringLiteral("--rules needs --jwks")));

    ServeCodecSettings badJwks = localSettings();
    badJwks.jwks = tokensDir() + QStringLiteral("/rules.toml");
    QVERIFY(!serve(badJwks, &error).server);
    QVERIFY2(error.contains(QStringLiteral("not JSON")), qPrintable(error));
}

// A JWKS URL is fetched with verified TLS: with the CA that signed the server's certificate it works; without it
// the server does not start, and says why.
void TestServeCodec::jwksOverHttps()
{
    QTemporaryDir dir;
    QProcess https;
    const QString portFile = dir.filePath(QStringLiteral("port"));
    https.start(QStringLiteral("python3"), {QStringLiteral(HL_TOOLS_DIR "/https_files.py"), tokensDir(),
                                            m_codecDir + QStringLiteral("/server.pem"), m_codecDir + QStringLiteral("/server.key"), portFile});
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(portFile), 10000);
    QFile port(portFile);
    QVERIFY(port.open(QIODevice::ReadOnly));
    const QString url = QStringLiteral("https://127.0.0.1:%1/jwks.json").arg(QString::fromUtf8(port.readAll()).trimmed());

    ServeCodecSettings settings = localSettings();
    settings.jwks = url;
    settings.jwksCaFile = m_codecDir + QStringLiteral("/ca.pem");
    settings.rulesPath = tokensDir() + QStringLiteral("/rules.toml");
    Running running = serve(settings);
    QVERIFY(running.server);
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const auto answer = test::postJson(running.url + QStringLiteral("/decode"), body({&encrypted}),
                                       {{"X-Namespace", "default"}, {"Authorization", "Bearer " + token(QStringLiteral("writer-es256"))}});
    QCOMPARE(answer.status, 200);
    QVERIFY(!same(read(answer.body).front(), encrypted));

    settings.jwksCaFile.clear();
    QString error;
    QVERIFY(!serve(settings, &error).server);
    QVERIFY2(error.contains(QStringLiteral("TLS")) && error.contains(QStringLiteral("certificate")), qPrintable(error));

    settings.jwks = QStringLiteral("http://127.0.0.1:1/jwks.json");
    QVERIFY(!serve(settings, &error).server);
    QVERIFY2(error.contains(QStringLiteral("must be https")), qPrintable(error));
    https.kill();
    https.waitForFinished();
}

// A token signed by a key the kept set lacks makes the source fetch the set again (the provider rotated its keys).
void TestServeCodec::jwksRefetchedForARotatedKey()
{
    QTemporaryDir dir;
    const QString keys = dir.filePath(QStringLiteral("keys.json"));
    QVERIFY(QFile::copy(tokensDir() + QStringLiteral("/jwks.json"), keys));
    JwksSource::Options options;
    options.location = keys;
    options.minRefetchGap = std::chrono::seconds(0);
    auto opened = JwksSource::open(options);
    QVERIFY(opened.ok());
    std::shared_ptr<JwksSource> source = std::move(opened.value());
    int refreshes = 0;
    AccessTokenVerifier verifier({}, [&](bool refresh) {
        refreshes += refresh ? 1 : 0;
        return refresh ? source->refreshed() : source->current();
    });
    const std::string rotated = "Bearer " + token(QStringLiteral("rotated-key")).toStdString();
    auto before = verifier.verify(rotated);
    QVERIFY(!before.ok());
    QVERIFY2(before.error().message.contains(QStringLiteral("no key rsa-2")), qPrintable(before.error().message));
    QCOMPARE(refreshes, 1);
    QVERIFY(QFile::remove(keys));
    QVERIFY(QFile::copy(tokensDir() + QStringLiteral("/jwks-rotated.json"), keys));
    const auto after = verifier.verify(rotated);
    QVERIFY2(after.ok(), qPrintable(after.error().message));
    QCOMPARE(after->subject, std::string("user-alice"));
    // Known keys need no refetch.
    QVERIFY(verifier.verify("Bearer " + token(QStringLiteral("reader-rs256")).toStdString()).ok());
    QCOMPARE(refreshes, 2);
}

void TestServeCodec::servesHttps()
{
    ServeCodecSettings settings = localSettings();
    settings.tlsCertPath = m_codecDir + QStringLiteral("/server.pem");
    settings.tlsKeyPath = m_codecDir + QStringLiteral("/server.key");
    settings.maxBodyBytes = 1024 * 1024;
    Running running = serve(settings);
    QVERIFY(running.server);
    QVERIFY(running.url.startsWith(QStringLiteral("https://127.0.0.1:")));
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const auto answer = test::postJson(running.url + QStringLiteral("/decode"), body({&encrypted}), {}, m_codecDir + QStringLiteral("/ca.pem"));
    QCOMPARE(answer.status, 200);
    QVERIFY(!same(read(answer.body).front(), encrypted));
    // A body over --max-body is refused with 413 over TLS too, after it was read and dropped.
    const Payload big = jsonPayload("\"" + QByteArray(int(settings.maxBodyBytes) + 1024, 'a') + "\"");
    const auto tooBig = test::postJson(running.url + QStringLiteral("/decode"), body({&big}), {}, m_codecDir + QStringLiteral("/ca.pem"));
    QCOMPARE(tooBig.status, 413);
    const auto after = test::postJson(running.url + QStringLiteral("/decode"), body({&encrypted}), {}, m_codecDir + QStringLiteral("/ca.pem"));
    QCOMPARE(after.status, 200);
    const auto untrusted = test::postJson(running.url + QStringLiteral("/decode"), body({&encrypted}));
    QCOMPARE(untrusted.status, 0);
    QVERIFY(!untrusted.error.isEmpty());
    // Plain HTTP to the HTTPS port gets nothing decoded.
    QString plainUrl = running.url;
    plainUrl.replace(QStringLiteral("https://"), QStringLiteral("http://"));
    QVERIFY(test::postJson(plainUrl + QStringLiteral("/decode"), body({&encrypted})).status != 200);

    settings.tlsKeyPath = m_codecDir + QStringLiteral("/ca.key"); // not the certificate's key
    QString error;
    QVERIFY(!serve(settings, &error).server);
    QVERIFY2(error.contains(QStringLiteral("do not load together")), qPrintable(error));
}

// 8 clients, 2,000 requests of 50 payloads each, against historylens-cli serve-codec: every answer is 200 with 50
// payloads, and the server's memory stays bounded.
void TestServeCodec::loadFromConcurrentClients()
{
    QTemporaryDir dir;
    std::vector<const Payload*> fifty;
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const Payload& zlib = signalInput(QStringLiteral("python-encryption"));
    for (int i = 0; i < 50; ++i)
        fifty.push_back(i % 2 ? &encrypted : &zlib);
    QFile bodyFile(dir.filePath(QStringLiteral("body.json")));
    QVERIFY(bodyFile.open(QIODevice::WriteOnly));
    bodyFile.write(body(fifty));
    bodyFile.close();

    QProcess server;
    const QString portFile = dir.filePath(QStringLiteral("port"));
    server.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                               QStringLiteral("--port-file"), portFile, QStringLiteral("--no-keychain"),
                                               QStringLiteral("--key-file"), test::codecVector(QStringLiteral("codec-keys.txt")),
                                               QStringLiteral("--quiet")});
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(portFile), 10000);
    QFile port(portFile);
    QVERIFY(port.open(QIODevice::ReadOnly));
    const QString url = QStringLiteral("http://127.0.0.1:%1/decode").arg(QString::fromUtf8(port.readAll()).trimmed());

    QProcess load;
    load.start(peersPython(), {QStringLiteral(HL_TOOLS_DIR "/codec_load.py"), url, bodyFile.fileName(), QStringLiteral("8"),
                               QStringLiteral("2000"), QStringLiteral("50")});
    QVERIFY(load.waitForFinished(300000));
    const QByteArray report = load.readAllStandardOutput();
    const QJsonObject totals = QJsonDocument::fromJson(report).object();
    QVERIFY2(totals[QLatin1String("ok")].toInt() == 16000, QByteArray(report + load.readAllStandardError()).constData());
    QCOMPARE(totals[QLatin1String("failed")].toInt(), 0);
    const qint64 peak = peakResidentKiB(server.processId());
    qInfo("16,000 requests of 50 payloads in %.1f s; server peak %lld MiB", totals[QLatin1String("seconds")].toDouble(), peak / 1024);
#if defined(HL_ADDRESS_SANITIZER)
    // AddressSanitizer keeps 256 MiB of freed memory in quarantine and adds its shadow: a looser bound, which an
    // unbounded server (16,000 bodies kept) would still cross.
    constexpr qint64 kBoundKiB = 1024 * 1024;
#else
    constexpr qint64 kBoundKiB = 256 * 1024;
#endif
    QVERIFY2(peak > 0 && peak < kBoundKiB, qPrintable(QStringLiteral("peak %1 KiB").arg(peak)));
    server.terminate();
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 0);
    QVERIFY(server.readAllStandardError().contains("Stopped. Requests served: 16000 (800000 payloads, 0 refused)"));
}

void TestServeCodec::commandLine()
{
    QTemporaryDir dir;
    QProcess server;
    const QString portFile = dir.filePath(QStringLiteral("port"));
    server.start(QStringLiteral(HL_CLI_PATH),
                 {QStringLiteral("serve-codec"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--port-file"),
                  portFile, QStringLiteral("--no-keychain"), QStringLiteral("--key"),
                  QStringLiteral("test=text:test-key-test-key-test-key-test!"), QStringLiteral("--origin"),
                  QStringLiteral("http://127.0.0.1:8233")});
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(portFile), 10000);
    QFile port(portFile);
    QVERIFY(port.open(QIODevice::ReadOnly));
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(QString::fromUtf8(port.readAll()).trimmed());
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const Payload& other = signalInput(QStringLiteral("aes-128"));
    const auto answer = test::postJson(base + QStringLiteral("/decode"), body({&encrypted, &other}), {{"X-Namespace", "default"}});
    QCOMPARE(answer.status, 200);
    QCOMPARE(test::postJson(base + QStringLiteral("/decode"), "nope").status, 400);
    // The port is taken now: a second server says so.
    QProcess second;
    second.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--listen"),
                                               base.section(QLatin1Char('/'), 2), QStringLiteral("--no-keychain")});
    QVERIFY(second.waitForFinished(10000));
    QCOMPARE(second.exitCode(), 1);
    QVERIFY2(second.readAllStandardError().contains("the port is in use"), "no reason given");

    server.terminate();
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    const QString err = QString::fromUtf8(server.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("Serving 1 codec keys at http://127.0.0.1:")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("POST /decode namespace=default payloads=2 decoded=1 left-encoded=1 no-key-for=k128 -> 200 ok")),
             qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("-> 400 not JSON")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("Stopped. Requests served: 2 (2 payloads, 1 refused); connections timed out: 0")), qPrintable(err));
    QVERIFY(!err.contains(QStringLiteral("test-key-test")));
}

void TestServeCodec::commandLineUsage()
{
    auto run = [](const QStringList& arguments) {
        QProcess process;
        process.start(QStringLiteral(HL_CLI_PATH), QStringList{QStringLiteral("serve-codec"), QStringLiteral("--no-keychain")} + arguments);
        process.waitForFinished(10000);
        return std::make_pair(process.exitCode(), QString::fromUtf8(process.readAllStandardError()));
    };
    auto [code, err] = run({QStringLiteral("--origin"), QStringLiteral("*")});
    QCOMPARE(code, 2);
    QVERIFY(err.contains(QStringLiteral("wildcard")));
    std::tie(code, err) = run({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:99999")});
    QCOMPARE(code, 2);
    std::tie(code, err) = run({QStringLiteral("--tls-cert-path"), QStringLiteral("/nonexistent.pem")});
    QCOMPARE(code, 2);
    QVERIFY(err.contains(QStringLiteral("both --tls-cert-path and --tls-key-path")));
    std::tie(code, err) = run({QStringLiteral("--encode-compression"), QStringLiteral("brotli")});
    QCOMPARE(code, 2);
    std::tie(code, err) = run({QStringLiteral("--jwks"), QStringLiteral("/nonexistent/jwks.json")});
    QCOMPARE(code, 1);
    QVERIFY2(err.contains(QStringLiteral("/nonexistent/jwks.json")), qPrintable(err));
    std::tie(code, err) = run({QStringLiteral("--key"), QStringLiteral("k=hex:zz")});
    QCOMPARE(code, 2);
    QProcess help;
    help.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--help")});
    QVERIFY(help.waitForFinished(10000));
    QVERIFY(help.readAllStandardOutput().contains("--encode-key"));
}

// What a load balancer and Prometheus ask: /healthz and /readyz need no token and name no key; /readyz fails once the
// service drains or holds no key; /metrics counts what the codec did, by operation, namespace, status and outcome,
// and the probes themselves are neither counted nor logged.
void TestServeCodec::probesAndMetrics()
{
    ServeCodecSettings settings = localSettings();
    settings.jwks = tokensDir() + QStringLiteral("/jwks.json");
    Running running = serve(settings);
    QVERIFY(running.server);
    const auto health = test::httpRequest("GET", running.url + QStringLiteral("/healthz"), {}, {});
    QCOMPARE(health.status, 200);
    QCOMPARE(health.body, QByteArray("ok\n"));
    const auto ready = test::httpRequest("GET", running.url + QStringLiteral("/readyz"), {}, {});
    QCOMPARE(ready.status, 200);
    // Tokens are required for the codec, not for the probes; a decode without one is refused and counted.
    const Payload plain = jsonPayload("{\"a\":1}");
    QCOMPARE(test::postJson(running.url + QStringLiteral("/decode"), body({&plain}), {{"X-Namespace", "orders"}}).status, 401);
    const auto metrics = test::httpRequest("GET", running.url + QStringLiteral("/metrics"), {}, {});
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    QVERIFY2(metrics.body.contains("historylens_codec_requests_total{operation=\"decode\",namespace=\"orders\",status=\"401\"} 1\n"),
             metrics.body.constData());
    QVERIFY(metrics.body.contains("# TYPE historylens_codec_request_duration_seconds histogram\n"));
    QVERIFY(metrics.body.contains("historylens_codec_request_duration_seconds_bucket{operation=\"decode\",le=\"0.0025\"} "));
    QVERIFY(metrics.body.contains("historylens_codec_request_duration_seconds_count{operation=\"decode\"} 1\n"));
    QVERIFY(metrics.body.contains("historylens_codec_requests_in_flight 0\n"));
    QCOMPARE(running.server->statistics().requests, quint64(1));
    QCOMPARE(running.linesOnce(1).size(), size_t(1));

    // Without tokens: payloads by outcome.
    Running open = serve(localSettings());
    QVERIFY(open.server);
    std::vector<const Payload*> sent;
    for (const QJsonValue& entry : std::as_const(m_expected))
        sent.push_back(&signalInput(entry[QLatin1String("signal")].toString()));
    QCOMPARE(test::postJson(open.url + QStringLiteral("/decode"), body(sent), {{"X-Namespace", "default"}}).status, 200);
    const QByteArray counted = test::httpRequest("GET", open.url + QStringLiteral("/metrics"), {}, {}).body;
    QVERIFY2(counted.contains("historylens_codec_payloads_total{operation=\"decode\",outcome=\"decoded\"} "), counted.constData());
    QVERIFY(counted.contains("historylens_codec_payloads_total{operation=\"decode\",outcome=\"passed_through\"} "));
    // Draining: not ready, with the reason; still alive.
    open.server->service().setDraining();
    const auto drained = test::httpRequest("GET", open.url + QStringLiteral("/readyz"), {}, {});
    QCOMPARE(drained.status, 503);
    QCOMPARE(drained.body, QByteArray("not ready: draining: the process is stopping\n"));
    QCOMPARE(test::httpRequest("GET", open.url + QStringLiteral("/healthz"), {}, {}).status, 200);
    // No keys: not ready.
    Running empty = serveWithKeys(localSettings(), ServeKeys());
    QVERIFY(empty.server);
    const auto keyless = test::httpRequest("GET", empty.url + QStringLiteral("/readyz"), {}, {});
    QCOMPARE(keyless.status, 503);
    QCOMPARE(keyless.body, QByteArray("not ready: no keys loaded\n"));
}

// A client picks the namespace it sends: past CodecMetrics::kMaxNamespaces the rest are counted as one, and a label
// value is escaped as the format wants.
void TestServeCodec::metricsBoundNamespacesAndEscape()
{
    CodecMetrics metrics;
    CodecRequestRecord record;
    record.operation = "decode";
    record.status = 200;
    for (int i = 0; i < CodecMetrics::kMaxNamespaces + 50; ++i) {
        record.temporalNamespace = "ns-" + std::to_string(i);
        metrics.recordRequest(record);
    }
    record.temporalNamespace = "a\"b\\c\nd";
    metrics.recordRequest(record);
    const QByteArray text = QByteArray::fromStdString(metrics.text());
    QCOMPARE(text.count("historylens_codec_requests_total{"), CodecMetrics::kMaxNamespaces + 1);
    QVERIFY(text.contains("namespace=\"(other)\",status=\"200\"} 51\n"));
    QCOMPARE(CodecMetrics::escapeLabel("a\"b\\c\nd"), std::string("a\\\"b\\\\c\\nd"));
}

// A rolling update's stop, for real: a request whose body is still arriving when SIGTERM comes is answered, a new
// connection is refused meanwhile, and the process exits 0 well within --drain-timeout.
void TestServeCodec::sigtermDrainsTheRequestsInFlight()
{
    QTemporaryDir dir;
    QProcess server;
    const QString portFile = dir.filePath(QStringLiteral("port"));
    server.start(QStringLiteral(HL_CLI_PATH),
                 {QStringLiteral("serve-codec"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--port-file"),
                  portFile, QStringLiteral("--no-keychain"), QStringLiteral("--key-file"), test::codecVector(QStringLiteral("codec-keys.txt")),
                  QStringLiteral("--drain-timeout"), QStringLiteral("20"), QStringLiteral("--log-format"), QStringLiteral("json")});
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(portFile) && QFileInfo(portFile).size() > 0, 10000);
    QFile port(portFile);
    QVERIFY(port.open(QIODevice::ReadOnly));
    const quint16 number = quint16(port.readAll().trimmed().toUInt());
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const QByteArray payloads = body({&encrypted});
    QTcpSocket inFlight;
    inFlight.connectToHost(QHostAddress::LocalHost, number);
    QVERIFY(inFlight.waitForConnected(5000));
    inFlight.write("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Namespace: default\r\n"
                   "X-Request-Id: lb-7f3a\r\nAuthorization: Bearer not-a-secret-to-log\r\nContent-Length: "
                   + QByteArray::number(payloads.size()) + "\r\n\r\n" + payloads.left(10));
    QVERIFY(inFlight.waitForBytesWritten(5000));
    QTest::qWait(200); // the request is being read
    QElapsedTimer stopping;
    stopping.start();
    ::kill(pid_t(server.processId()), SIGTERM);
    QTest::qWait(150);
    ::kill(pid_t(server.processId()), SIGTERM); // some runtimes send it twice: the drain goes on
    QTest::qWait(150);
    QTcpSocket newcomer;
    newcomer.connectToHost(QHostAddress::LocalHost, number);
    QVERIFY(!newcomer.waitForConnected(1000)); // the listening socket is closed
    inFlight.write(payloads.mid(10));
    QByteArray answer;
    QDeadlineTimer deadline(10000);
    while (!answer.contains("\r\n\r\n{") && !deadline.hasExpired() && inFlight.waitForReadyRead(500))
        answer += inFlight.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
    QVERIFY(server.waitForFinished(20000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    QVERIFY(stopping.elapsed() < 15000);
    const QByteArray said = server.readAllStandardError();
    QVERIFY(said.contains("Requests served: 1 (1 payloads, 0 refused)"));
    QVERIFY(answer.contains("\r\nX-Request-Id: lb-7f3a\r\n"));
    // --log-format json: the request a line, its id the caller's, nothing secret in it.
    QJsonObject line;
    for (const QByteArray& text : said.split('\n')) {
        if (text.startsWith('{'))
            line = QJsonDocument::fromJson(text).object();
    }
    QCOMPARE(line.value(QStringLiteral("requestId")).toString(), QStringLiteral("lb-7f3a"));
    QCOMPARE(line.value(QStringLiteral("namespace")).toString(), QStringLiteral("default"));
    QCOMPARE(line.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(line.value(QStringLiteral("decoded")).toInt(), 1);
    QVERIFY(line.contains(QStringLiteral("durationMs")));
    QVERIFY(!said.contains("not-a-secret-to-log"));
    QVERIFY(!said.contains(QByteArray::fromStdString(encrypted.data()).toBase64()));
}

// A container's configuration: HISTORYLENS_SERVE_* variables for the options (lists comma-separated, flags by
// 1/true/yes), the command line winning over them, a flag's unreadable value refused with the variable's name.
void TestServeCodec::optionsFromTheEnvironment()
{
    QTemporaryDir dir;
    const QString portFile = dir.filePath(QStringLiteral("port"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_LISTEN"), QStringLiteral("127.0.0.1:1")); // the command line's wins
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_PORT_FILE"), portFile);
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_KEY_FILE"), test::codecVector(QStringLiteral("codec-keys.txt")));
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_NO_KEYCHAIN"), QStringLiteral("true"));
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_ORIGIN"), QStringLiteral("http://a.example, http://b.example"));
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_MAX_PAYLOADS"), QStringLiteral("2"));
    QProcess server;
    server.setProcessEnvironment(environment);
    server.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(portFile) && QFileInfo(portFile).size() > 0, 10000);
    QFile port(portFile);
    QVERIFY(port.open(QIODevice::ReadOnly));
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(QString::fromUtf8(port.readAll()).trimmed());
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const auto answer = test::postJson(base + QStringLiteral("/decode"), body({&encrypted}),
                                       {{"X-Namespace", "default"}, {"Origin", "http://b.example"}});
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Access-Control-Allow-Origin"), QByteArray("http://b.example"));
    QCOMPARE(test::postJson(base + QStringLiteral("/decode"), body({&encrypted, &encrypted, &encrypted}), {{"X-Namespace", "default"}}).status,
             413); // HISTORYLENS_SERVE_MAX_PAYLOADS=2
    server.terminate();
    QVERIFY(server.waitForFinished(15000));
    QCOMPARE(server.exitCode(), 0);

    environment.insert(QStringLiteral("HISTORYLENS_SERVE_QUIET"), QStringLiteral("maybe"));
    QProcess refused;
    refused.setProcessEnvironment(environment);
    refused.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec")});
    QVERIFY(refused.waitForFinished(10000));
    QCOMPARE(refused.exitCode(), 2);
    QVERIFY(refused.readAllStandardError().contains("HISTORYLENS_SERVE_QUIET is a flag"));
}

// A key directory as Kubernetes mounts a Secret: hidden entries skipped, raw keys and SPECs read, a key other
// users can read refused with a reason, a bad key named by its file, the number of entries bounded.
void TestServeCodec::keyDirectoryLayout()
{
    QTemporaryDir dir;
    const auto keys = KeySpec::readKeyFile(test::codecVector(QStringLiteral("codec-keys.txt")));
    QVERIFY(keys.ok());
    const SecretPtr test = keys.value().front().key;
    const QString secret = dir.filePath(QStringLiteral("secret"));
    QVERIFY(writeSecretVolume(secret, QStringLiteral("2026_12_06_08_00_00.1"), {{QStringLiteral("test"), test}},
                              QFileDevice::ReadOwner | QFileDevice::ReadGroup));
    QFile spec(QDir(secret).filePath(QStringLiteral("as-spec")));
    QVERIFY(spec.open(QIODevice::WriteOnly));
    spec.write("hex:000102030405060708090a0b0c0d0e0f\n");
    spec.close();
    QVERIFY(spec.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    auto read = KeyDirectory::read(secret);
    QVERIFY2(read.ok(), qPrintable(read.error().toString()));
    QCOMPARE(read.value().size(), size_t(2));
    QCOMPARE(read.value()[0].id, QStringLiteral("as-spec"));
    QCOMPARE(read.value()[0].key->size(), size_t(16));
    QCOMPARE(read.value()[1].id, QStringLiteral("test"));
    QVERIFY(*read.value()[1].key == *test);
    const QByteArray before = KeyDirectory::fingerprint(secret);
    QCOMPARE(KeyDirectory::fingerprint(secret), before);

    QVERIFY(spec.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    QVERIFY(KeyDirectory::fingerprint(secret) != before); // a mode change is a change
    read = KeyDirectory::read(secret);
    QVERIFY(!read.ok());
    QVERIFY2(read.error().toString().contains(QStringLiteral("other users can read this key file (mode 0604)")), qPrintable(read.error().toString()));
    QVERIFY(read.error().toString().contains(QStringLiteral("as-spec")));
    QVERIFY(spec.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));

    QVERIFY(spec.open(QIODevice::WriteOnly | QIODevice::Truncate));
    spec.write("short-and-secret");
    spec.write("!");
    spec.close();
    read = KeyDirectory::read(secret);
    QVERIFY(!read.ok());
    QVERIFY2(read.error().toString().contains(QStringLiteral("key as-spec: the key is 17 bytes")), qPrintable(read.error().toString()));
    QVERIFY(!read.error().toString().contains(QStringLiteral("short-and-secret")));
    QVERIFY(QFile::remove(spec.fileName()));

    QVERIFY(!KeyDirectory::read(dir.filePath(QStringLiteral("absent"))).ok());
    // A FIFO among the keys (mode 0600, so the mode check passes) is refused at once, not read until a writer comes.
    const QString fifo = QDir(secret).filePath(QStringLiteral("a-fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    read = KeyDirectory::read(secret);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().code, ErrorCode::NotAFile);
    QVERIFY2(read.error().toString().contains(QStringLiteral("a-fifo")), qPrintable(read.error().toString()));
    QVERIFY(QFile::remove(fifo));
    QVERIFY(KeyDirectory::read(secret).ok());
    if (::geteuid() != 0) { // root lists any folder
        QVERIFY(QFile::setPermissions(secret, QFileDevice::WriteOwner));
        read = KeyDirectory::read(secret);
        QVERIFY(QFile::setPermissions(secret, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, ErrorCode::PermissionDenied);
    }
    const QString crowded = dir.filePath(QStringLiteral("crowded"));
    QVERIFY(QDir().mkpath(crowded));
    for (int i = 0; i <= KeyDirectory::kMaxEntries; ++i)
        QVERIFY(writeRawKey(QDir(crowded).filePath(QStringLiteral("k%1").arg(i)), test, QFileDevice::ReadOwner));
    read = KeyDirectory::read(crowded);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().code, ErrorCode::TooLarge);
}

// Keys from a mounted Secret rotate under load: `..data` swapped to a new folder holding a second key, the server
// picks it up within seconds while a client decodes without pause, and no request fails; a rotation that leaves a
// bad file keeps the keys in force; the metrics count both. The options come from a --config file.
void TestServeCodec::keysRotateWithoutDroppingARequest()
{
    QTemporaryDir dir;
    const auto keys = KeySpec::readKeyFile(test::codecVector(QStringLiteral("codec-keys.txt")));
    QVERIFY(keys.ok());
    std::map<QString, SecretPtr> byId;
    for (const auto& key : keys.value())
        byId[key.id] = key.key;
    const QString secret = dir.filePath(QStringLiteral("codec-keys"));
    const auto readable = QFileDevice::ReadOwner | QFileDevice::ReadGroup; // defaultMode 0440 with fsGroup
    QVERIFY(writeSecretVolume(secret, QStringLiteral("2026_12_06_08_00_00.1"), {{QStringLiteral("test"), byId[QStringLiteral("test")]}}, readable));
    const QString config = dir.filePath(QStringLiteral("serve.toml"));
    QFile configFile(config);
    QVERIFY(configFile.open(QIODevice::WriteOnly));
    configFile.write("# serve-codec for a cluster\nlisten = \"127.0.0.1:0\"\nkey-dir = [\"" + secret.toUtf8()
                     + "\"]\nno-keychain = true\nwatch-keys = 1\nlog-format = \"json\"\nmax-payloads = 50\n");
    configFile.close();
    QProcess server;
    const quint16 port = test::startServer(server, dir.filePath(QStringLiteral("port")), {QStringLiteral("--config"), config});
    QVERIFY2(port != 0, server.readAllStandardError().constData());

    const Payload& steady = signalInput(QStringLiteral("go-encryption"));
    const Payload& rotatedIn = signalInput(QStringLiteral("aes-128")); // under k128, which the first volume lacks
    const QByteArray steadyBody = body({&steady});
    auto first = test::decodeOnce(port, body({&rotatedIn}));
    QCOMPARE(first.first, 200);
    QVERIFY(same(read(first.second).front(), rotatedIn)); // not ours yet: returned as sent

    std::atomic<bool> loading{true};
    std::atomic<int> served{0}, failed{0};
    std::thread client([&] {
        while (loading) {
            const auto answer = test::decodeOnce(port, steadyBody);
            const auto payloads = read(answer.second);
            if (answer.first == 200 && payloads.size() == 1 && !same(payloads.front(), steady))
                ++served;
            else
                ++failed;
        }
    });
    QTest::qWait(500);
    QVERIFY(writeSecretVolume(secret, QStringLiteral("2026_12_06_08_05_00.2"),
                              {{QStringLiteral("test"), byId[QStringLiteral("test")]}, {QStringLiteral("k128"), byId[QStringLiteral("k128")]}},
                              readable));
    QElapsedTimer rotation;
    rotation.start();
    bool pickedUp = false;
    while (!pickedUp && rotation.elapsed() < 10000) {
        const auto answer = test::decodeOnce(port, body({&rotatedIn}));
        pickedUp = answer.first == 200 && !same(read(answer.second).front(), rotatedIn);
        if (!pickedUp)
            QTest::qWait(100);
    }
    QVERIFY2(pickedUp, "the rotated key was not used within 10 s");
    QVERIFY(rotation.elapsed() < 5000);
    // A rotation that goes wrong (a key file others can read): the keys in force stay.
    QVERIFY(writeSecretVolume(secret, QStringLiteral("2026_12_06_08_10_00.3"), {{QStringLiteral("test"), byId[QStringLiteral("test")]}},
                              readable | QFileDevice::ReadOther));
    QTest::qWait(2500);
    QCOMPARE(test::decodeOnce(port, body({&rotatedIn})).first, 200);
    QVERIFY(!same(read(test::decodeOnce(port, body({&rotatedIn})).second).front(), rotatedIn)); // k128 still served
    loading = false;
    client.join();
    QCOMPARE(failed.load(), 0);
    QVERIFY(served.load() > 10);

    const auto metrics = test::httpRequest("GET", QStringLiteral("http://127.0.0.1:%1/metrics").arg(port), {});
    QVERIFY(metrics.body.contains("historylens_codec_key_reloads_total{result=\"ok\"} 1\n"));
    QVERIFY(metrics.body.contains("historylens_codec_key_reloads_total{result=\"failed\"} 1\n"));
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(15000));
    QCOMPARE(server.exitCode(), 0);
    const QByteArray said = server.readAllStandardError();
    // --log-format json (from the config file): the reloads too are one object a line.
    QStringList reloads;
    for (const QByteArray& text : said.split('\n')) {
        const QJsonObject line = QJsonDocument::fromJson(text).object();
        if (line.value(QStringLiteral("event")).toString() == QLatin1String("reload"))
            reloads << line.value(QStringLiteral("level")).toString() + QLatin1Char(' ') + line.value(QStringLiteral("message")).toString();
    }
    QCOMPARE(reloads.size(), 2);
    QCOMPARE(reloads[0], QStringLiteral("info keys reloaded: 2 keys (added k128)"));
    QVERIFY2(reloads[1].startsWith(QStringLiteral("error key reload failed, keeping the 2 keys in use"))
                 && reloads[1].contains(QStringLiteral("other users can read this key file")), qPrintable(reloads[1]));
    for (const auto& [id, key] : byId)
        QVERIFY(!said.contains(QByteArray(reinterpret_cast<const char*>(key->data()), qsizetype(key->size()))));
}

// A key file or key directory entry that other users can read stops serve-codec before it serves, saying which
// file and what to do.
void TestServeCodec::keyFilesOthersCanReadAreRefused()
{
    QTemporaryDir dir;
    const QString keyFile = dir.filePath(QStringLiteral("keys.txt"));
    QVERIFY(QFile::copy(test::codecVector(QStringLiteral("codec-keys.txt")), keyFile));
    QVERIFY(QFile::setPermissions(keyFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    QProcess refused;
    refused.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--no-keychain"), QStringLiteral("--key-file"), keyFile});
    QVERIFY(refused.waitForFinished(10000));
    QCOMPARE(refused.exitCode(), 2);
    const QByteArray said = refused.readAllStandardError();
    QVERIFY2(said.contains("other users can read this key file (mode 0604)") && said.contains(keyFile.toUtf8()), said.constData());

    const QString folder = dir.filePath(QStringLiteral("keys"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(writeRawKey(QDir(folder).filePath(QStringLiteral("test")), KeySpec::parse(QStringLiteral("text:test-key-test-key-test-key-test!")).value(),
                        QFileDevice::ReadOwner | QFileDevice::ReadOther));
    QProcess refusedDir;
    refusedDir.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--no-keychain"), QStringLiteral("--key-dir"), folder});
    QVERIFY(refusedDir.waitForFinished(10000));
    QCOMPARE(refusedDir.exitCode(), 2);
    QVERIFY(refusedDir.readAllStandardError().contains("/keys/test: other users can read this key file"));

    // A key file's `file:` key is held to the same rule as the key file.
    const QString target = dir.filePath(QStringLiteral("shared.key"));
    QVERIFY(writeRawKey(target, KeySpec::parse(QStringLiteral("text:test-key-test-key-test-key-test!")).value(),
                        QFileDevice::ReadOwner | QFileDevice::ReadOther));
    const QString pointing = dir.filePath(QStringLiteral("pointing.txt"));
    QFile pointingFile(pointing);
    QVERIFY(pointingFile.open(QIODevice::WriteOnly));
    pointingFile.write("shared=file:" + QFile::encodeName(target) + "\n");
    pointingFile.close();
    QVERIFY(pointingFile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QProcess refusedTarget;
    refusedTarget.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--no-keychain"), QStringLiteral("--key-file"), pointing});
    QVERIFY(refusedTarget.waitForFinished(10000));
    QCOMPARE(refusedTarget.exitCode(), 2);
    const QByteArray saidTarget = refusedTarget.readAllStandardError();
    QVERIFY2(saidTarget.contains("shared.key") && saidTarget.contains("other users can read this key file"), saidTarget.constData());
}

// A key file's name is the key id the reload line names: a newline or an escape sequence in it is written as \xNN
// in the text log, so it can neither forge a line nor drive the terminal of whoever reads the log.
void TestServeCodec::textLogKeepsKeyNamesOnOneLine()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("keys"));
    QVERIFY(QDir().mkpath(folder));
    const SecretPtr key = KeySpec::parse(QStringLiteral("text:test-key-test-key-test-key-test!")).value();
    QVERIFY(writeRawKey(QDir(folder).filePath(QStringLiteral("first")), key, QFileDevice::ReadOwner));
    QProcess server;
    const quint16 port = test::startServer(server, dir.filePath(QStringLiteral("port")),
                                           {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--no-keychain"),
                                            QStringLiteral("--key-dir"), folder, QStringLiteral("--watch-keys"), QStringLiteral("1")});
    QVERIFY2(port != 0, server.readAllStandardError().constData());
    QVERIFY(writeRawKey(QDir(folder).filePath(QStringLiteral("evil\n2026-12-06T00:00:00.000Z 10.0.0.1 POST decode -> 200 ok\x1b[2J")),
                        key, QFileDevice::ReadOwner));
    QByteArray said;
    QTRY_VERIFY_WITH_TIMEOUT((said += server.readAllStandardError()).contains("keys reloaded"), 10000);
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(15000));
    said += server.readAllStandardError();
    QVERIFY2(said.contains("evil\\x0a2026-12-06T00:00:00.000Z 10.0.0.1 POST decode -> 200 ok\\x1b[2J"), said.constData());
    for (const QByteArray& line : said.split('\n'))
        QVERIFY2(!line.startsWith("2026-12-06T00:00:00.000Z"), said.constData());
    QVERIFY(!said.contains('\x1b'));
}

// serve-codec --config: a TOML file of options, below the environment and the command line; a key no option has, a
// flag given a value, a secret in it, refused naming the line.
void TestServeCodec::optionsFile()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("serve.toml"));
    auto write = [&](const QByteArray& text) {
        QFile file(config);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
    };
    QVERIFY(write("listen = \"127.0.0.1:1\"\nkey-file = \"" + test::codecVector(QStringLiteral("codec-keys.txt")).toUtf8()
                  + "\"\nno-keychain = true\norigin = [\"http://a.example\", \"http://b.example\"]\nmax-payloads = 5\n"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_MAX_PAYLOADS"), QStringLiteral("2")); // the environment wins over the file
    QProcess server;
    const quint16 port = test::startServer(server, dir.filePath(QStringLiteral("port")),
                                     {QStringLiteral("--config"), config, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}, environment);
    QVERIFY2(port != 0, server.readAllStandardError().constData());
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const auto answer = test::postJson(base + QStringLiteral("/decode"), body({&encrypted}), {{"Origin", "http://b.example"}});
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Access-Control-Allow-Origin"), QByteArray("http://b.example"));
    QVERIFY(!same(read(answer.body).front(), encrypted));
    QCOMPARE(test::postJson(base + QStringLiteral("/decode"), body({&encrypted, &encrypted, &encrypted})).status, 413);
    server.terminate();
    QVERIFY(server.waitForFinished(15000));

    const std::vector<std::pair<QByteArray, QByteArray>> refusals{
        {"listen = \"127.0.0.1:0\"\nlisten-on = \"x\"\n", "no option is called listen-on"},
        {"quiet = \"yes\"\n", "quiet is a flag: true or false"},
        {"key = \"test=text:test-key-test-key-test-key-test!\"\n", "key cannot be set in an options file"},
        {"listen = 8888\nlisten = 9999\n", "line 2"},
        {"origin = [{ a = 1 }]\n", "origin must list strings or numbers"},
        {"max-body = [1, 2]\n", "max-body takes one value"},
    };
    for (const auto& [text, expected] : refusals) {
        QVERIFY(write(text));
        QProcess refused;
        refused.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--config"), config});
        QVERIFY(refused.waitForFinished(10000));
        QCOMPARE(refused.exitCode(), 2);
        const QByteArray said = refused.readAllStandardError();
        QVERIFY2(said.contains(expected) && said.contains(config.toUtf8()), said.constData());
        QVERIFY(!said.contains("test-key-test"));
    }
}

// SIGHUP: a renewed certificate is presented to the connections that come after it, the access rules are read
// again, and a bad certificate keeps the one in use; the process goes on serving.
void TestServeCodec::sighupReloadsTlsAndRules()
{
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("tls.crt")), key = dir.filePath(QStringLiteral("tls.key"));
    QVERIFY(QFile::copy(m_codecDir + QStringLiteral("/server.pem"), cert));
    QVERIFY(QFile::copy(m_codecDir + QStringLiteral("/server.key"), key));
    const QString rules = dir.filePath(QStringLiteral("rules.toml"));
    QVERIFY(QFile::copy(tokensDir() + QStringLiteral("/rules.toml"), rules)); // a request without a token is refused
    QProcess server;
    const quint16 port = test::startServer(server, dir.filePath(QStringLiteral("port")),
                                     {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--no-keychain"),
                                      QStringLiteral("--key-file"), test::codecVector(QStringLiteral("codec-keys.txt")),
                                      QStringLiteral("--tls-cert-path"), cert, QStringLiteral("--tls-key-path"), key,
                                      QStringLiteral("--jwks"), tokensDir() + QStringLiteral("/jwks.json"), QStringLiteral("--rules"), rules,
                                      QStringLiteral("--watch-keys"), QStringLiteral("0")}); // only SIGHUP reloads here
    QVERIFY2(port != 0, server.readAllStandardError().constData());
    auto presented = [port] { return presentedCertificate(port); };
    const QSslCertificate original = QSslCertificate::fromPath(m_codecDir + QStringLiteral("/server.pem")).constFirst();
    const QSslCertificate renewed = QSslCertificate::fromPath(m_codecDir + QStringLiteral("/ca.pem")).constFirst();
    QCOMPARE(presented(), original);
    QSslSocket held; // a connection open across the reload keeps working
    held.setPeerVerifyMode(QSslSocket::VerifyNone);
    held.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    QVERIFY(held.waitForEncrypted(5000));

    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const QString url = QStringLiteral("https://127.0.0.1:%1/decode").arg(port);
    QCOMPARE(test::postJson(url, body({&encrypted}), {}, m_codecDir + QStringLiteral("/ca.pem")).status, 401);

    QVERIFY(QFile::remove(cert) && QFile::remove(key) && QFile::remove(rules));
    QVERIFY(QFile::copy(m_codecDir + QStringLiteral("/ca.pem"), cert));
    QVERIFY(QFile::copy(m_codecDir + QStringLiteral("/ca.key"), key));
    QVERIFY(QFile::copy(tokensDir() + QStringLiteral("/rules-encoded.toml"), rules)); // now: returned encoded
    ::kill(pid_t(server.processId()), SIGHUP);
    QTRY_COMPARE_WITH_TIMEOUT(presented(), renewed, 5000);
    // The connection opened before the reload still works, and its next request meets the new rules.
    const QByteArray payloads = body({&encrypted});
    held.write("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
               + QByteArray::number(payloads.size()) + "\r\n\r\n" + payloads);
    QByteArray answer;
    QDeadlineTimer deadline(5000);
    while (!answer.contains("\r\n\r\n{") && !deadline.hasExpired() && held.waitForReadyRead(500))
        answer += held.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    QVERIFY(same(read(answer.mid(answer.indexOf("\r\n\r\n") + 4)).front(), encrypted)); // denied: returned encoded

    QFile broken(key);
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
    broken.write("not a key\n");
    broken.close();
    ::kill(pid_t(server.processId()), SIGHUP);
    QTest::qWait(500);
    QCOMPARE(presented(), renewed);
    QCOMPARE(server.state(), QProcess::Running);

    // FIFOs where a renewed certificate and rules belong: refused at once, not waited on. A wait would hold the
    // thread that handles signals, and SIGTERM after it would never stop the server.
    QVERIFY(QFile::remove(cert) && QFile::remove(rules));
    QCOMPARE(::mkfifo(QFile::encodeName(cert).constData(), 0644), 0);
    QCOMPARE(::mkfifo(QFile::encodeName(rules).constData(), 0644), 0);
    ::kill(pid_t(server.processId()), SIGHUP);
    QTest::qWait(500);
    QCOMPARE(presented(), renewed);
    QElapsedTimer stopping;
    stopping.start();
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(15000));
    QVERIFY2(stopping.elapsed() < 5000, "SIGTERM waited on a reload");
    QCOMPARE(server.exitCode(), 0);
    const QByteArray said = server.readAllStandardError();
    QVERIFY2(said.contains("TLS certificate reloaded from"), said.constData());
    QVERIFY(said.contains("access rules reloaded from"));
    QVERIFY(said.contains("TLS reload failed, keeping the certificate in use"));
    QVERIFY2(said.contains("the TLS certificate must be a regular file"), said.constData());
    QVERIFY2(said.contains("the rules file must be a regular file"), said.constData());
}

// serve-codec --health-check, as a container's HEALTHCHECK runs it: the same options (here from the environment)
// reach the running server, over HTTPS with its certificate pinned; nothing listening is unhealthy.
void TestServeCodec::healthCheck()
{
    QTemporaryDir dir;
    QProcess server;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_TLS_CERT_PATH"), m_codecDir + QStringLiteral("/server.pem"));
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_TLS_KEY_PATH"), m_codecDir + QStringLiteral("/server.key"));
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_NO_KEYCHAIN"), QStringLiteral("1"));
    const quint16 port = test::startServer(server, dir.filePath(QStringLiteral("port")), {QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0")},
                                     environment);
    QVERIFY2(port != 0, server.readAllStandardError().constData());
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_LISTEN"), QStringLiteral("0.0.0.0:%1").arg(port));
    QProcess check;
    check.setProcessEnvironment(environment);
    check.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--health-check")});
    QVERIFY(check.waitForFinished(10000));
    QCOMPARE(check.exitCode(), 0);
    // Another certificate is not this server's, whatever it says.
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_TLS_CERT_PATH"), m_codecDir + QStringLiteral("/ca.pem"));
    environment.insert(QStringLiteral("HISTORYLENS_SERVE_TLS_KEY_PATH"), m_codecDir + QStringLiteral("/ca.key"));
    check.setProcessEnvironment(environment);
    check.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--health-check")});
    QVERIFY(check.waitForFinished(10000));
    QCOMPARE(check.exitCode(), 1);
    server.terminate();
    QVERIFY(server.waitForFinished(15000));
    check.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--health-check"), QStringLiteral("--listen"),
                                              QStringLiteral("127.0.0.1:%1").arg(port)});
    QVERIFY(check.waitForFinished(10000));
    QCOMPARE(check.exitCode(), 1);
    QVERIFY(check.readAllStandardError().contains("unhealthy"));

    // Whatever answers 200 with an endless body is not a serve-codec, and is not read into memory.
    QProcess endless;
    endless.start(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral(
        "import socket\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1); print(s.getsockname()[1], flush=True)\n"
        "c, _ = s.accept(); c.recv(4096)\n"
        "c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: 1073741824\\r\\n\\r\\n')\n"
        "try:\n"
        "    while True: c.sendall(bytes(65536))\n"
        "except OSError: pass\n")});
    QVERIFY(endless.waitForReadyRead(10000));
    const QString endlessPort = QString::fromUtf8(endless.readLine()).trimmed();
    QProcessEnvironment plain = QProcessEnvironment::systemEnvironment();
    plain.insert(QStringLiteral("HISTORYLENS_SERVE_NO_KEYCHAIN"), QStringLiteral("1"));
    check.setProcessEnvironment(plain);
    check.start(QStringLiteral(HL_CLI_PATH), {QStringLiteral("serve-codec"), QStringLiteral("--health-check"), QStringLiteral("--listen"),
                                              QStringLiteral("127.0.0.1:") + endlessPort});
    QVERIFY(check.waitForFinished(10000));
    QCOMPARE(check.exitCode(), 1);
    const QByteArray overlong = check.readAllStandardError();
    QVERIFY2(overlong.contains("with more than 4096 bytes"), overlong.constData());
    endless.kill();
    endless.waitForFinished(5000);
}

// A TLS Secret renewed by cert-manager, as kubelet mounts it (tls.crt and tls.key through `..data`, swapped in one
// rename): the next connections get the new certificate within seconds, with no signal and no restart; the access
// rules, edited, likewise.
void TestServeCodec::tlsRenewedWithoutASignal()
{
    QTemporaryDir dir;
    const QString secret = dir.filePath(QStringLiteral("tls"));
    auto mount = [&](const QString& version, const QString& pem, const QString& key) {
        const QString folder = secret + QStringLiteral("/..") + version;
        if (!QDir().mkpath(folder) || !QFile::copy(pem, folder + QStringLiteral("/tls.crt")) || !QFile::copy(key, folder + QStringLiteral("/tls.key")))
            return false;
        QFile::remove(secret + QStringLiteral("/..data_tmp"));
        if (!QFile::link(QStringLiteral("..") + version, secret + QStringLiteral("/..data_tmp")))
            return false;
        if (::rename(QFile::encodeName(secret + QStringLiteral("/..data_tmp")).constData(), QFile::encodeName(secret + QStringLiteral("/..data")).constData()) != 0)
            return false;
        return (QFile::exists(secret + QStringLiteral("/tls.crt")) || QFile::link(QStringLiteral("..data/tls.crt"), secret + QStringLiteral("/tls.crt")))
            && (QFile::exists(secret + QStringLiteral("/tls.key")) || QFile::link(QStringLiteral("..data/tls.key"), secret + QStringLiteral("/tls.key")));
    };
    QVERIFY(mount(QStringLiteral("2026_12_06_09_00_00.1"), m_codecDir + QStringLiteral("/server.pem"), m_codecDir + QStringLiteral("/server.key")));
    const QString rules = dir.filePath(QStringLiteral("rules.toml"));
    QVERIFY(QFile::copy(tokensDir() + QStringLiteral("/rules.toml"), rules)); // a request without a token is refused
    QProcess server;
    const quint16 port = test::startServer(server, dir.filePath(QStringLiteral("port")),
                                           {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--no-keychain"),
                                            QStringLiteral("--key-file"), test::codecVector(QStringLiteral("codec-keys.txt")),
                                            QStringLiteral("--tls-cert-path"), secret + QStringLiteral("/tls.crt"),
                                            QStringLiteral("--tls-key-path"), secret + QStringLiteral("/tls.key"),
                                            QStringLiteral("--jwks"), tokensDir() + QStringLiteral("/jwks.json"), QStringLiteral("--rules"), rules,
                                            QStringLiteral("--watch-keys"), QStringLiteral("1")});
    QVERIFY2(port != 0, server.readAllStandardError().constData());
    auto presented = [port] { return presentedCertificate(port); };
    QCOMPARE(presented(), QSslCertificate::fromPath(m_codecDir + QStringLiteral("/server.pem")).constFirst());
    // The rules edited in place (a ConfigMap's update): served without a signal.
    const Payload& encrypted = signalInput(QStringLiteral("go-encryption"));
    const QString url = QStringLiteral("https://127.0.0.1:%1/decode").arg(port);
    QCOMPARE(test::postJson(url, body({&encrypted}), {}, m_codecDir + QStringLiteral("/ca.pem")).status, 401);
    QVERIFY(QFile::remove(rules) && QFile::copy(tokensDir() + QStringLiteral("/rules-encoded.toml"), rules)); // returned encoded
    QTRY_COMPARE_WITH_TIMEOUT(test::postJson(url, body({&encrypted}), {}, m_codecDir + QStringLiteral("/ca.pem")).status, 200, 5000);
    // The certificate renewed:
    QVERIFY(mount(QStringLiteral("2026_12_06_09_30_00.2"), m_codecDir + QStringLiteral("/ca.pem"), m_codecDir + QStringLiteral("/ca.key")));
    QTRY_COMPARE_WITH_TIMEOUT(presented(), QSslCertificate::fromPath(m_codecDir + QStringLiteral("/ca.pem")).constFirst(), 5000);

    server.terminate();
    QVERIFY(server.waitForFinished(15000));
    const QByteArray said = server.readAllStandardError();
    QVERIFY(said.contains("TLS certificate reloaded from"));
    QVERIFY(said.contains("access rules reloaded from"));
}

QTEST_GUILESS_MAIN(TestServeCodec)
#include "tst_servecodec.moc"
