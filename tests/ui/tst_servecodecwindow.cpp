#ifndef Q_MOC_RUN
#include "ui/codecserver/codecserving.h"
#include "codecserver/payloadsjson.h"
#include "format/historyreader.h"
#include "keys/keycatalog.h"
#include "keys/keychainkeystore.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "support/historyevents.h"
#include "support/testpaths.h"
#include "ui/codecserver/servecodecdialog.h"
#include "ui/mainwindow.h"
#endif

#include "servecodec/servecodechttp.h"

#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QtTest>

using namespace hl;
using temporal::api::common::v1::Payload;

namespace {

const char* const kKeyText = "test-key-test-key-test-key-test!";

QByteArray body(const Payload& payload)
{
    std::string out;
    PayloadsJson::write({&payload}, &out);
    return QByteArray::fromStdString(out);
}

bool decodes(const QString& url, const Payload& encrypted, const QByteArray& temporalNamespace)
{
    const auto answer = test::postJson(url + QStringLiteral("/decode"), body(encrypted), {{"X-Namespace", temporalNamespace}});
    std::vector<Payload> payloads;
    if (answer.status != 200 || !PayloadsJson::read(answer.body.toStdString(), &payloads) || payloads.size() != 1)
        return false;
    return payloads.front().metadata().at("encoding") == "json/plain";
}

} // namespace

// File › Serve Codec in the desktop app, against a real Secret Service (tools/with-secret-service.sh): a keychain key
// scoped to one namespace is served for that namespace only, the dialog and the status bar count requests, and
// nothing secret lands in a file.
class TestServeCodecWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void servesTheKeychainsKeys();
    void startProblemsShowInTheDialog();
    void noFileHoldsAKey();

private:
    Payload m_encrypted; // the codec vectors' go-encryption payload, key id "test"
};

void TestServeCodecWindow::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("HL_TEST_HOME") || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("run me through tests/tools/with-secret-service.sh (ctest does)");
    QCoreApplication::setOrganizationName(QStringLiteral("HistoryLensTests"));
    auto file = HistoryReader().readFile(test::codecVector(QStringLiteral("codec-history.json")));
    QVERIFY(file.ok());
    m_encrypted = test::signalInput(file->histories.front(), QStringLiteral("go-encryption"));

    // A key kept through the keychain, for namespace "finance" only.
    KeychainKeyStore keychain;
    auto key = KeySpec::parse(QStringLiteral("text:") + QLatin1String(kKeyText));
    QVERIFY(key.ok());
    bool written = false;
    keychain.write({SecretKind::CodecKey, QStringLiteral("test")}, key.value(), [&](Result<void> done) {
        QVERIFY(done.ok());
        written = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(written, 10000);
    KeyCatalog().put({{SecretKind::CodecKey, QStringLiteral("test")}, QDateTime::currentDateTimeUtc(), key.value()->fingerprint(),
                      QString(), QStringLiteral("finance")});
}

void TestServeCodecWindow::servesTheKeychainsKeys()
{
    SessionKeyStore session;
    MainWindow window(&session);
    window.show();
    ServeCodecDialog* dialog = window.showServeCodec();
    dialog->listenField()->setText(QStringLiteral("127.0.0.1:0"));
    dialog->originsField()->setPlainText(QStringLiteral("http://localhost:8233"));
    QCOMPARE(dialog->startButton()->text(), QStringLiteral("&Start"));
    dialog->startButton()->click(); // the keychain's keys are read without waiting for them
    QTRY_VERIFY2_WITH_TIMEOUT(window.codecServing()->isRunning(), qPrintable(dialog->statusLabel()->text()), 10000);
    const QString url = window.codecServing()->url();
    QVERIFY(url.startsWith(QStringLiteral("http://127.0.0.1:")));
    QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("Serving 1 key(s) at ") + url), qPrintable(dialog->statusLabel()->text()));
    QCOMPARE(dialog->startButton()->text(), QStringLiteral("&Stop"));

    QVERIFY(decodes(url, m_encrypted, "finance"));
    QVERIFY(!decodes(url, m_encrypted, "default"));
    QTRY_VERIFY_WITH_TIMEOUT(dialog->statusLabel()->text().contains(QStringLiteral("2 requests (2 payloads, 0 refused)")), 5000);
    const auto labels = window.statusBar()->findChildren<QLabel*>();
    bool shown = false;
    for (QLabel* label : labels)
        shown = shown || (label->isVisible() && label->text() == QStringLiteral("Serving codec at %1 · 2 requests").arg(url));
    QVERIFY(shown);

    dialog->startButton()->click();
    QVERIFY(!window.codecServing()->isRunning());
    QCOMPARE(test::postJson(url + QStringLiteral("/decode"), body(m_encrypted)).status, 0); // nobody listens
    QCOMPARE(dialog->statusLabel()->text(), QStringLiteral("Stopped."));

    // The form was kept for next time.
    ServeCodecDialog again(window.codecServing());
    QCOMPARE(again.listenField()->text(), QStringLiteral("127.0.0.1:0"));
    QCOMPARE(again.originsField()->toPlainText(), QStringLiteral("http://localhost:8233"));
}

void TestServeCodecWindow::startProblemsShowInTheDialog()
{
    SessionKeyStore session;
    MainWindow window(&session);
    ServeCodecDialog* dialog = window.showServeCodec();
    dialog->listenField()->setText(QStringLiteral("127.0.0.1:0"));
    dialog->originsField()->setPlainText(QStringLiteral("*"));
    dialog->startButton()->click();
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->statusLabel()->text().contains(QStringLiteral("wildcard")), qPrintable(dialog->statusLabel()->text()), 10000);
    QVERIFY(!window.codecServing()->isRunning());

    // A port already taken.
    dialog->originsField()->setPlainText(QStringLiteral("http://localhost:8233"));
    dialog->startButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(window.codecServing()->isRunning(), 10000);
    const QString taken = window.codecServing()->url().section(QLatin1Char('/'), 2);
    MainWindow other(&session);
    ServeCodecDialog* second = other.showServeCodec();
    second->listenField()->setText(taken);
    second->startButton()->click();
    QTRY_VERIFY2_WITH_TIMEOUT(second->statusLabel()->text().contains(QStringLiteral("the port is in use")), qPrintable(second->statusLabel()->text()), 10000);
    QVERIFY(!other.codecServing()->isRunning());
}

void TestServeCodecWindow::noFileHoldsAKey()
{
    const QByteArray key(kKeyText);
    QDirIterator files(qEnvironmentVariable("HL_TEST_HOME"), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int checked = 0;
    while (files.hasNext()) {
        const QString path = files.next();
        if (path.contains(QStringLiteral("/keyrings/")))
            continue; // the Secret Service's own encrypted store
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = file.readAll();
        QVERIFY2(!bytes.contains(key) && !bytes.contains(key.toHex()) && !bytes.contains(key.toBase64()), qPrintable(path));
        ++checked;
    }
    QVERIFY(checked > 0);
}

QTEST_MAIN(TestServeCodecWindow)
#include "tst_servecodecwindow.moc"
