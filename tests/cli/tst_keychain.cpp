#include "support/testpaths.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QtTest>

using namespace hl;
using namespace Qt::StringLiterals;

// historylens-cli keys against a real Secret Service (started by tools/with-secret-service.sh with a throwaway
// HOME): add, list, use, remove, scoping, and that no file under HOME ever holds a key.
class TestKeychain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void addListUseRemove();
    void everyWayOfGivingAKey_data();
    void everyWayOfGivingAKey();
    void namespacedKeysServeTheirNamespace();
    void unknownIdsAndBadKeys();
    void withoutAKeychainItSaysSo();
    void noFileHoldsAKey();

private:
    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    static Run cli(const QStringList& arguments, const QByteArray& input = {}, const QProcessEnvironment& environment = {});
    // What the Secret Service itself holds for a codec key, asked through libsecret's secret-tool, not our code.
    static QByteArray secretServiceEntry(const QString& keyId);

    QList<QByteArray> m_secrets; // every key added, to look for afterwards
};

namespace {

const QString kDemo = QStringLiteral(HL_DEMO_HISTORY);
const QByteArray kDemoKey = "historylens-demo-key-not-secret!";

} // namespace

TestKeychain::Run TestKeychain::cli(const QStringList& arguments, const QByteArray& input, const QProcessEnvironment& environment)
{
    QProcess process;
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    process.start(test::cliPath(), arguments);
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

QByteArray TestKeychain::secretServiceEntry(const QString& keyId)
{
    QProcess process;
    process.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, u"HistoryLens"_s, u"user"_s, u"codec-key/"_s + keyId});
    process.waitForFinished(30000);
    return process.readAllStandardOutput();
}

void TestKeychain::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("HL_TEST_HOME") || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("run me through tests/tools/with-secret-service.sh (ctest does)");
}

void TestKeychain::addListUseRemove()
{
    m_secrets << kDemoKey;
    const Run add = cli({u"keys"_s, u"add"_s, u"historylens-demo"_s, u"--text"_s, QString::fromLatin1(kDemoKey), u"--label"_s, u"the demo"_s});
    QCOMPARE(add.exitCode, 0);
    QVERIFY(add.out.contains("stored key `historylens-demo` (fingerprint 40:9d:b0:46:67:5a:c7:4f)"));
    // QtKeychain keeps binary secrets base64-encoded in the Secret Service.
    QCOMPARE(QByteArray::fromBase64(secretServiceEntry(u"historylens-demo"_s)), kDemoKey);

    const Run list = cli({u"keys"_s, u"list"_s});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains("historylens-demo"));
    QVERIFY(list.out.contains("40:9d:b0:46:67:5a:c7:4f"));
    QVERIFY(list.out.contains("the demo"));

    // show finds the key in the keychain by the payloads' encryption-key-id.
    const Run shown = cli({u"show"_s, kDemo, u"--strict"_s});
    QCOMPARE(shown.exitCode, 0);
    QVERIFY(shown.out.contains("Payloads: 19 decoded, 0 not decoded"));
    QVERIFY2(shown.err.isEmpty(), shown.err.constData());
    // ... unless told not to look.
    QCOMPARE(cli({u"show"_s, kDemo, u"--strict"_s, u"--no-keychain"_s}).exitCode, 3);

    const Run removed = cli({u"keys"_s, u"remove"_s, u"historylens-demo"_s});
    QCOMPARE(removed.exitCode, 0);
    QVERIFY(!cli({u"keys"_s, u"list"_s}).out.contains("historylens-demo"));
    QVERIFY(secretServiceEntry(u"historylens-demo"_s).isEmpty());
    const Run after = cli({u"show"_s, kDemo, u"--strict"_s});
    QCOMPARE(after.exitCode, 3);
    QVERIFY(after.err.contains("unknown key id `historylens-demo`"));
}

void TestKeychain::everyWayOfGivingAKey_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("key");
    const QByteArray key16 = QByteArray::fromHex("00112233445566778899aabbccddeeff");
    const QByteArray key24 = QByteArray::fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7");
    QTest::newRow("hex") << QStringList{u"--hex"_s, QString::fromLatin1(key16.toHex())} << QByteArray() << key16;
    QTest::newRow("base64") << QStringList{u"--base64"_s, QString::fromLatin1(key24.toBase64())} << QByteArray() << key24;
    QTest::newRow("standard input") << QStringList{} << (kDemoKey + "\n") << kDemoKey;
}

void TestKeychain::everyWayOfGivingAKey()
{
    QFETCH(QStringList, options);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, key);
    m_secrets << key;
    const QString id = QStringLiteral("way-%1").arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
    const Run add = cli(QStringList{u"keys"_s, u"add"_s, id} + options, input);
    QCOMPARE(add.exitCode, 0);
    QVERIFY(!add.out.contains(key.toHex()) && !add.out.contains(key.toBase64()));
    QVERIFY(cli({u"keys"_s, u"list"_s}).out.contains(id.toUtf8()));
    QCOMPARE(cli({u"keys"_s, u"remove"_s, id}).exitCode, 0);
}

void TestKeychain::namespacedKeysServeTheirNamespace()
{
    QCOMPARE(cli({u"keys"_s, u"add"_s, u"historylens-demo"_s, u"--text"_s, QString::fromLatin1(kDemoKey), u"--namespace"_s, u"orders-prod"_s}).exitCode, 0);
    QVERIFY(cli({u"keys"_s, u"list"_s}).out.contains("orders-prod"));
    QCOMPARE(cli({u"show"_s, kDemo, u"--strict"_s, u"--namespace"_s, u"orders-prod"_s}).exitCode, 0);
    QCOMPARE(cli({u"show"_s, kDemo, u"--strict"_s, u"--namespace"_s, u"billing"_s}).exitCode, 3);
    QCOMPARE(cli({u"show"_s, kDemo, u"--strict"_s}).exitCode, 0); // no namespace given: every key
    QCOMPARE(cli({u"keys"_s, u"remove"_s, u"historylens-demo"_s}).exitCode, 0);
}

void TestKeychain::unknownIdsAndBadKeys()
{
    const Run remove = cli({u"keys"_s, u"remove"_s, u"never-added"_s});
    QCOMPARE(remove.exitCode, 1);
    QVERIFY(remove.err.contains("no stored key `never-added`"));
    const Run shortKey = cli({u"keys"_s, u"add"_s, u"short"_s, u"--hex"_s, u"c0ffee"_s});
    QCOMPARE(shortKey.exitCode, 2);
    QVERIFY(shortKey.err.contains("3 bytes"));
    QVERIFY(!shortKey.err.contains("c0ffee"));
    QCOMPARE(cli({u"keys"_s, u"add"_s, u"two"_s, u"--hex"_s, u"00"_s, u"--text"_s, u"x"_s}).exitCode, 2);
    QCOMPARE(cli({u"keys"_s, u"frobnicate"_s}).exitCode, 2);
    QVERIFY(!cli({u"keys"_s, u"list"_s}).out.contains("short"));
}

void TestKeychain::withoutAKeychainItSaysSo()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
    const Run add = cli({u"keys"_s, u"add"_s, u"k"_s, u"--hex"_s, u"00112233445566778899aabbccddeeff"_s}, {}, environment);
    QCOMPARE(add.exitCode, 1);
    QVERIFY2(add.err.contains("no keychain is available"), add.err.constData());
    QVERIFY(add.err.contains("gnome-keyring-daemon"));
    // show still works with keys given on the command line, and says once why it could not ask the keychain.
    const Run given = cli({u"show"_s, kDemo, u"--strict"_s, u"--key"_s, u"historylens-demo=text:"_s + QString::fromLatin1(kDemoKey)}, {}, environment);
    QCOMPARE(given.exitCode, 0);
    const Run missing = cli({u"show"_s, kDemo}, {}, environment);
    QCOMPARE(missing.exitCode, 0);
    QCOMPARE(missing.err.count("no keychain is available"), 1);
}

void TestKeychain::noFileHoldsAKey()
{
    // Added keys again, left in the keychain, then every file under the throwaway HOME is searched.
    QCOMPARE(cli({u"keys"_s, u"add"_s, u"left-in"_s, u"--text"_s, QString::fromLatin1(kDemoKey)}).exitCode, 0);
    QList<QByteArray> forms;
    for (const QByteArray& secret : std::as_const(m_secrets)) {
        forms << secret << secret.toHex() << secret.toHex().toUpper() << secret.toBase64()
              << secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    }
    int files = 0;
    QDirIterator it(qEnvironmentVariable("HL_TEST_HOME"), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        ++files;
        const QByteArray content = file.readAll();
        for (const QByteArray& form : std::as_const(forms))
            QVERIFY2(!content.contains(form), qPrintable(QStringLiteral("%1 holds a key").arg(file.fileName())));
    }
    QVERIFY(files >= 2); // the keyring and the key catalog at least
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
