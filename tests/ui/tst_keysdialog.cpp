#ifndef Q_MOC_RUN
#include "ui/history/historytreemodel.h"
#include "keys/keycatalog.h"
#include "keys/keychainkeystore.h"
#include "keys/sessionkeystore.h"
#include "ui/history/historyview.h"
#include "ui/keys/keysdialog.h"
#include "ui/mainwindow.h"
#endif

#include <QDirIterator>
#include <QtTest>

using namespace hl;

namespace {

const QString kDemoId = QStringLiteral("historylens-demo");

SecretPtr readKeychain(KeychainKeyStore& keychain, const QString& id)
{
    SecretPtr found;
    bool done = false;
    keychain.read({SecretKind::CodecKey, id}, [&](Result<SecretPtr> read) {
        found = read.ok() ? read.value() : nullptr;
        done = true;
    });
    QDeadlineTimer deadline(10000);
    while (!done && !deadline.hasExpired())
        QTest::qWait(10);
    return found;
}

} // namespace

// The Keys dialog and the window against a real Secret Service (tools/with-secret-service.sh): a key kept in the
// keychain decodes histories in a later session; renamed and deleted keys follow.
class TestKeysDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keysKeptInTheKeychainDecodeLater();
    void renameAndDelete();
    void noFileHoldsAKey();
};

void TestKeysDialog::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("HL_TEST_HOME") || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("run me through tests/tools/with-secret-service.sh (ctest does)");
    QCoreApplication::setOrganizationName(QStringLiteral("HistoryLensTests"));
}

void TestKeysDialog::keysKeptInTheKeychainDecodeLater()
{
    {
        SessionKeyStore session;
        KeychainKeyStore keychain;
        KeysDialog dialog(&session, &keychain);
        QSignalSpy changed(&dialog, &KeysDialog::keysChanged);
        dialog.addKey(kDemoId, QStringLiteral("text:historylens-demo-key-not-secret!"), true, QStringLiteral("demo"));
        QVERIFY(changed.wait(10000));
        QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.keyIds(), QStringList{kDemoId});
        QVERIFY(session.ids().empty()); // kept in the keychain, not in the session
        const auto entry = KeyCatalog().find({SecretKind::CodecKey, kDemoId});
        QVERIFY(entry.has_value());
        QCOMPARE(entry->fingerprint, QStringLiteral("40:9d:b0:46:67:5a:c7:4f"));
        QCOMPARE(entry->label, QStringLiteral("demo"));
    }
    // A later session, with no keys given: the window finds it in the keychain.
    SessionKeyStore none;
    MainWindow window(&none);
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(QStringLiteral(HL_DEMO_HISTORY));
    QVERIFY(finished.wait(20000));
    QVERIFY(window.currentView());
    QVERIFY(window.currentView()->model()->index(4, HistoryTreeModel::DetailsColumn).data().toString().contains(
        QLatin1String("eu-west")));
}

void TestKeysDialog::renameAndDelete()
{
    SessionKeyStore session;
    KeychainKeyStore keychain;
    KeysDialog dialog(&session, &keychain);
    QSignalSpy changed(&dialog, &KeysDialog::keysChanged);
    dialog.renameKey(kDemoId, QStringLiteral("demo-renamed"));
    QVERIFY(changed.wait(10000));
    QCOMPARE(dialog.keyIds(), QStringList{QStringLiteral("demo-renamed")});
    QVERIFY(readKeychain(keychain, QStringLiteral("demo-renamed")));
    QVERIFY(!readKeychain(keychain, kDemoId));

    dialog.removeKey(QStringLiteral("demo-renamed"));
    QVERIFY(changed.wait(10000));
    QVERIFY(dialog.keyIds().isEmpty());
    QVERIFY(!readKeychain(keychain, QStringLiteral("demo-renamed")));
    QVERIFY(!KeyCatalog().find({SecretKind::CodecKey, QStringLiteral("demo-renamed")}));
}

void TestKeysDialog::noFileHoldsAKey()
{
    // A key added from the dialog and left in the keychain; then every file under the throwaway HOME (settings,
    // the key catalog, the keyring) is searched for it in every encoding.
    SessionKeyStore session;
    KeychainKeyStore keychain;
    KeysDialog dialog(&session, &keychain);
    QSignalSpy changed(&dialog, &KeysDialog::keysChanged);
    const QByteArray key = QByteArray::fromHex("5a17e3c9d2b84f6a0e1d2c3b4a59687766554433221100ffeeddccbbaa998877");
    dialog.addKey(QStringLiteral("left-in"), QStringLiteral("hex:") + QString::fromLatin1(key.toHex()), true);
    QVERIFY(changed.wait(10000));
    const QList<QByteArray> forms = {key, key.toHex(), key.toHex().toUpper(), key.toBase64(),
                                     key.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)};
    int files = 0;
    QDirIterator it(qEnvironmentVariable("HL_TEST_HOME"), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        ++files;
        const QByteArray content = file.readAll();
        for (const QByteArray& form : forms)
            QVERIFY2(!content.contains(form), qPrintable(QStringLiteral("%1 holds the key").arg(file.fileName())));
    }
    QVERIFY(files >= 2);
}

QTEST_MAIN(TestKeysDialog)
#include "tst_keysdialog.moc"
