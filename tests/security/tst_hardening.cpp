#ifndef Q_MOC_RUN
#include "codec/aesgcm.h"
#include "codec/aesgcmselftest.h"
#include "codec/codecchain.h"
#include "codec/codeccontext.h"
#include "keys/keyring.h"
#include "keys/secretbytes.h"
#include "support/processhardening.h"
#include "support/testpaths.h"
#endif

#include <QProcess>
#include <QtTest>

#include <openssl/crypto.h>

#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif
#if defined(Q_OS_LINUX)
#include <sys/prctl.h>
#endif

using namespace hl;

namespace {

using temporal::api::common::v1::Payload;

const std::string kKey = "hardening-test-key-32-bytes-long";

// A payload sealed here with AesGcm directly (not through the codec, which the self-test may be blocking).
Payload sealedPayload()
{
    const SecretBytes key(kKey);
    Payload inner;
    (*inner.mutable_metadata())["encoding"] = "json/plain";
    inner.set_data("\"sealed\"");
    const auto sealed = AesGcm::seal(key, std::string(AesGcm::kNonceSize, '\x07'), inner.SerializeAsString());
    Payload payload;
    (*payload.mutable_metadata())["encoding"] = "binary/encrypted";
    (*payload.mutable_metadata())["encryption-key-id"] = "k";
    payload.set_data(sealed.value());
    return payload;
}

DecodedPayload decode(const Payload& payload)
{
    KeyRing keys;
    keys.insert("k", std::make_shared<SecretBytes>(kKey));
    CodecContext context;
    context.keys = &keys;
    return CodecChain::standard().decode(payload, context);
}

// The soft core limit of a running process, from /proc (Linux).
QByteArray coreLimitOf(qint64 pid)
{
    QFile limits(QStringLiteral("/proc/%1/limits").arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : limits.readAll().split('\n')) {
        if (line.startsWith("Max core file size"))
            return line.mid(26).simplified().split(' ').value(0);
    }
    return {};
}

} // namespace

// What both executables do at start: AES-GCM checked against published answers (and decryption refused when it
// fails), core dumps off, secrets in OpenSSL's locked heap.
class TestHardening : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void executablesTurnCoreDumpsOff();
    void publishedAnswersPass();
    void failedSelfTestRefusesToDecrypt();
    void processIsHardened();
};

// Before this process hardens itself (its children would inherit the limit): the CLI, kept running by serve-codec,
// has a core limit of 0, unless the debug switch is set.
void TestHardening::executablesTurnCoreDumpsOff()
{
#if defined(Q_OS_LINUX)
    rlimit limit{};
    QVERIFY(getrlimit(RLIMIT_CORE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max; // what a child may inherit at most
    QVERIFY(setrlimit(RLIMIT_CORE, &limit) == 0);
    const auto coreLimitOfServer = [](bool allowDumps) {
        QProcess server;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        if (allowDumps) {
            environment.insert(QString::fromLatin1(ProcessHardening::kAllowCoreDumpsVariable), QStringLiteral("1"));
            // AddressSanitizer sets the core limit to 0 itself unless told not to; other builds ignore the variable.
            const QString asanOptions = environment.value(QStringLiteral("ASAN_OPTIONS"));
            environment.insert(QStringLiteral("ASAN_OPTIONS"),
                               asanOptions.isEmpty() ? QStringLiteral("disable_coredump=0")
                                                     : asanOptions + QStringLiteral(":disable_coredump=0"));
        }
        server.setProcessEnvironment(environment);
        QTemporaryDir dir;
        const QString portFile = dir.filePath(QStringLiteral("port"));
        server.start(test::cliPath(), {QStringLiteral("serve-codec"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                       QStringLiteral("--no-keychain"), QStringLiteral("--key"), QStringLiteral("k=hex:00112233445566778899aabbccddeeff"),
                                       QStringLiteral("--port-file"), portFile});
        QDeadlineTimer deadline(20000);
        while (!QFile::exists(portFile) && !deadline.hasExpired())
            QTest::qWait(50);
        const QByteArray found = coreLimitOf(server.processId());
        server.kill();
        server.waitForFinished();
        return found;
    };
    QCOMPARE(coreLimitOfServer(false), QByteArray("0"));
    if (limit.rlim_max != 0)
        QVERIFY(coreLimitOfServer(true) != "0");

    // The desktop app, open on its demo history: its limit drops to 0 as soon as main() starts.
    QProcess app;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(environment);
    app.start(QStringLiteral(HL_APP_PATH), QStringList());
    QVERIFY(app.waitForStarted());
    QByteArray appLimit;
    QDeadlineTimer deadline(20000);
    while ((appLimit = coreLimitOf(app.processId())) != "0" && !deadline.hasExpired())
        QTest::qWait(50);
    app.kill();
    app.waitForFinished();
    QCOMPARE(appLimit, QByteArray("0"));
#else
    QSKIP("core limits are read from /proc");
#endif
}

void TestHardening::publishedAnswersPass()
{
    QVERIFY(AesGcmSelfTest::check(AesGcmSelfTest::publishedVectors()));
    QVERIFY(AesGcmSelfTest::runAtStart());
    QVERIFY(AesGcmSelfTest::status());
    const DecodedPayload decoded = decode(sealedPayload());
    QCOMPARE(int(decoded.status), int(DecodedPayload::Status::Decoded));
}

// A library that answers other bytes than published (here: a vector whose expected tag is off by one bit, which
// is what the check sees when the library is broken) refuses every decryption and encryption, and says why.
void TestHardening::failedSelfTestRefusesToDecrypt()
{
    std::vector<AesGcmSelfTest::Vector> vectors = AesGcmSelfTest::publishedVectors();
    std::string sealed(vectors[2].sealedHex);
    sealed.back() = sealed.back() == '0' ? '1' : '0';
    vectors[2].sealedHex = sealed;
    const auto outcome = AesGcmSelfTest::runAtStart(vectors);
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code, ErrorCode::SelfTestFailed);
    QVERIFY2(outcome.error().message.contains(QLatin1String("test case 15, AES-256"))
                 && outcome.error().message.contains(QLatin1String("sealing gave other bytes than published")),
             qPrintable(outcome.error().message));

    const DecodedPayload refused = decode(sealedPayload());
    QVERIFY(refused.failed());
    QCOMPARE(refused.error->code, ErrorCode::SelfTestFailed);
    QVERIFY2(refused.error->message.contains(QLatin1String("refuses to decrypt")), qPrintable(refused.error->message));

    KeyRing keys;
    keys.insert("k", std::make_shared<SecretBytes>(kKey));
    CodecContext context;
    context.keys = &keys;
    context.encryptionKeyId = "k";
    Payload plain;
    (*plain.mutable_metadata())["encoding"] = "json/plain";
    const auto encoded = CodecChain::standard().encode(plain, {"binary/encrypted"}, context);
    QVERIFY(!encoded);
    QCOMPARE(encoded.error().code, ErrorCode::SelfTestFailed);

    QVERIFY(AesGcmSelfTest::runAtStart()); // the published answers again: decryption is back
    QCOMPARE(int(decode(sealedPayload()).status), int(DecodedPayload::Status::Decoded));
}

void TestHardening::processIsHardened()
{
    const ProcessHardening::Report report = ProcessHardening::apply();
#if defined(Q_OS_UNIX)
    QVERIFY2(report.coreDumpsOff, qPrintable(report.problems.join(QStringLiteral("; "))));
    rlimit limit{};
    QVERIFY(getrlimit(RLIMIT_CORE, &limit) == 0);
    QCOMPARE(limit.rlim_cur, rlim_t(0));
    QCOMPARE(limit.rlim_max, rlim_t(0));
#endif
#if defined(Q_OS_LINUX)
    QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
#endif
    QVERIFY(report.secureHeap);
    QVERIFY(CRYPTO_secure_malloc_initialized());
    const size_t usedBefore = CRYPTO_secure_used();
    {
        SecretBytes secret(std::string_view("a key that lives in the locked heap"));
        QVERIFY(CRYPTO_secure_allocated(secret.data()));
        QVERIFY(CRYPTO_secure_used() > usedBefore);
    }
    QCOMPARE(CRYPTO_secure_used(), usedBefore); // freed (and wiped) with the secret
    // The heap is locked where the OS lets this user lock 1 MiB.
    rlimit memlock{};
    if (getrlimit(RLIMIT_MEMLOCK, &memlock) == 0 && (memlock.rlim_cur == RLIM_INFINITY || memlock.rlim_cur >= 4 * ProcessHardening::kSecureHeapBytes))
        QVERIFY2(report.secureHeapLocked, qPrintable(report.problems.join(QStringLiteral("; "))));
}

QTEST_GUILESS_MAIN(TestHardening)
#include "tst_hardening.moc"
