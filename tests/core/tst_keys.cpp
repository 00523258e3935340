#ifndef Q_MOC_RUN
#include "keys/keyresolver.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#endif

#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace hl;

namespace {

const std::string kSampleKey = "test-key-test-key-test-key-test!";

QString asText(const SecretPtr& key)
{
    return QString::fromLatin1(reinterpret_cast<const char*>(key->data()), int(key->size()));
}

// A keychain stand-in that answers later, from the event loop, as QtKeychain does.
class LaterStore : public KeyStore {
public:
    QString displayName() const override { return QStringLiteral("later"); }
    void read(const SecretId& id, ReadCallback done) override
    {
        QTimer::singleShot(1, [this, id, done] { done(m_keys.find(id)); });
    }
    void write(const SecretId& id, SecretPtr secret, DoneCallback done) override
    {
        m_keys.insert(id, std::move(secret));
        done({});
    }
    void remove(const SecretId&, DoneCallback done) override { done({}); }

    SessionKeyStore m_keys;
};

class BrokenStore : public KeyStore {
public:
    QString displayName() const override { return QStringLiteral("broken"); }
    void read(const SecretId&, ReadCallback done) override
    {
        ++reads;
        done(Error{ErrorCode::NotFound, QStringLiteral("no keychain is running")});
    }
    void write(const SecretId&, SecretPtr, DoneCallback done) override { done(Error{ErrorCode::NotFound, {}}); }
    void remove(const SecretId&, DoneCallback done) override { done(Error{ErrorCode::NotFound, {}}); }
    int reads = 0;
};

} // namespace

// Keys as people give them (KeySpec), the wiped buffer they live in, and how a KeyRing is filled from stores.
class TestKeys : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specsGiveTheSameBytes_data();
    void specsGiveTheSameBytes();
    void badSpecsNeverEchoTheKey_data();
    void badSpecsNeverEchoTheKey();
    void keyFiles();
    void keyFileErrorsNameTheLine();
    void rawKeyFiles();
    void fingerprintIsShortSha256();
    void secretBytesMoveAndCompare();
    void resolverAsksStoresInOrder();
    void resolverSkipsABrokenStore();
};

void TestKeys::specsGiveTheSameBytes_data()
{
    QTest::addColumn<QString>("spec");
    QTest::newRow("text") << QStringLiteral("text:test-key-test-key-test-key-test!");
    QTest::newRow("hex lower") << QStringLiteral("hex:746573742d6b65792d746573742d6b65792d746573742d6b65792d7465737421");
    QTest::newRow("hex upper") << QStringLiteral("hex:746573742D6B65792D746573742D6B65792D746573742D6B65792D7465737421");
    QTest::newRow("base64") << QStringLiteral("base64:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE=");
    QTest::newRow("base64 url unpadded") << QStringLiteral("base64:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE");
}

void TestKeys::specsGiveTheSameBytes()
{
    QFETCH(QString, spec);
    const auto key = KeySpec::parse(spec);
    QVERIFY2(key.ok(), qPrintable(key.error().message));
    QCOMPARE(asText(key.value()), QString::fromStdString(kSampleKey));
}

void TestKeys::badSpecsNeverEchoTheKey_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("secretPart");
    QTest::newRow("odd hex") << QStringLiteral("hex:abcdef0") << QStringLiteral("abcdef0");
    QTest::newRow("not hex") << QStringLiteral("hex:00112233zz445566") << QStringLiteral("zz4455");
    QTest::newRow("not base64") << QStringLiteral("base64:QUJD$$RA==") << QStringLiteral("QUJD");
    QTest::newRow("no scheme") << QStringLiteral("s3cr3t-s3cr3t") << QStringLiteral("s3cr3t");
    QTest::newRow("unknown scheme") << QStringLiteral("raw:s3cr3t-s3cr3t") << QStringLiteral("s3cr3t");
    QTest::newRow("empty") << QStringLiteral("text:") << QStringLiteral("text:x");
    // One length check for every place a key is given: --key, key files, keys add, serve-codec, the Keys dialog.
    QTest::newRow("5 bytes") << QStringLiteral("text:s3cr3") << QStringLiteral("s3cr3");
    QTest::newRow("17 bytes") << QStringLiteral("hex:000102030405060708090a0b0c0d0e0f10") << QStringLiteral("0f10");
    QTest::newRow("33 bytes") << QStringLiteral("base64:") + QString::fromLatin1(QByteArray(33, 'k').toBase64())
                              << QString::fromLatin1(QByteArray(33, 'k').toBase64().left(12));
}

void TestKeys::badSpecsNeverEchoTheKey()
{
    QFETCH(QString, spec);
    QFETCH(QString, secretPart);
    const auto key = KeySpec::parse(spec);
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, ErrorCode::UsageError);
    QVERIFY2(!key.error().toString().contains(secretPart), qPrintable(key.error().toString()));
}

void TestKeys::keyFiles()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("keys.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# keys for staging\n\n"
               "test=text:test-key-test-key-test-key-test!\n"
               "  k128 = hex:000102030405060708090a0b0c0d0e0f  \r\n"
               "java=text:a=b-a=b-a=b-a=bc\n");
    file.close();
    const auto keys = KeySpec::readKeyFile(file.fileName());
    QVERIFY2(keys.ok(), qPrintable(keys.error().toString()));
    QCOMPARE(keys->size(), size_t(3));
    QCOMPARE(keys->at(0).id, QStringLiteral("test"));
    QCOMPARE(asText(keys->at(0).key), QString::fromStdString(kSampleKey));
    QCOMPARE(keys->at(1).id, QStringLiteral("k128"));
    QCOMPARE(keys->at(1).key->size(), size_t(16));
    QCOMPARE(keys->at(2).id, QStringLiteral("java"));
    QCOMPARE(asText(keys->at(2).key), QStringLiteral("a=b-a=b-a=b-a=bc"));
}

void TestKeys::keyFileErrorsNameTheLine()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("keys.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("good=text:abcdefghijklmnop\n# comment\nbad=hex:c0ffee1\n");
    file.close();
    const auto keys = KeySpec::readKeyFile(file.fileName());
    QVERIFY(!keys.ok());
    QCOMPARE(keys.error().location, QStringLiteral("line 3"));
    QVERIFY(keys.error().toString().contains(QLatin1String("keys.txt")));
    QVERIFY(keys.error().toString().contains(QLatin1String("key bad")));
    QVERIFY(!keys.error().toString().contains(QLatin1String("c0ffee")));

    QVERIFY(!KeySpec::readKeyFile(dir.filePath(QStringLiteral("missing.txt"))).ok());
}

void TestKeys::rawKeyFiles()
{
    QTemporaryDir dir;
    auto write = [&](const QString& name, const QByteArray& bytes) {
        QFile file(dir.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(bytes);
        return dir.filePath(name);
    };
    // A 32-byte key whose last byte happens to be a line feed is kept whole.
    QByteArray raw(32, 'k');
    raw[31] = '\n';
    QCOMPARE(KeySpec::parse(QStringLiteral("file:") + write(QStringLiteral("raw"), raw)).value()->size(), size_t(32));
    // A key written by an editor or echo loses its line break.
    QCOMPARE(asText(KeySpec::parse(QStringLiteral("file:") + write(QStringLiteral("text"), QByteArray(kSampleKey.c_str()) + "\n")).value()),
             QString::fromStdString(kSampleKey));
    QCOMPARE(KeySpec::parse(QStringLiteral("file:") + write(QStringLiteral("crlf"), QByteArray(16, 'x') + "\r\n")).value()->size(),
             size_t(16));
    // Too large for a key file.
    QCOMPARE(KeySpec::parse(QStringLiteral("file:") + write(QStringLiteral("big"), QByteArray(KeySpec::kMaxKeyFileBytes + 1, 'x'))).error().code,
             ErrorCode::TooLarge);
}

void TestKeys::fingerprintIsShortSha256()
{
    // sha256("test-key-test-key-test-key-test!") starts with 2a3046b5cee8520d (Python's hashlib).
    QCOMPARE(SecretBytes(kSampleKey).fingerprint(), QStringLiteral("2a:30:46:b5:ce:e8:52:0d"));
}

void TestKeys::secretBytesMoveAndCompare()
{
    SecretBytes a(kSampleKey);
    SecretBytes b(kSampleKey);
    QVERIFY(a == b);
    SecretBytes moved(std::move(a));
    QVERIFY(a.isEmpty());
    QCOMPARE(moved.size(), kSampleKey.size());
    QVERIFY(moved == b);
    b.resize(4);
    QCOMPARE(b.size(), size_t(4));
    QVERIFY(!(moved == b));
    SecretBytes zeroed = SecretBytes::zeroed(8);
    QCOMPARE(zeroed.size(), size_t(8));
    QCOMPARE(int(zeroed.data()[7]), 0);
}

void TestKeys::resolverAsksStoresInOrder()
{
    SessionKeyStore session;
    LaterStore keychain;
    session.insert({SecretKind::CodecKey, QStringLiteral("a")}, std::make_shared<SecretBytes>(std::string(16, 'S')));
    keychain.m_keys.insert({SecretKind::CodecKey, QStringLiteral("a")}, std::make_shared<SecretBytes>(std::string(16, 'K')));
    keychain.m_keys.insert({SecretKind::CodecKey, QStringLiteral("b")}, std::make_shared<SecretBytes>(std::string(16, 'K')));
    // Same name, other kind: never used as a codec key.
    keychain.m_keys.insert({SecretKind::CloudApiKey, QStringLiteral("c")}, std::make_shared<SecretBytes>(std::string(16, 'X')));

    bool done = false;
    KeyRing ring;
    KeyResolver::resolve({"a", "b", "c"}, {&session, &keychain}, [&](KeyRing found, std::vector<Error> errors) {
        ring = std::move(found);
        QVERIFY(errors.empty());
        done = true;
    });
    QVERIFY(!done); // the keychain answers later
    QTRY_VERIFY(done);
    QCOMPARE(asText(ring.find("a")), QStringLiteral("SSSSSSSSSSSSSSSS")); // session first
    QCOMPARE(asText(ring.find("b")), QStringLiteral("KKKKKKKKKKKKKKKK"));
    QVERIFY(!ring.find("c"));
}

void TestKeys::resolverSkipsABrokenStore()
{
    BrokenStore broken;
    SessionKeyStore session;
    session.insert({SecretKind::CodecKey, QStringLiteral("b")}, std::make_shared<SecretBytes>(std::string(16, 'S')));
    bool done = false;
    KeyResolver::resolve({"a", "b", "c"}, {&broken, &session}, [&](KeyRing ring, std::vector<Error> errors) {
        QCOMPARE(errors.size(), size_t(1)); // reported once, not per key
        QVERIFY(errors.front().message.contains(QLatin1String("no keychain")));
        QVERIFY(ring.find("b"));
        QVERIFY(!ring.find("a"));
        done = true;
    });
    QVERIFY(done);
    QCOMPARE(broken.reads, 1);
}

QTEST_GUILESS_MAIN(TestKeys)
#include "tst_keys.moc"
