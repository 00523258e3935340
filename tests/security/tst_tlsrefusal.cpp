#ifndef Q_MOC_RUN
#include "codecserver/codecserverclient.h"
#include "frontend/temporalpeers.h"
#include "servecodec/jwkssource.h"
#include "support/testpaths.h"
#endif

#include <QProcess>
#include <QtTest>

using namespace hl;

namespace {

const QString kTlsDir = QStringLiteral(HL_TEMPORAL_DIR "/tls/");

// An HTTPS server on 127.0.0.1 with one of the TLS fixture's certificates (tools/https_files.py), serving the
// access-token fixture's files, so it stands in for both a Codec Server and an identity provider's jwks_uri: the
// handshake is refused before either would answer.
class HttpsServer {
public:
    bool start(const QString& certificate)
    {
        const QString portFile = m_dir.filePath(QStringLiteral("port"));
        m_process.start(QStringLiteral("python3"), {QStringLiteral(HL_TOOLS_DIR "/https_files.py"), QStringLiteral(HL_ACCESS_TOKENS_DIR),
                                                    kTlsDir + certificate + QStringLiteral(".pem"),
                                                    kTlsDir + certificate + QStringLiteral(".key"), portFile});
        QDeadlineTimer deadline(15000);
        while (!QFile::exists(portFile) && !deadline.hasExpired())
            QTest::qWait(50);
        QFile port(portFile);
        if (!port.open(QIODevice::ReadOnly))
            return false;
        m_port = QString::fromUtf8(port.readAll()).trimmed();
        return !m_port.isEmpty();
    }
    ~HttpsServer()
    {
        m_process.kill();
        m_process.waitForFinished();
    }
    QString url(const QString& path) const { return QStringLiteral("https://127.0.0.1:%1%2").arg(m_port, path); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_port;
};

} // namespace

// Every TLS client HistoryLens has refuses a server signed by a CA it was not told to trust, a certificate for
// another name, and an expired one, and says which of the three it is: the frontend client (gRPC, through the
// CLI), the Codec Server client (Qt Network) and the JWKS fetch of serve-codec (cpp-httplib). The certificates are
// the TLS fixture's (tools/tls-proxy.sh, made by openssl at test time); nginx serves them for the frontend.
class TestTlsRefusal : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refused_data();
    void refused();

private:
    QMap<QString, QString> m_proxy;
};

void TestTlsRefusal::initTestCase()
{
    m_proxy = test::readEnvFile(kTlsDir + QStringLiteral("proxy.env"));
    QVERIFY2(m_proxy.contains(QStringLiteral("TLS_PORT")), "the TLS proxy fixture did not start");
}

void TestTlsRefusal::refused_data()
{
    QTest::addColumn<QString>("frontendPort"); // a port of the proxy
    QTest::addColumn<QString>("certificate");  // the https server's
    QTest::addColumn<QString>("trusted");      // the CA every client is given
    QTest::addColumn<QString>("problem");      // what every refusal says
    QTest::newRow("a wrong CA") << QStringLiteral("TLS_PORT") << QStringLiteral("server") << QStringLiteral("other-ca.pem")
                                << QStringLiteral("(issued by HistoryLens Test CA) is not signed by a CA HistoryLens trusts");
    QTest::newRow("a name mismatch") << QStringLiteral("WRONG_NAME_PORT") << QStringLiteral("wrong-name") << QStringLiteral("ca.pem")
                                     << QStringLiteral("certificate is for wrong.example, not 127.0.0.1");
    QTest::newRow("an expired certificate") << QStringLiteral("EXPIRED_PORT") << QStringLiteral("expired") << QStringLiteral("ca.pem")
                                            << QStringLiteral("certificate expired on 2020-02-01");
}

void TestTlsRefusal::refused()
{
    QFETCH(QString, frontendPort);
    QFETCH(QString, certificate);
    QFETCH(QString, trusted);
    QFETCH(QString, problem);
    const QString ca = kTlsDir + trusted;
    const bool wrongCa = trusted != QLatin1String("ca.pem");

    // The frontend, as `historylens-cli show -w` reaches it.
    QProcess cli;
    cli.start(test::cliPath(), {QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--address"),
                                QStringLiteral("127.0.0.1:") + m_proxy.value(frontendPort), QStringLiteral("--tls-ca-path"), ca,
                                QStringLiteral("--no-keychain"), QStringLiteral("--command-timeout"), QStringLiteral("20s")});
    QVERIFY(cli.waitForFinished(60000));
    const QString frontendError = QString::fromUtf8(cli.readAllStandardError());
    QCOMPARE(cli.exitCode(), 1);
    QVERIFY2(frontendError.contains(problem), qPrintable(frontendError));
    if (wrongCa)
        QVERIFY2(frontendError.contains(QLatin1String("--tls-ca-path")), qPrintable(frontendError));

    HttpsServer https;
    QVERIFY(https.start(certificate));

    // The Codec Server client: nothing decoded, nothing retried, the reason named.
    CodecServerSettings codec;
    codec.endpoint = https.url(QString());
    codec.temporalNamespace = QStringLiteral("default");
    codec.order = CodecServerSettings::Order::RemoteOnly;
    codec.caFile = ca;
    CodecServerClient client(codec);
    temporal::api::common::v1::Payload payload;
    (*payload.mutable_metadata())["encoding"] = "binary/encrypted";
    payload.set_data("sealed");
    const auto outcomes = client.decode({&payload});
    QVERIFY(outcomes.front().error);
    const QString codecError = outcomes.front().error->message;
    QCOMPARE(outcomes.front().error->code, ErrorCode::TlsFailed);
    QVERIFY2(codecError.contains(problem), qPrintable(codecError));
    if (wrongCa)
        QVERIFY2(codecError.contains(QLatin1String("--codec-ca-file")), qPrintable(codecError));
    QCOMPARE(client.statistics().retries, 0);

    // serve-codec's JWKS fetch: the server does not start without its keys.
    JwksSource::Options jwks;
    jwks.location = https.url(QStringLiteral("/jwks.json"));
    jwks.caFile = ca;
    const auto keys = JwksSource::load(jwks);
    QVERIFY(!keys);
    QCOMPARE(keys.error().code, ErrorCode::TlsFailed);
    QVERIFY2(keys.error().message.contains(problem), qPrintable(keys.error().message));
    if (wrongCa)
        QVERIFY2(keys.error().message.contains(QLatin1String("--jwks-ca-file")), qPrintable(keys.error().message));

    // With the right CA and name, the same server is trusted: the refusals above are about the certificate.
    if (certificate == QLatin1String("server") || certificate == QLatin1String("wrong-name")) {
        HttpsServer good;
        QVERIFY(good.start(QStringLiteral("server")));
        JwksSource::Options trustedJwks;
        trustedJwks.location = good.url(QStringLiteral("/jwks.json"));
        trustedJwks.caFile = kTlsDir + QStringLiteral("ca.pem");
        const auto fetched = JwksSource::load(trustedJwks);
        QVERIFY2(fetched, fetched ? "" : qPrintable(fetched.error().toString()));
    }
}

QTEST_GUILESS_MAIN(TestTlsRefusal)
#include "tst_tlsrefusal.moc"
