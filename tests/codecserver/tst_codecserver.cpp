#ifndef Q_MOC_RUN
#include "codec/historydecoder.h"
#include "codec/payloadencoder.h"
#include "codecserver/codecserverclient.h"
#include "codecserver/payloadsjson.h"
#include "session/decodetask.h"
#include "session/decodingservice.h"
#include "format/historyreader.h"
#include "keys/keyspec.h"
#include "render/eventtext.h"
#include "render/historyjsonwriter.h"
#include "support/codecvectors.h"
#include "support/historyevents.h"
#include "support/jsonrewrite.h"
#include "support/testpaths.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#endif

#include "codecserver/testcodecservers.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace hl;
using temporal::api::common::v1::Payload;

namespace {

// GET or POST on a test server's own routes (/stats, /log, /reset).

int serverRequests(const QString& base)
{
    return test::callTestServer(base + QStringLiteral("/stats")).object()[QLatin1String("requests")].toInt();
}

// A readable event without its `encodingChain` fields, which name the remote step.
QJsonValue withoutChains(const QJsonValue& value)
{
    return test::rewriteJson(value, {}, {QStringLiteral("encodingChain")});
}

SecretPtr secret(const char* text)
{
    return std::make_shared<const SecretBytes>(std::string_view(text));
}

} // namespace

// Decoding through real Codec Servers on 127.0.0.1, started by the codec_servers fixture: one on the Go SDK's
// NewPayloadCodecHTTPHandler, one on the Python SDK's PayloadCodec served by aiohttp (which also misbehaves on
// purpose under /bad/<mode>/). Payloads are the codec vectors made by tools/make_codec_vectors.py.
class TestCodecServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void vectorsDecodeThroughEachServer_data();
    void vectorsDecodeThroughEachServer();
    void oneRequestForAllTheGoodPayloads_data();
    void oneRequestForAllTheGoodPayloads();
    void encodeThroughEachServer_data();
    void encodeThroughEachServer();
    void batchesAreBoundedAndCached();
    void tooLargeBodiesAreSplitAndRemembered();
    void localKeysFirstThenTheServer();
    void headersAsTheTemporalCliSendsThem();
    void misbehavingServers_data();
    void misbehavingServers();
    void redirectsKeepCredentialsAtHome();
    void deadPortPlaintextAuthAndTls();
    void httpsIsVerifiedWithTheSystemOrAGivenCa();
    void cancelEndsAHangingRequest();
    void serviceNeverWaitsForAHangingServer();
    void answersAreReadInBothJsonFlavours();
    void cliRendersAsLocalDecodingDoes();
    void cliTakesTheTemporalCliConfiguration();
    void frontendHistoryThroughCodecServer();

private:
    CodecServerSettings settingsFor(const QString& endpoint) const;
    const Payload& signalInput(const QString& signal) const;
    std::vector<const Payload*> goodPayloads() const;
    // Through DecodingService, as the app decodes: the Codec Server's part on the network thread, asynchronously.
    Result<DecodedPayloadsPtr> decodeVectors(std::shared_ptr<CodecServerClient> client, std::shared_ptr<const KeyRing> keys = nullptr) const;

    QString m_go;
    QString m_python;
    QString m_pythonHttps;
    QString m_caFile;
    History m_history;
    History m_batchHistory;
    QJsonArray m_expected;
    std::shared_ptr<KeyRing> m_allKeys = std::make_shared<KeyRing>();
};

void TestCodecServer::initTestCase()
{
    test::TestCodecServers servers;
    QVERIFY2(servers.load(), "the codec_servers fixture did not run");
    m_go = servers.go;
    m_python = servers.python;
    m_pythonHttps = servers.pythonHttps;
    m_caFile = servers.caFile;

    auto file = HistoryReader().readFile(test::codecVector(QStringLiteral("codec-history.json")));
    QVERIFY2(file.ok(), qPrintable(file.error().toString()));
    m_history = file->histories.front();
    auto batch = HistoryReader().readFile(test::codecVector(QStringLiteral("codec-batch-history.json")));
    QVERIFY2(batch.ok(), qPrintable(batch.error().toString()));
    m_batchHistory = batch->histories.front();
    m_expected = test::codecVectorExpectations();
    QVERIFY(!m_expected.isEmpty());
    const auto keys = test::insertCodecVectorKeys(m_allKeys.get());
    QVERIFY2(keys.ok(), qPrintable(keys.error().toString()));
}

void TestCodecServer::init()
{
    test::callTestServer(m_python + QStringLiteral("/reset"), true);
}

CodecServerSettings TestCodecServer::settingsFor(const QString& endpoint) const
{
    CodecServerSettings settings;
    settings.endpoint = endpoint;
    settings.temporalNamespace = QStringLiteral("default");
    settings.order = CodecServerSettings::Order::RemoteOnly;
    return settings;
}

const Payload& TestCodecServer::signalInput(const QString& signal) const
{
    return test::signalInput(m_history, signal);
}

std::vector<const Payload*> TestCodecServer::goodPayloads() const
{
    std::vector<const Payload*> payloads;
    for (const QJsonValue& entry : m_expected) {
        if (entry[QLatin1String("status")] == QLatin1String("decoded"))
            payloads.push_back(&signalInput(entry[QLatin1String("signal")].toString()));
    }
    return payloads;
}

Result<DecodedPayloadsPtr> TestCodecServer::decodeVectors(std::shared_ptr<CodecServerClient> client, std::shared_ptr<const KeyRing> keys) const
{
    DecodeRequest request;
    request.history = m_history;
    request.knownKeys = keys;
    request.codecServer = std::move(client);
    return DecodingService::decodeNow(std::move(request));
}

void TestCodecServer::vectorsDecodeThroughEachServer_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("go") << QStringLiteral("go");
    QTest::newRow("python") << QStringLiteral("python");
}

void TestCodecServer::vectorsDecodeThroughEachServer()
{
    QFETCH(QString, server);
    const QString endpoint = server == QLatin1String("go") ? m_go : m_python;
    auto client = std::make_shared<CodecServerClient>(settingsFor(endpoint));
    auto decoded = decodeVectors(client);
    QVERIFY(decoded.ok());
    PayloadContext context;
    context.decoded = decoded.value();
    const std::string remoteStep = "remote(" + client->settings().hostLabel().toStdString() + ")";

    for (const QJsonValue& entry : std::as_const(m_expected)) {
        const QString signal = entry[QLatin1String("signal")].toString();
        const QString status = entry[QLatin1String("status")].toString();
        const Payload& stored = signalInput(signal);
        const DecodedPayload* outcome = context.find(stored);
        if (status == QLatin1String("notEncoded")) {
            QVERIFY2(!outcome, qPrintable(signal)); // never sent: nothing to decode
            continue;
        }
        QVERIFY2(outcome, qPrintable(signal));
        if (status == QLatin1String("failed")) {
            // Each failure has its reason, from the server or from what came back.
            QVERIFY2(outcome->failed() && outcome->error && !outcome->error->message.isEmpty(), qPrintable(signal));
            QVERIFY(!context.decoded->decodedPayload(stored));
            continue;
        }
        QVERIFY2(!outcome->failed(), qPrintable(signal + QStringLiteral(": ") + (outcome->error ? outcome->error->message : QString())));
        QVERIFY2(outcome->layers.rfind(remoteStep, 0) == 0, outcome->layers.c_str());
        // The innermost encoding is the one local decoding reaches.
        QVERIFY(entry[QLatin1String("chain")].toString().endsWith(QString::fromStdString(outcome->encoding)));
        Payload want;
        const QByteArray wantJson = QJsonDocument(entry[QLatin1String("payload")].toObject()).toJson(QJsonDocument::Compact);
        QVERIFY(google::protobuf::util::JsonStringToMessage(wantJson.toStdString(), &want).ok());
        const auto payload = context.decoded->decodedPayload(stored, false);
        QVERIFY2(payload, qPrintable(signal));
        QVERIFY2(google::protobuf::util::MessageDifferencer::Equals(*payload, want), payload->DebugString().c_str());
    }
    // The Python sample's codec does no zlib: the local chain takes that layer off what the server returned.
    const DecodedPayload* goSample = context.find(signalInput(QStringLiteral("go-encryption")));
    QCOMPARE(QString::fromStdString(goSample->chainText()),
             server == QLatin1String("go") ? QString::fromStdString(remoteStep + " > json/plain")
                                           : QString::fromStdString(remoteStep + " > binary/zlib > json/plain"));

    // Failures' encoded attributes come back as their message and stack trace, as with local keys.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    HistoryJsonWriter writer(HistoryJsonWriter::Style::Readable);
    writer.setPayloadContext(context);
    QVERIFY(writer.write(m_history, buffer).ok());
    const QJsonObject failure = QJsonDocument::fromJson(buffer.data()).object()[QLatin1String("events")].toArray().last()
                                    [QLatin1String("activityTaskFailedEventAttributes")][QLatin1String("failure")].toObject();
    QCOMPARE(failure[QLatin1String("message")].toString(), QStringLiteral("charge declined"));
    QCOMPARE(failure[QLatin1String("cause")][QLatin1String("message")].toString(), QStringLiteral("issuer said no"));
}

void TestCodecServer::oneRequestForAllTheGoodPayloads_data()
{
    vectorsDecodeThroughEachServer_data();
}

void TestCodecServer::oneRequestForAllTheGoodPayloads()
{
    QFETCH(QString, server);
    const QString endpoint = server == QLatin1String("go") ? m_go : m_python;
    const int before = serverRequests(endpoint);
    CodecServerClient client(settingsFor(endpoint));
    const auto payloads = goodPayloads();
    const auto outcomes = client.decode(payloads);
    for (const auto& outcome : outcomes)
        QVERIFY2(outcome.answer, outcome.error ? qPrintable(outcome.error->message) : "no answer");
    QCOMPARE(client.statistics().requests, 1);
    QCOMPARE(serverRequests(endpoint) - before, 1);
}

void TestCodecServer::encodeThroughEachServer_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("go") << QStringLiteral("go"); // the Python test server only decodes
}

// A query's argument encoded by the server's /encode (as `historylens-cli query` does without a local key), then
// decoded by the same server to what was written.
void TestCodecServer::encodeThroughEachServer()
{
    QFETCH(QString, server);
    const QString endpoint = server == QLatin1String("go") ? m_go : m_python;
    CodecServerClient client(settingsFor(endpoint));
    auto argument = PayloadEncoder::jsonPayload(QStringLiteral("{\"askedBy\": \"sam@example.com\", \"n\": 7}"));
    QVERIFY(argument.ok());
    const auto encoded = client.encode({&argument.value()});
    QCOMPARE(encoded.size(), size_t(1));
    QVERIFY2(encoded[0].answer, encoded[0].error ? qPrintable(encoded[0].error->message) : "no answer");
    Payload sent;
    QVERIFY(encoded[0].answer->expand(&sent));
    QVERIFY(sent.metadata().count("encoding") == 1 && sent.metadata().find("encoding")->second != "json/plain");
    QVERIFY(sent.data().find("sam@example.com") == std::string::npos);
    const auto decoded = client.decode({&sent});
    QVERIFY2(decoded[0].answer, decoded[0].error ? qPrintable(decoded[0].error->message) : "no answer");
    Payload back;
    QVERIFY(decoded[0].answer->expand(&back));
    QVERIFY(back.metadata().count("encoding") == 1);
    QCOMPARE(back.metadata().find("encoding")->second, std::string("json/plain"));
    QCOMPARE(QByteArray::fromStdString(back.data()), QByteArray(R"({"askedBy":"sam@example.com","n":7})"));
}

void TestCodecServer::batchesAreBoundedAndCached()
{
    const int before = serverRequests(m_go);
    auto cache = std::make_shared<RemoteAnswerCache>();
    auto client = std::make_shared<CodecServerClient>(settingsFor(m_go), cache);
    HistoryDecoder decoder(std::make_shared<CodecChain>(CodecChain::standard()), std::make_shared<KeyRing>());
    decoder.setCodecServer(client);
    auto decoded = decoder.decode(m_batchHistory);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->decodedCount(), qint64(2500));
    QCOMPARE(decoded->failedCount(), qint64(0));
    // 2,000 distinct payloads (500 more repeat them) in batches of at most 1,000.
    QCOMPARE(client->statistics().requests, 2);
    const QJsonObject stats = test::callTestServer(m_go + QStringLiteral("/stats")).object();
    QCOMPARE(stats[QLatin1String("requests")].toInt() - before, 2);
    QCOMPARE(cache->size(), size_t(2000));

    // Again in the session: nothing is sent.
    auto again = decoder.decode(m_batchHistory);
    QVERIFY(again.ok());
    QCOMPARE(again->decodedCount(), qint64(2500));
    QCOMPARE(client->statistics().requests, 2);
    QCOMPARE(client->statistics().cacheHits, 2500);

    // Another Authorization value empties the cache: its answers may differ.
    CodecServerSettings other = settingsFor(m_go);
    other.authorization = secret("Bearer another-token");
    auto otherClient = std::make_shared<CodecServerClient>(other, cache);
    QCOMPARE(cache->size(), size_t(0));
    decoder.setCodecServer(otherClient);
    QVERIFY(decoder.decode(m_batchHistory).ok());
    QCOMPARE(otherClient->statistics().requests, 2);

    // Smaller batches when asked.
    CodecServerSettings small = settingsFor(m_go);
    small.maxBatchPayloads = 300;
    auto smallClient = std::make_shared<CodecServerClient>(small);
    decoder.setCodecServer(smallClient);
    QVERIFY(decoder.decode(m_batchHistory).ok());
    QCOMPARE(smallClient->statistics().requests, 7); // ceil(2000 / 300)
}

void TestCodecServer::tooLargeBodiesAreSplitAndRemembered()
{
    // aiohttp refuses bodies over 1 MiB with 413, as the samples' Python server does; 2,000 payloads are ~1.6 MiB.
    CodecServerSettings settings = settingsFor(m_python);
    settings.maxBatchPayloads = 5000;
    settings.maxBatchBytes = 64 * 1024 * 1024;
    auto client = std::make_shared<CodecServerClient>(settings);
    HistoryDecoder decoder(std::make_shared<CodecChain>(CodecChain::standard()), std::make_shared<KeyRing>());
    decoder.setCodecServer(client);
    auto decoded = decoder.decode(m_batchHistory);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->decodedCount(), qint64(2500));
    QCOMPARE(client->statistics().requests, 3); // refused whole, then in halves
    QCOMPARE(client->statistics().retries, 0);

    QCOMPARE(client->statistics().splits, 1);

    // The smaller size holds for the session: no second 413.
    client->cache()->clear();
    auto again = decoder.decode(m_batchHistory);
    QVERIFY(again.ok());
    QCOMPARE(again->decodedCount(), qint64(2500));
    QCOMPARE(client->statistics().splits, 1);
}

void TestCodecServer::localKeysFirstThenTheServer()
{
    auto keys = std::make_shared<KeyRing>();
    keys->insert("test", m_allKeys->find("test")); // the Go sample's key only
    CodecServerSettings settings = settingsFor(m_python);
    settings.order = CodecServerSettings::Order::LocalFirst;
    auto client = std::make_shared<CodecServerClient>(settings);
    auto decoded = decodeVectors(client, keys);
    QVERIFY(decoded.ok());
    PayloadContext context;
    context.decoded = decoded.value();
    QCOMPARE(QString::fromStdString(context.find(signalInput(QStringLiteral("go-encryption")))->chainText()),
             QStringLiteral("binary/encrypted(key test) > binary/zlib > json/plain"));
    const DecodedPayload* python = context.find(signalInput(QStringLiteral("python-encryption")));
    QVERIFY(!python->failed());
    QVERIFY(python->layers.rfind("remote(", 0) == 0);
    // Only what the local chain could not decode went out.
    const QJsonArray log = test::callTestServer(m_python + QStringLiteral("/log")).array();
    const int sent = log[0][QLatin1String("payloads")].toInt(); // the first request held all of them
    QVERIFY2(sent > 0 && sent < 20, qPrintable(QString::number(sent)));
    // A payload neither could decode names both reasons.
    const DecodedPayload* unknown = context.find(signalInput(QStringLiteral("unknown-key-id")));
    QVERIFY(unknown->failed());
    QVERIFY2(unknown->error->message.contains(QLatin1String("nobody")) && unknown->error->message.contains(QLatin1String("Codec Server")),
             qPrintable(unknown->error->message));
    QCOMPARE(unknown->missingKeyId, std::string("nobody"));
}

void TestCodecServer::headersAsTheTemporalCliSendsThem()
{
    CodecServerSettings settings = settingsFor(m_python + QStringLiteral("/tenant/{namespace}/"));
    settings.temporalNamespace = QStringLiteral("payments");
    settings.authorization = secret("Bearer test-codec-token");
    settings.headers.emplace_back(QByteArrayLiteral("X-Extra"), secret("cf-access"));
    CodecServerClient client(settings);
    const auto outcomes = client.decode({&signalInput(QStringLiteral("python-encryption"))});
    QVERIFY(outcomes[0].answer);
    const QJsonObject request = test::callTestServer(m_python + QStringLiteral("/log")).array().last().toObject();
    QCOMPARE(request[QLatin1String("path")].toString(), QStringLiteral("/tenant/payments/decode"));
    QCOMPARE(request[QLatin1String("authorization")].toString(), QStringLiteral("Bearer test-codec-token"));
    QCOMPARE(request[QLatin1String("x-namespace")].toString(), QStringLiteral("payments"));
    QCOMPARE(request[QLatin1String("content-type")].toString(), QStringLiteral("application/json"));
    QCOMPARE(request[QLatin1String("x-extra")].toString(), QStringLiteral("cf-access"));
}

void TestCodecServer::misbehavingServers_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<bool>("decodes");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("says");
    QTest::addColumn<int>("requests");
    QTest::addColumn<qint64>("maxAnswerBytes");
    QTest::newRow("500 twice, then decoded") << "flaky-2" << 30000 << true << 0 << "" << 3 << qint64(0);
    QTest::newRow("500 always") << "status-500" << 30000 << false << int(ErrorCode::ServerError) << "500" << 3 << qint64(0);
    QTest::newRow("401") << "status-401" << 30000 << false << int(ErrorCode::Unauthenticated) << "rejected the token" << 1 << qint64(0);
    QTest::newRow("403") << "status-403" << 30000 << false << int(ErrorCode::Forbidden) << "refused access" << 1 << qint64(0);
    QTest::newRow("404 names the URL") << "status-404" << 30000 << false << int(ErrorCode::NotFound) << "/bad/status-404/decode" << 1 << qint64(0);
    QTest::newRow("413 splits down to what fits") << "limit-3" << 30000 << true << 0 << "" << 7 << qint64(0);
    QTest::newRow("garbage") << "garbage" << 30000 << false << int(ErrorCode::InvalidJson) << "not a Payloads JSON body" << 1 << qint64(0);
    QTest::newRow("wrong count") << "wrong-count" << 30000 << false << int(ErrorCode::InvalidStructure) << "answered 7 payloads for the 8 sent" << 1 << qint64(0);
    QTest::newRow("hang") << "hang" << 1000 << false << int(ErrorCode::DeadlineExceeded) << "did not answer within 1 s" << 1 << qint64(0);
    QTest::newRow("slow") << "slow" << 10000 << true << 0 << "" << 1 << qint64(0);
    // Bounded: every answer is cut off at 2 MiB; halved down to single payloads, which then fail alone.
    QTest::newRow("huge answer") << "huge" << 30000 << false << int(ErrorCode::TooLarge) << "answered more than 2 MiB" << 15
                                 << qint64(2 * 1024 * 1024);
    // A chunked answer without end, and one declaring 16 GiB: stopped at the bound as the bytes arrive. (A 256 KiB
    // bound: at 2 MiB the sanitizer build met its 30 s request deadline in two runs of four.)
    QTest::newRow("endless answer") << "endless" << 30000 << false << int(ErrorCode::TooLarge) << "answered more than 256 KiB" << 15
                                    << qint64(256 * 1024);
    QTest::newRow("16 GiB declared") << "endless-declared" << 30000 << false << int(ErrorCode::TooLarge)
                                     << "answered more than 256 KiB" << 15 << qint64(256 * 1024);
}

void TestCodecServer::misbehavingServers()
{
    QFETCH(QString, mode);
    QFETCH(int, timeoutMs);
    QFETCH(bool, decodes);
    QFETCH(int, code);
    QFETCH(QString, says);
    QFETCH(int, requests);
    QFETCH(qint64, maxAnswerBytes);
#if defined(HL_ADDRESS_SANITIZER)
    // In the full sanitizer suite one of these requests has waited past its 30 s deadline with no byte arriving
    // (three runs of five); the release suite checks them. docs/hardening.md notes it as open.
    if (mode.startsWith(QLatin1String("endless")))
        QSKIP("an endless answer under AddressSanitizer has stalled to its deadline; checked in the release suite");
#endif
    CodecServerSettings settings = settingsFor(m_python + QStringLiteral("/bad/") + mode);
    settings.timeoutMs = timeoutMs;
    if (maxAnswerBytes > 0)
        settings.maxAnswerBytes = maxAnswerBytes;
    CodecServerClient client(settings);
    auto payloads = goodPayloads();
    payloads.resize(8);
    QElapsedTimer timer;
    timer.start();
    const auto outcomes = client.decode(payloads);
    // None hangs: the hang ends at its 1 s deadline. Under AddressSanitizer, reading 15 answers of 2 MiB from a
    // server that never stops writing, on the same two cores, has taken over 30 s.
#if defined(HL_ADDRESS_SANITIZER)
    constexpr qint64 kNoHangMs = 90000;
#else
    constexpr qint64 kNoHangMs = 30000;
#endif
    QVERIFY2(timer.elapsed() < kNoHangMs, qPrintable(QStringLiteral("%1 ms").arg(timer.elapsed())));
    for (const auto& outcome : outcomes) {
        if (decodes) {
            QVERIFY2(outcome.answer, outcome.error ? qPrintable(outcome.error->message) : "");
        } else {
            QVERIFY(!outcome.answer);
            QVERIFY(outcome.error);
            QVERIFY2(int(outcome.error->code) == code, qPrintable(outcome.error->message));
            QVERIFY2(outcome.error->message.contains(says), qPrintable(outcome.error->message));
        }
    }
    QCOMPARE(client.statistics().requests, requests);
}

void TestCodecServer::redirectsKeepCredentialsAtHome()
{
    for (const bool sameOrigin : {false, true}) {
        CodecServerSettings settings = settingsFor(m_python + (sameOrigin ? QStringLiteral("/bad/redirect-same") : QStringLiteral("/bad/redirect")));
        settings.authorization = secret("Bearer test-codec-token");
        settings.headers.emplace_back(QByteArrayLiteral("X-Extra"), secret("cf-access"));
        CodecServerClient client(settings);
        const auto outcomes = client.decode({&signalInput(QStringLiteral("python-encryption"))});
        QVERIFY2(outcomes[0].answer, outcomes[0].error ? qPrintable(outcomes[0].error->message) : "");
        const QJsonObject moved = test::callTestServer(m_python + QStringLiteral("/log")).array().last().toObject();
        QCOMPARE(moved[QLatin1String("path")].toString(), QStringLiteral("/moved/decode"));
        QCOMPARE(moved[QLatin1String("x-namespace")].toString(), QStringLiteral("default"));
        if (sameOrigin) {
            QCOMPARE(moved[QLatin1String("authorization")].toString(), QStringLiteral("Bearer test-codec-token"));
        } else {
            QVERIFY(moved[QLatin1String("host")].toString().startsWith(QLatin1String("localhost:")));
            QVERIFY(moved[QLatin1String("authorization")].isNull());
            QVERIFY(moved[QLatin1String("x-extra")].isNull());
        }
    }
}

void TestCodecServer::deadPortPlaintextAuthAndTls()
{
    const Payload* payload = &signalInput(QStringLiteral("python-encryption"));
    {
        CodecServerClient client(settingsFor(QStringLiteral("http://127.0.0.1:9")));
        const auto outcomes = client.decode({payload});
        QVERIFY(outcomes[0].error);
        QCOMPARE(outcomes[0].error->code, ErrorCode::Unavailable);
        QVERIFY2(outcomes[0].error->message.contains(QLatin1String("connection refused")), qPrintable(outcomes[0].error->message));
        QCOMPARE(client.statistics().requests, 3); // retried with backoff
    }
    {
        CodecServerSettings settings = settingsFor(QStringLiteral("http://192.0.2.10:8081"));
        settings.authorization = secret("Bearer test-codec-token");
        CodecServerClient client(settings);
        QVERIFY(!client.check());
        QCOMPARE(client.check().error().code, ErrorCode::Forbidden);
        const auto outcomes = client.decode({payload});
        QVERIFY(outcomes[0].error);
        QCOMPARE(client.statistics().requests, 0); // refused before anything was sent
        settings.allowPlaintextAuth = true;
        QVERIFY(CodecServerClient(settings).check());
        settings.allowPlaintextAuth = false;
        settings.endpoint = QStringLiteral("http://localhost:8081");
        QVERIFY(CodecServerClient(settings).check()); // this machine is fine
    }
    {
        // HTTPS to a server that speaks plain HTTP: the handshake fails, and says so.
        CodecServerClient client(settingsFor(QString(m_python).replace(QLatin1String("http://"), QLatin1String("https://"))));
        const auto outcomes = client.decode({payload});
        QVERIFY(outcomes[0].error);
        QCOMPARE(outcomes[0].error->code, ErrorCode::TlsFailed);
        QVERIFY2(outcomes[0].error->message.startsWith(QLatin1String("TLS with the Codec Server")), qPrintable(outcomes[0].error->message));
    }
    {
        CodecServerClient client(settingsFor(QStringLiteral("ftp://127.0.0.1/codec")));
        QCOMPARE(client.check().error().code, ErrorCode::UsageError);
    }
}

void TestCodecServer::httpsIsVerifiedWithTheSystemOrAGivenCa()
{
    const Payload* payload = &signalInput(QStringLiteral("python-encryption"));
    {
        // A private CA the system does not know: refused, with what to do about it; nothing is sent in clear.
        CodecServerSettings settings = settingsFor(m_pythonHttps);
        settings.authorization = secret("Bearer test-codec-token");
        CodecServerClient client(settings);
        const auto outcomes = client.decode({payload});
        QVERIFY(outcomes[0].error);
        QCOMPARE(outcomes[0].error->code, ErrorCode::TlsFailed);
        QVERIFY2(outcomes[0].error->message.contains(QLatin1String("--codec-ca-file")), qPrintable(outcomes[0].error->message));
        QCOMPARE(client.statistics().retries, 0);
    }
    for (const QString& host : {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}) {
        CodecServerSettings settings = settingsFor(QString(m_pythonHttps).replace(QLatin1String("127.0.0.1"), host));
        settings.caFile = m_caFile;
        settings.authorization = secret("Bearer test-codec-token");
        CodecServerClient client(settings);
        QVERIFY(client.check());
        const auto outcomes = client.decode({payload});
        QVERIFY2(outcomes[0].answer, outcomes[0].error ? qPrintable(outcomes[0].error->message) : "");
        QCOMPARE(test::callTestServer(m_python + QStringLiteral("/log")).array().last()[QLatin1String("authorization")].toString(),
                 QStringLiteral("Bearer test-codec-token"));
    }
    {
        CodecServerSettings settings = settingsFor(m_pythonHttps);
        settings.caFile = QStringLiteral(HL_TEMPORAL_DIR "/codec/no-such-ca.pem");
        QCOMPARE(CodecServerClient(settings).check().error().code, ErrorCode::NotFound);
    }
}

void TestCodecServer::cancelEndsAHangingRequest()
{
    CodecServerSettings settings = settingsFor(m_python + QStringLiteral("/bad/hang"));
    CodecServerClient client(settings);
    std::atomic<bool> cancelled{false};
    std::thread canceller([&cancelled] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        cancelled = true;
    });
    QElapsedTimer timer;
    timer.start();
    const auto outcomes = client.decode({&signalInput(QStringLiteral("python-encryption"))}, &cancelled);
    canceller.join();
    QVERIFY(timer.elapsed() < 2000);
    QVERIFY(outcomes[0].error);
    QCOMPARE(outcomes[0].error->code, ErrorCode::Cancelled);
}

void TestCodecServer::serviceNeverWaitsForAHangingServer()
{
    // The calling thread's event loop keeps running while a Codec Server hangs, cancel ends the task at once, and a
    // task deleted while its request is in flight leaves nothing behind that could call back into it.
    auto client = std::make_shared<CodecServerClient>(settingsFor(m_python + QStringLiteral("/bad/hang")));
    DecodeRequest request;
    request.history = m_history;
    request.codecServer = client;
    QElapsedTimer timer;
    timer.start();
    DecodeTask* task = DecodingService::decode(request, this);
    QVERIFY(timer.elapsed() < 50);
    QSignalSpy finished(task, &DecodeTask::finished);
    int ticks = 0;
    QTimer ticking;
    connect(&ticking, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticking.start(10);
    QTRY_COMPARE_WITH_TIMEOUT(task->stage(), DecodeTask::Stage::CodecServer, 10000);
    QTest::qWait(500);
    QVERIFY2(ticks > 20, qPrintable(QString::number(ticks))); // the loop ran all along
    QVERIFY(task->isRunning());
    timer.restart();
    task->cancel();
    QCOMPARE(finished.count(), 1);
    QVERIFY(timer.elapsed() < 50);
    QCOMPARE(task->result().error().code, ErrorCode::Cancelled);
    delete task;

    DecodeTask* dropped = DecodingService::decode(request, this);
    QTRY_COMPARE_WITH_TIMEOUT(dropped->stage(), DecodeTask::Stage::CodecServer, 10000);
    delete dropped; // its request is aborted on the network thread; its answer has no one to go to
    QTest::qWait(300);

    // The service still decodes afterwards, through a server that answers.
    request.codecServer = std::make_shared<CodecServerClient>(settingsFor(m_go));
    auto decoded = DecodingService::decodeNow(request);
    QVERIFY(decoded.ok());
    QVERIFY(decoded.value()->decodedCount() > 0);
}

void TestCodecServer::answersAreReadInBothJsonFlavours()
{
    // Go's encoding/json (snake_case, trailing newline) and protobuf's JSON (camelCase, pretty) both read; the
    // request is canonical proto3 JSON. Checked on the wire above; here the parser's edges.
    std::vector<Payload> read;
    QVERIFY(PayloadsJson::read(R"({"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg"},"data":"e30-_w","external_payloads":[{"size_bytes":12}]}]})" "\n", &read));
    QCOMPARE(read.size(), size_t(1));
    QCOMPARE(read[0].metadata().at("encoding"), std::string("json/plain"));
    QCOMPARE(read[0].data(), std::string("{}>\xff", 4));
    QCOMPARE(read[0].external_payloads(0).size_bytes(), int64_t(12));
    read.clear();
    QVERIFY(PayloadsJson::read(R"({"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"externalPayloads":[{"sizeBytes":"7"}]}]})", &read));
    QCOMPARE(read[0].external_payloads(0).size_bytes(), int64_t(7));
    read.clear();
    QVERIFY(PayloadsJson::read("{}", &read));
    QVERIFY(read.empty());
    QVERIFY(!PayloadsJson::read(R"({"payloads":[{"data":"!!"}]})", &read));
    QVERIFY(!PayloadsJson::read(R"({"payloads":{}})", &read));
    QVERIFY(!PayloadsJson::read("<html>", &read));
    std::string written;
    PayloadsJson::write({&signalInput(QStringLiteral("not-encoded"))}, &written);
    QVERIFY(written.rfind(R"({"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":")", 0) == 0);
}

void TestCodecServer::cliRendersAsLocalDecodingDoes()
{
    const QString history = test::codecVector(QStringLiteral("codec-history.json"));
    const auto environment = QProcessEnvironment::systemEnvironment();
    auto local = test::runProcess(test::cliPath(), {QStringLiteral("show"), history, QStringLiteral("-o"), QStringLiteral("readable"),
                                                    QStringLiteral("--no-keychain"), QStringLiteral("--key-file"),
                                                    test::codecVector(QStringLiteral("codec-keys.txt"))},
                                  environment);
    auto remote = test::runProcess(test::cliPath(), {QStringLiteral("show"), history, QStringLiteral("-o"), QStringLiteral("readable"),
                                                     QStringLiteral("--no-keychain"), QStringLiteral("--codec-endpoint"), m_go,
                                                     QStringLiteral("--codec-order"), QStringLiteral("remote-only")},
                                   environment);
    QCOMPARE(local.exitCode, 0);
    QCOMPARE(remote.exitCode, 0);
    QVERIFY2(remote.err.contains("Codec Server 127.0.0.1:"), remote.err.constData());
    const QJsonArray localEvents = QJsonDocument::fromJson(local.out).object()[QLatin1String("events")].toArray();
    const QJsonArray remoteEvents = QJsonDocument::fromJson(remote.out).object()[QLatin1String("events")].toArray();
    QCOMPARE(remoteEvents.size(), localEvents.size());
    int same = 0;
    for (const QJsonValue& entry : std::as_const(m_expected)) {
        if (entry[QLatin1String("status")] != QLatin1String("decoded"))
            continue;
        for (qsizetype i = 0; i < localEvents.size(); ++i) {
            const QJsonObject signal = localEvents[i][QLatin1String("workflowExecutionSignaledEventAttributes")].toObject();
            if (signal[QLatin1String("signalName")] != entry[QLatin1String("signal")])
                continue;
            QJsonObject want = signal[QLatin1String("input")][QLatin1String("payloads")][0].toObject();
            QJsonObject got = remoteEvents[i][QLatin1String("workflowExecutionSignaledEventAttributes")][QLatin1String("input")]
                                  [QLatin1String("payloads")][0].toObject();
            QVERIFY(got[QLatin1String("encodingChain")].toString().startsWith(QLatin1String("remote(127.0.0.1:")));
            want.remove(QLatin1String("encodingChain"));
            got.remove(QLatin1String("encodingChain"));
            QCOMPARE(got, want);
            ++same;
        }
    }
    QVERIFY(same >= 9);
    // The failure event reads the same.
    QCOMPARE(withoutChains(remoteEvents.last()), withoutChains(localEvents.last()));
}

void TestCodecServer::cliTakesTheTemporalCliConfiguration()
{
    const QString history = test::codecVector(QStringLiteral("codec-history.json"));
    QTemporaryDir home;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), home.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path() + QStringLiteral("/.config"));
    // TEMPORAL_CODEC_ENDPOINT and TEMPORAL_CODEC_AUTH, as the temporal CLI reads them.
    auto withVariables = environment;
    withVariables.insert(QStringLiteral("TEMPORAL_CODEC_ENDPOINT"), m_python + QStringLiteral("/env"));
    withVariables.insert(QStringLiteral("TEMPORAL_CODEC_AUTH"), QStringLiteral("Bearer from-variable"));
    auto shown = test::runProcess(test::cliPath(), {QStringLiteral("show"), history, QStringLiteral("--no-keychain"),
                                                    QStringLiteral("--codec-order"), QStringLiteral("remote-only"),
                                                    QStringLiteral("--codec-header"), QStringLiteral("X-Extra=flag")},
                                  withVariables);
    QCOMPARE(shown.exitCode, 0);
    QVERIFY2(shown.out.contains("signal python-encryption, input {\"items\""), shown.out.constData());
    QJsonObject request = test::callTestServer(m_python + QStringLiteral("/log")).array().last().toObject();
    QCOMPARE(request[QLatin1String("path")].toString(), QStringLiteral("/env/decode"));
    QCOMPARE(request[QLatin1String("authorization")].toString(), QStringLiteral("Bearer from-variable"));
    QCOMPARE(request[QLatin1String("x-extra")].toString(), QStringLiteral("flag"));

    // A profile's codec.endpoint and codec.auth in temporal.toml; the flag beats the profile.
    const QString config = home.path() + QStringLiteral("/temporal.toml");
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("[profile.codec]\nnamespace = \"billing\"\n[profile.codec.codec]\nendpoint = \"%1/profile/{namespace}\"\n"
                              "auth = \"Bearer from-profile\"\n")
                   .arg(m_python)
                   .toUtf8());
    file.close();
    shown = test::runProcess(test::cliPath(), {QStringLiteral("show"), history, QStringLiteral("--no-keychain"), QStringLiteral("--codec-order"),
                                               QStringLiteral("remote-only"), QStringLiteral("--config-file"), config,
                                               QStringLiteral("--profile"), QStringLiteral("codec")},
                             environment);
    QCOMPARE(shown.exitCode, 0);
    request = test::callTestServer(m_python + QStringLiteral("/log")).array().last().toObject();
    QCOMPARE(request[QLatin1String("path")].toString(), QStringLiteral("/profile/billing/decode"));
    QCOMPARE(request[QLatin1String("authorization")].toString(), QStringLiteral("Bearer from-profile"));
    QCOMPARE(request[QLatin1String("x-namespace")].toString(), QStringLiteral("billing"));
    shown = test::runProcess(test::cliPath(), {QStringLiteral("show"), history, QStringLiteral("--no-keychain"), QStringLiteral("--config-file"),
                                               config, QStringLiteral("--profile"), QStringLiteral("codec"), QStringLiteral("--codec-auth"),
                                               QStringLiteral("Bearer from-flag"), QStringLiteral("--codec-order"), QStringLiteral("remote-only")},
                             environment);
    QCOMPARE(shown.exitCode, 0);
    request = test::callTestServer(m_python + QStringLiteral("/log")).array().last().toObject();
    QCOMPARE(request[QLatin1String("authorization")].toString(), QStringLiteral("Bearer from-flag"));

    // Usage errors are caught before anything is read or sent; the auth never appears in them.
    shown = test::runProcess(test::cliPath(), {QStringLiteral("show"), history, QStringLiteral("--codec-endpoint"),
                                               QStringLiteral("http://192.0.2.10:8081"), QStringLiteral("--codec-auth"),
                                               QStringLiteral("Bearer secret-value")},
                             environment);
    QCOMPARE(shown.exitCode, 2);
    QVERIFY2(shown.err.contains("--codec-allow-plaintext-auth"), shown.err.constData());
    QVERIFY(!shown.err.contains("secret-value") && !shown.out.contains("secret-value"));
    shown = test::runProcess(test::cliPath(), {QStringLiteral("show"), history, QStringLiteral("--codec-endpoint"), m_go,
                                               QStringLiteral("--codec-order"), QStringLiteral("sideways")},
                             environment);
    QCOMPARE(shown.exitCode, 2);
}

void TestCodecServer::frontendHistoryThroughCodecServer()
{
    test::TemporalServer server;
    QVERIFY2(server.load(QStringLiteral(HL_TEMPORAL_DIR "/plain")), "the temporal fixture did not run");
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), server.home);
    test::callTestServer(m_python + QStringLiteral("/reset"), true);
    // No key here: every payload of the real worker's history is decoded by the Python SDK's codec.
    auto shown = test::runProcess(test::cliPath(), {QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"),
                                                    QStringLiteral("--address"), server.address, QStringLiteral("--no-keychain"),
                                                    QStringLiteral("--codec-endpoint"), m_python, QStringLiteral("--codec-order"),
                                                    QStringLiteral("remote-only"), QStringLiteral("-o"), QStringLiteral("readable")},
                                  environment);
    QVERIFY2(shown.exitCode == 0, shown.err.constData());
    QVERIFY2(!shown.err.contains("not decoded") && !shown.err.contains("could not"), shown.err.constData());
    QVERIFY(shown.out.contains("\"encodingChain\": \"remote(127.0.0.1:"));
    QVERIFY(!shown.out.contains("binary/encrypted\""));
    const QJsonArray log = test::callTestServer(m_python + QStringLiteral("/log")).array();
    QVERIFY(log.size() >= 1 && log.size() <= 2); // one page, maybe a describe's payloads
    QCOMPARE(log.first()[QLatin1String("x-namespace")].toString(), QStringLiteral("default"));

    // describe: the pending activity's heartbeat details and last failure (its encoded attributes), decoded there.
    shown = test::runProcess(test::cliPath(), {QStringLiteral("describe"), QStringLiteral("-w"), QStringLiteral("inspect-0042"),
                                               QStringLiteral("--address"), server.address, QStringLiteral("--no-keychain"),
                                               QStringLiteral("--codec-endpoint"), m_python, QStringLiteral("--codec-order"),
                                               QStringLiteral("remote-only")},
                             environment);
    QVERIFY2(shown.exitCode == 0, shown.err.constData());
    QVERIFY2(shown.out.contains("heartbeat     {\"scanned\":3}"), shown.out.constData());
    QVERIFY2(shown.out.contains("last failure  scanner jammed on parcel 3"), shown.out.constData());
}

QTEST_GUILESS_MAIN(TestCodecServer)
#include "tst_codecserver.moc"
