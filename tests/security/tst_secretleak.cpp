#ifndef Q_MOC_RUN
#include "codec/codecchain.h"
#include "codec/codeccontext.h"
#include "frontend/temporalpeers.h"
#include "keys/keychainkeystore.h"
#include "keys/keyring.h"
#include "keys/sessionkeystore.h"
#include "support/testpaths.h"
#include "ui/keys/keysdialog.h"
#endif

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QtTest>

using namespace hl;

namespace {

const QString kTlsDir = QStringLiteral(HL_TEMPORAL_DIR "/tls/");
const QByteArray kPlainValue = "the payload of the secret-leak test";

QByteArray randomBytes(int size)
{
    QByteArray bytes(size, '\0');
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes;
}

QJsonObject payloadJson(const temporal::api::common::v1::Payload& payload)
{
    QJsonObject metadata;
    for (const auto& [key, value] : payload.metadata())
        metadata.insert(QString::fromStdString(key), QString::fromLatin1(QByteArray::fromStdString(value).toBase64()));
    return {{QStringLiteral("metadata"), metadata},
            {QStringLiteral("data"), QString::fromLatin1(QByteArray::fromStdString(payload.data()).toBase64())}};
}

using Run = test::ProcessResult;

} // namespace

// No secret ever leaves the keychain and memory: the CLI and the app are taken through adding, using and removing a
// codec key, serve-codec with an access token sent as the codec auth value, and a frontend with an API key; then
// every file the run wrote (settings, caches, the key catalog, logs, temporary files: all under the throwaway HOME
// and TMPDIR, and anything new in /tmp) and everything the processes printed is searched for each secret, raw, in
// hex and in base64. Run through tools/with-secret-service.sh (a real Secret Service, a throwaway HOME).
class TestSecretLeak : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cliAddsUsesAndRemovesAKey();
    void appAddsAndRemovesAKey();
    void serveCodecWithATokenAndCodecAuth();
    void frontendWithAnApiKey();
    void nothingHoldsASecret();

private:
    Run cli(const QStringList& arguments, const QByteArray& input = {}, const QMap<QString, QString>& environment = {});
    Run app(const QStringList& arguments, const QMap<QString, QString>& environment = {});
    Run finished(QProcess& process);
    void keep(const QByteArray& secret) { m_secrets << secret; }

    QByteArray m_codecKey = randomBytes(32);
    QByteArray m_dialogKey = randomBytes(32);
    QByteArray m_badApiKey = "hl-leak-" + randomBytes(18).toHex();
    QString m_work;
    QString m_history;
    QDateTime m_started = QDateTime::currentDateTimeUtc();
    QList<QByteArray> m_secrets;
    QByteArray m_fixedApiKey;
    QList<QPair<QString, QByteArray>> m_printed; // what each process wrote to stdout and stderr
    QMap<QString, QString> m_proxy;
    QJsonObject m_tokens;
};

Run TestSecretLeak::finished(QProcess& process)
{
    if (!process.waitForFinished(90000))
        process.kill();
    process.waitForFinished();
    Run run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
    const QString what = process.arguments().join(QLatin1Char(' ')).left(120);
    m_printed.append({what + QStringLiteral(" (stdout)"), run.out});
    m_printed.append({what + QStringLiteral(" (stderr)"), run.err});
    return run;
}

Run TestSecretLeak::cli(const QStringList& arguments, const QByteArray& input, const QMap<QString, QString>& environment)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = environment.begin(); it != environment.end(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    process.start(test::cliPath(), arguments);
    process.write(input);
    process.closeWriteChannel();
    return finished(process);
}

Run TestSecretLeak::app(const QStringList& arguments, const QMap<QString, QString>& environment)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    for (auto it = environment.begin(); it != environment.end(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(HL_APP_PATH), arguments);
    return finished(process);
}

void TestSecretLeak::initTestCase()
{
    const QString home = qEnvironmentVariable("HL_TEST_HOME");
    if (home.isEmpty() || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("run me through tests/tools/with-secret-service.sh (ctest does)");
    // Temporary files of this process and its children land in the searched HOME too.
    QVERIFY(QDir(home).mkpath(QStringLiteral("tmp")));
    qputenv("TMPDIR", QFile::encodeName(home + QStringLiteral("/tmp")));
    m_work = home + QStringLiteral("/work");
    QVERIFY(QDir().mkpath(m_work));
    QCoreApplication::setOrganizationName(QStringLiteral("HistoryLensTests"));

    QFile tokens(QStringLiteral(HL_ACCESS_TOKENS_DIR "/tokens.json"));
    QVERIFY(tokens.open(QIODevice::ReadOnly));
    m_tokens = QJsonDocument::fromJson(tokens.readAll()).object();
    m_proxy = test::readEnvFile(kTlsDir + QStringLiteral("proxy.env"));
    QVERIFY2(m_proxy.contains(QStringLiteral("APIKEY_PORT")), "the TLS proxy fixture did not start");

    keep(m_codecKey);
    keep(m_dialogKey);
    keep(m_badApiKey);
    m_fixedApiKey = "test-api-key"; // the one the proxy accepts; other tests write it too, so not looked for in /tmp
    keep(m_tokens.value(QStringLiteral("reader-rs256")).toString().toLatin1());
    keep(m_tokens.value(QStringLiteral("tampered")).toString().toLatin1());

    // A history whose payloads only the codec key opens, made here with the codec (the key never touches a file).
    KeyRing keys;
    keys.insert("leak-test", std::make_shared<SecretBytes>(m_codecKey.toStdString()));
    CodecContext context;
    context.keys = &keys;
    context.encryptionKeyId = "leak-test";
    temporal::api::common::v1::Payload plain;
    (*plain.mutable_metadata())["encoding"] = "json/plain";
    plain.set_data(QByteArray('"' + kPlainValue + '"').toStdString());
    auto encrypted = CodecChain::standard().encode(plain, {"binary/encrypted", "binary/zlib"}, context);
    QVERIFY(encrypted);
    const QJsonObject started{
        {QStringLiteral("eventId"), QStringLiteral("1")},
        {QStringLiteral("eventTime"), QStringLiteral("2026-11-30T10:00:00Z")},
        {QStringLiteral("eventType"), QStringLiteral("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED")},
        {QStringLiteral("workflowExecutionStartedEventAttributes"),
         QJsonObject{{QStringLiteral("workflowType"), QJsonObject{{QStringLiteral("name"), QStringLiteral("LeakTest")}}},
                     {QStringLiteral("taskQueue"), QJsonObject{{QStringLiteral("name"), QStringLiteral("leak")}}},
                     {QStringLiteral("input"), QJsonObject{{QStringLiteral("payloads"), QJsonArray{payloadJson(*encrypted)}}}}}}};
    m_history = m_work + QStringLiteral("/leak.history.json");
    QFile file(m_history);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("events"), QJsonArray{started}}}).toJson());
}

void TestSecretLeak::cliAddsUsesAndRemovesAKey()
{
    // The key's raw bytes on standard input: never on a command line, where `ps` would show it.
    const Run added = cli({QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("leak-test")}, m_codecKey);
    QVERIFY2(added.exitCode == 0, added.err.constData());
    const Run shown = cli({QStringLiteral("show"), m_history, QStringLiteral("--strict")});
    QVERIFY2(shown.exitCode == 0 && shown.out.contains(kPlainValue), shown.err.constData());
    const Run described = cli({QStringLiteral("show"), m_history, QStringLiteral("--output"), QStringLiteral("json")});
    QVERIFY2(described.exitCode == 0, described.err.constData());
    // Kept for the app and serve-codec below; removed at the end.
}

void TestSecretLeak::appAddsAndRemovesAKey()
{
    // The app opens the history with the key the CLI stored, and takes its picture.
    const Run opened = app({m_history, QStringLiteral("--screenshot"), m_work + QStringLiteral("/app.png")});
    QVERIFY2(opened.exitCode == 0, opened.err.constData());
    QVERIFY(QFile::exists(m_work + QStringLiteral("/app.png")));

    // The Keys dialog adds a key to the keychain and removes it, as a person would.
    SessionKeyStore session;
    KeychainKeyStore keychain;
    KeysDialog dialog(&session, &keychain);
    QSignalSpy changed(&dialog, &KeysDialog::keysChanged);
    dialog.addKey(QStringLiteral("leak-dialog"), QStringLiteral("hex:") + QString::fromLatin1(m_dialogKey.toHex()), true,
                  QStringLiteral("added from the dialog"));
    QVERIFY(changed.wait(10000));
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QVERIFY(dialog.keyIds().contains(QStringLiteral("leak-dialog")));
    dialog.removeKey(QStringLiteral("leak-dialog"));
    QVERIFY(changed.wait(10000));
    QVERIFY(!dialog.keyIds().contains(QStringLiteral("leak-dialog")));
}

void TestSecretLeak::serveCodecWithATokenAndCodecAuth()
{
    // serve-codec with the keychain's key, requiring access tokens; the CLI and the app decode through it with a
    // token as the codec auth value (from TEMPORAL_CODEC_AUTH, as the temporal CLI reads it).
    const QString portFile = m_work + QStringLiteral("/serve.port");
    QProcess server;
    server.start(test::cliPath(), {QStringLiteral("serve-codec"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                   QStringLiteral("--port-file"), portFile, QStringLiteral("--jwks"),
                                   QStringLiteral(HL_ACCESS_TOKENS_DIR "/jwks.json"), QStringLiteral("--rules"),
                                   QStringLiteral(HL_ACCESS_TOKENS_DIR "/rules.toml")});
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(portFile), 20000);
    QFile port(portFile);
    QVERIFY(port.open(QIODevice::ReadOnly));
    const QString endpoint = QStringLiteral("http://127.0.0.1:") + QString::fromUtf8(port.readAll()).trimmed();
    const QString good = QStringLiteral("Bearer ") + m_tokens.value(QStringLiteral("reader-rs256")).toString();
    const QString tampered = QStringLiteral("Bearer ") + m_tokens.value(QStringLiteral("tampered")).toString();

    const Run decoded = cli({QStringLiteral("show"), m_history, QStringLiteral("--no-keychain"), QStringLiteral("--strict"),
                             QStringLiteral("--codec-endpoint"), endpoint},
                            {}, {{QStringLiteral("TEMPORAL_CODEC_AUTH"), good}});
    QVERIFY2(decoded.exitCode == 0 && decoded.out.contains(kPlainValue), decoded.err.constData());
    const Run refused = cli({QStringLiteral("show"), m_history, QStringLiteral("--no-keychain"), QStringLiteral("--strict"),
                             QStringLiteral("--codec-endpoint"), endpoint},
                            {}, {{QStringLiteral("TEMPORAL_CODEC_AUTH"), tampered}});
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains("401"), refused.err.constData());
    const Run opened = app({m_history, QStringLiteral("--codec-endpoint"), endpoint, QStringLiteral("--screenshot"),
                            m_work + QStringLiteral("/app-codec.png")},
                           {{QStringLiteral("TEMPORAL_CODEC_AUTH"), good}});
    QVERIFY2(opened.exitCode == 0, opened.err.constData());

    server.terminate();
    const Run log = finished(server);
    // The log names who asked (the email claim, when the token has one), never with what.
    const QByteArray logged = QByteArray(log.out + log.err);
    QVERIFY2(logged.contains("subject=alice@example.com"), logged.constData());
}

void TestSecretLeak::frontendWithAnApiKey()
{
    const QString address = QStringLiteral("localhost:") + m_proxy.value(QStringLiteral("APIKEY_PORT"));
    const QStringList connection{QStringLiteral("--address"), address, QStringLiteral("--tls-ca-path"), kTlsDir + QStringLiteral("ca.pem")};
    const Run shown = cli(QStringList{QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042")} + connection,
                          {}, {{QStringLiteral("TEMPORAL_API_KEY"), QStringLiteral("test-api-key")}});
    QVERIFY2(shown.exitCode == 0 && shown.out.contains("order-0042"), shown.err.constData());
    const Run rejected = cli(QStringList{QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042")} + connection,
                             {}, {{QStringLiteral("TEMPORAL_API_KEY"), QString::fromLatin1(m_badApiKey)}});
    QCOMPARE(rejected.exitCode, 1);
    QVERIFY2(rejected.err.contains("the API key was rejected"), rejected.err.constData());
    const Run opened = app(QStringList{QStringLiteral("-w"), QStringLiteral("order-0042"), QStringLiteral("--screenshot"),
                                       m_work + QStringLiteral("/app-frontend.png")} + connection,
                           {{QStringLiteral("TEMPORAL_API_KEY"), QStringLiteral("test-api-key")}});
    QVERIFY2(opened.exitCode == 0, opened.err.constData());

    const Run removed = cli({QStringLiteral("keys"), QStringLiteral("remove"), QStringLiteral("leak-test")});
    QVERIFY2(removed.exitCode == 0, removed.err.constData());
}

void TestSecretLeak::nothingHoldsASecret()
{
    const auto formsOf = [](const QList<QByteArray>& secrets, int firstNumber) {
        QList<QPair<QByteArray, QString>> forms; // the bytes to look for, and what they are (never the secret itself)
        for (int i = 0; i < secrets.size(); ++i) {
            const QByteArray& secret = secrets[i];
            const QString which = QStringLiteral("secret #%1").arg(firstNumber + i);
            forms << qMakePair(secret, which + QStringLiteral(" (raw)")) << qMakePair(secret.toHex(), which + QStringLiteral(" (hex)"))
                  << qMakePair(secret.toHex().toUpper(), which + QStringLiteral(" (HEX)"))
                  << qMakePair(secret.toBase64(), which + QStringLiteral(" (base64)"))
                  << qMakePair(secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals),
                               which + QStringLiteral(" (base64url)"));
        }
        return forms;
    };
    const QList<QPair<QByteArray, QString>> unique = formsOf(m_secrets, 1);
    QList<QPair<QByteArray, QString>> forms = unique + formsOf({m_fixedApiKey}, int(m_secrets.size()) + 1);
    const auto search = [](const QList<QPair<QByteArray, QString>>& forms, const QString& where, const QByteArray& content) {
        for (const auto& [form, what] : forms) {
            if (content.contains(form))
                return QStringLiteral("%1 holds %2").arg(where, what);
        }
        return QString();
    };

    for (const auto& [what, printed] : std::as_const(m_printed)) {
        const QString found = search(forms, what, printed);
        QVERIFY2(found.isEmpty(), qPrintable(found));
    }
    int files = 0;
    const auto searchFolder = [&](const QString& folder, bool onlyNew, const QList<QPair<QByteArray, QString>>& forms) {
        QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QFileInfo info(path);
            if ((onlyNew && info.lastModified().toUTC() < m_started.addSecs(-1)) || info.size() > 256 * 1024 * 1024)
                continue;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            ++files;
            const QString found = search(forms, path, file.readAll());
            if (!found.isEmpty())
                return found;
        }
        return QString();
    };
    // Everything under HOME: settings, the key catalog, caches, the keyring (encrypted by gnome-keyring), TMPDIR.
    QString found = searchFolder(qEnvironmentVariable("HL_TEST_HOME"), false, forms);
    QVERIFY2(found.isEmpty(), qPrintable(found));
    QVERIFY2(files >= 5, qPrintable(QStringLiteral("only %1 files were written").arg(files)));
    // And whatever anything wrote to /tmp meanwhile, TMPDIR or not.
    found = searchFolder(QStringLiteral("/tmp"), true, unique);
    QVERIFY2(found.isEmpty(), qPrintable(found));
}

QTEST_MAIN(TestSecretLeak)
#include "tst_secretleak.moc"
