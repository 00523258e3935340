// serve-codec run as an organization's service, with the real programs around it: Debian's Prometheus scrapes
// /metrics and answers PromQL with the counts this test made; Debian's nginx balances two replicas, one of which is
// drained with SIGTERM and stopped under a steady load, and no request fails.
#include "servecodec/servecodechttp.h"
#include "support/testpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTcpServer>
#include <QUrlQuery>
#include <QtTest>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

using namespace hl;

namespace {

const QString kKey = QStringLiteral("service-key=hex:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QString findProgram(const QString& name)
{
    return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"), QStringLiteral("/sbin")});
}

QByteArray payloadsBody(const QJsonArray& payloads)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("payloads"), payloads}}).toJson(QJsonDocument::Compact);
}

QJsonObject plainPayload(int n)
{
    return QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("encoding"), QString::fromLatin1(QByteArray("json/plain").toBase64())}}},
                       {QStringLiteral("data"), QString::fromLatin1(QByteArray::number(n).toBase64())}};
}

// `count` payloads encrypted by the server's own /encode.
QJsonArray encryptedPayloads(quint16 port, int count)
{
    QJsonArray plain;
    for (int i = 0; i < count; ++i)
        plain.append(plainPayload(i));
    const auto answer = test::postJson(QStringLiteral("http://127.0.0.1:%1/encode").arg(port), payloadsBody(plain));
    return answer.status == 200 ? answer.payloads() : QJsonArray{};
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(text);
    return file.fileName();
}

void stop(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(15000))
        process.kill();
    process.waitForFinished(5000);
}

// Prometheus's HTTP API: the one number an instant query returns (NaN when it returns no series or fails).
double promql(quint16 port, const QString& query)
{
    QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/query").arg(port));
    QUrlQuery parameters;
    parameters.addQueryItem(QStringLiteral("query"), query);
    url.setQuery(parameters);
    const auto answer = test::httpRequest("GET", url.toString(), {});
    const QJsonObject reply = QJsonDocument::fromJson(answer.body).object();
    const QJsonArray result = reply[QLatin1String("data")].toObject()[QLatin1String("result")].toArray();
    if (answer.status != 200 || result.size() != 1)
        return qQNaN();
    return result.first().toObject()[QLatin1String("value")].toArray().at(1).toString().toDouble();
}

// Polls a PromQL query until it returns `expected` (Prometheus scrapes every second) or 30 s pass.
double waitForPromql(quint16 port, const QString& query, double expected)
{
    double value = qQNaN();
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 30000) {
        value = promql(port, query);
        if (value == expected)
            break;
        QTest::qWait(250);
    }
    return value;
}

} // namespace

class TestServeCodecService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void prometheusScrapesTheCounts();
    void nginxDrainsAReplicaWithoutAFailedRequest();
};

// A real Prometheus scrapes serve-codec every second; PromQL through its HTTP API returns exactly the requests and
// payloads this test sent, by operation, status and outcome, and the latency histogram's count.
void TestServeCodecService::prometheusScrapesTheCounts()
{
    const QString prometheus = findProgram(QStringLiteral("prometheus"));
    QVERIFY2(!prometheus.isEmpty(), "Debian's prometheus is not installed (packaging/debian/build-deps.txt)");
    QTemporaryDir dir;
    QProcess server;
    const quint16 port = test::startServer(server, dir.filePath(QStringLiteral("port")),
                                           {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--no-keychain"),
                                            QStringLiteral("--key"), kKey, QStringLiteral("--quiet")});
    QVERIFY2(port != 0, server.readAllStandardError().constData());

    const quint16 webPort = freePort();
    const QString config = writeFile(dir, QStringLiteral("prometheus.yml"),
                                     "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                                     "scrape_configs:\n  - job_name: historylens-codec\n    static_configs:\n"
                                     "      - targets: ['127.0.0.1:" + QByteArray::number(port) + "']\n");
    QProcess scraper;
    scraper.setProcessChannelMode(QProcess::MergedChannels);
    scraper.start(prometheus, {QStringLiteral("--config.file=") + config, QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("tsdb")),
                               QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(webPort), QStringLiteral("--log.level=warn")});
    QVERIFY(scraper.waitForStarted());
    auto cleanup = qScopeGuard([&] {
        stop(scraper);
        stop(server);
    });

    // What the test sends: 1 /encode of 6 payloads, 5 /decode of 6 encrypted and 2 plain payloads each, and 3
    // malformed /decode bodies.
    const QJsonArray encrypted = encryptedPayloads(port, 6);
    QCOMPARE(encrypted.size(), 6);
    QJsonArray mixed = encrypted;
    mixed.append(plainPayload(100));
    mixed.append(plainPayload(101));
    const QString decodeUrl = QStringLiteral("http://127.0.0.1:%1/decode").arg(port);
    for (int i = 0; i < 5; ++i) {
        const auto answer = test::postJson(decodeUrl, payloadsBody(mixed), {{"X-Namespace", "payments"}});
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.payloads().size(), 8);
    }
    for (int i = 0; i < 3; ++i)
        QCOMPARE(test::postJson(decodeUrl, "{\"payloads\": 7}", {{"X-Namespace", "payments"}}).status, 400);

    const quint16 api = webPort;
    QCOMPARE(waitForPromql(api, QStringLiteral("up{job=\"historylens-codec\"}"), 1.0), 1.0);
    QCOMPARE(waitForPromql(api, QStringLiteral("historylens_codec_requests_total{operation=\"decode\",namespace=\"payments\",status=\"200\"}"), 5.0), 5.0);
    QCOMPARE(waitForPromql(api, QStringLiteral("historylens_codec_requests_total{operation=\"decode\",namespace=\"payments\",status=\"400\"}"), 3.0), 3.0);
    QCOMPARE(waitForPromql(api, QStringLiteral("sum(historylens_codec_requests_total{operation=\"encode\"})"), 1.0), 1.0);
    QCOMPARE(waitForPromql(api, QStringLiteral("historylens_codec_payloads_total{operation=\"decode\",outcome=\"decoded\"}"), 30.0), 30.0);
    QCOMPARE(waitForPromql(api, QStringLiteral("historylens_codec_payloads_total{operation=\"decode\",outcome=\"passed_through\"}"), 10.0), 10.0);
    QCOMPARE(waitForPromql(api, QStringLiteral("historylens_codec_request_duration_seconds_count{operation=\"decode\"}"), 8.0), 8.0);
    // The histogram is one Prometheus reads as such: a quantile over its buckets is a duration under the top bucket.
    const double median = promql(api, QStringLiteral("histogram_quantile(0.5, sum by (le) (historylens_codec_request_duration_seconds_bucket{operation=\"decode\"}))"));
    QVERIFY2(median > 0 && median <= 10, qPrintable(QString::number(median)));
    QCOMPARE(waitForPromql(api, QStringLiteral("historylens_codec_requests_in_flight"), 0.0), 0.0);
    // Probes and scrapes are not requests.
    QCOMPARE(promql(api, QStringLiteral("sum(historylens_codec_requests_total)")), 9.0);
}

// Two replicas behind nginx (retrying a request on the other replica when a connection to one fails, as the
// deployment guide configures it) under a steady load of legitimate /decode requests: one replica gets SIGTERM,
// drains and exits 0 while the load goes on, and every request is answered 200 with its payloads decoded.
void TestServeCodecService::nginxDrainsAReplicaWithoutAFailedRequest()
{
    const QString nginx = findProgram(QStringLiteral("nginx"));
    QVERIFY2(!nginx.isEmpty(), "Debian's nginx-light is not installed (packaging/debian/build-deps.txt)");
    QTemporaryDir dir;
    QProcess replicas[2];
    quint16 ports[2];
    for (int i = 0; i < 2; ++i) {
        ports[i] = test::startServer(replicas[i], dir.filePath(QStringLiteral("port%1").arg(i)),
                                     {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--no-keychain"),
                                      QStringLiteral("--key"), kKey, QStringLiteral("--quiet"), QStringLiteral("--drain-timeout"),
                                      QStringLiteral("10"), QStringLiteral("--encode-key"), QStringLiteral("service-key")});
        QVERIFY2(ports[i] != 0, replicas[i].readAllStandardError().constData());
    }
    const quint16 front = freePort();
    const QByteArray temp = dir.path().toUtf8();
    const QString config = writeFile(dir, QStringLiteral("nginx.conf"),
        "worker_processes 1;\ndaemon off;\npid " + temp + "/nginx.pid;\nerror_log " + temp + "/error.log warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "  access_log " + temp + "/access.log;\n"
        "  client_body_temp_path " + temp + "/body; proxy_temp_path " + temp + "/proxy;\n"
        "  fastcgi_temp_path " + temp + "/fastcgi; uwsgi_temp_path " + temp + "/uwsgi; scgi_temp_path " + temp + "/scgi;\n"
        "  upstream codec {\n"
        "    server 127.0.0.1:" + QByteArray::number(ports[0]) + " max_fails=1 fail_timeout=30s;\n"
        "    server 127.0.0.1:" + QByteArray::number(ports[1]) + " max_fails=1 fail_timeout=30s;\n"
        "    keepalive 16;\n"
        "  }\n"
        "  server {\n"
        "    listen 127.0.0.1:" + QByteArray::number(front) + ";\n"
        "    client_max_body_size 32m;\n"
        "    location / {\n"
        "      proxy_pass http://codec;\n"
        "      proxy_http_version 1.1;\n"
        "      proxy_set_header Connection \"\";\n"
        "      proxy_set_header Host $host;\n"
        "      proxy_next_upstream error timeout http_502 http_503 non_idempotent;\n"
        "      proxy_next_upstream_tries 2;\n"
        "    }\n"
        "  }\n"
        "}\n");
    QProcess balancer;
    balancer.setProcessChannelMode(QProcess::MergedChannels);
    balancer.start(nginx, {QStringLiteral("-c"), config, QStringLiteral("-p"), dir.path(), QStringLiteral("-e"), dir.filePath(QStringLiteral("error.log"))});
    QVERIFY(balancer.waitForStarted());
    auto cleanup = qScopeGuard([&] {
        stop(balancer);
        stop(replicas[0]);
        stop(replicas[1]);
    });
    const QJsonArray encrypted = encryptedPayloads(ports[1], 40);
    QCOMPARE(encrypted.size(), 40);
    const QByteArray body = payloadsBody(encrypted);
    QElapsedTimer waited;
    waited.start();
    while (test::decodeOnce(front, body).first != 200 && waited.elapsed() < 10000)
        QTest::qWait(100);

    // Four clients, each a request after the other on a connection of its own, until told to stop.
    std::atomic<bool> running{true};
    std::atomic<int> sent{0};
    std::mutex failuresLock;
    std::map<QString, int> failures;
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
        clients.emplace_back([&] {
            while (running) {
                const auto [status, answer] = test::decodeOnce(front, body);
                ++sent;
                const QJsonArray decoded = QJsonDocument::fromJson(answer).object()[QLatin1String("payloads")].toArray();
                const bool ok = status == 200 && decoded.size() == 40
                    && decoded.first().toObject()[QLatin1String("metadata")].toObject()[QLatin1String("encoding")].toString()
                           == QString::fromLatin1(QByteArray("json/plain").toBase64());
                if (!ok) {
                    const std::lock_guard lock(failuresLock);
                    ++failures[QStringLiteral("%1 %2").arg(status).arg(QString::fromUtf8(answer.left(120)))];
                }
            }
        });
    }
    QTest::qWait(1500);
    const int beforeDrain = sent;
    replicas[0].terminate(); // SIGTERM, as kubelet sends it
    QVERIFY(replicas[0].waitForFinished(15000));
    QCOMPARE(replicas[0].exitStatus(), QProcess::NormalExit);
    QCOMPARE(replicas[0].exitCode(), 0);
    const int atStop = sent;
    QTest::qWait(1500);
    running = false;
    for (auto& client : clients)
        client.join();
    const int total = sent;
    qInfo("%d requests through nginx: %d before SIGTERM, %d while replica 1 drained, %d after it stopped", total, beforeDrain,
          atStop - beforeDrain, total - atStop);
    for (const auto& [what, count] : failures)
        qWarning("%d x %s", count, qPrintable(what));
    QVERIFY2(failures.empty(), "a request failed while a replica drained");
    QVERIFY2(beforeDrain >= 20 && total - atStop >= 20, "too few requests to show anything");
    // Both replicas served: the drained one's summary line counts what it answered before it stopped.
    const QByteArray drainedLog = replicas[0].readAllStandardError();
    QVERIFY2(drainedLog.contains("Requests served:"), drainedLog.constData());
    QVERIFY2(!drainedLog.contains("Requests served: 0 "), drainedLog.constData());
}

QTEST_MAIN(TestServeCodecService)
#include "tst_servecodecservice.moc"
