// The desktop app decoding through real Codec Servers (the codec_servers fixture) with a real Secret Service
// (tools/with-secret-service.sh): the Codec Server dialog keeps the endpoint in settings and the Authorization value
// and headers in the keychain; a history opened from a file and one from a Temporal frontend decode through it with
// no key on this machine; when the server fails, a bar says why and Retry decodes again.
#ifndef Q_MOC_RUN
#include "ui/codecserver/codecserverbar.h"
#include "keys/sessionkeystore.h"
#include "support/testpaths.h"
#include "ui/codecserver/codecserverdialog.h"
#include "ui/codecserver/codecserverpreferences.h"
#include "ui/codecserver/codecserverresolver.h"
#include "ui/frontend/frontendtab.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "ui/mainwindow.h"
#endif
#include "codecserver/testcodecservers.h"

#include <QComboBox>
#include <QDirIterator>
#include <QEventLoop>
#include <QJsonArray>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QThreadPool>
#include <QLabel>
#include <QtTest>

using namespace hl;
using namespace hl::test;

namespace {


bool waitFor(const std::function<bool()>& condition, int timeoutMs = 30000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition() && !deadline.hasExpired())
        QTest::qWait(20);
    return condition();
}

// Every file under the test's HOME that is not the keychain's: where settings could leak a secret.
QByteArray settingsFiles()
{
    QByteArray all;
    QDirIterator files(QString::fromLocal8Bit(qgetenv("HL_TEST_HOME")), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        if (path.contains(QLatin1String("keyrings")))
            continue;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

class CodecServerWindowTest : public QObject {
    Q_OBJECT

    QString m_python;
    TemporalServer m_server;
    SessionKeyStore m_noKeys; // nothing on this machine: the Codec Server holds the keys

    void configureFiles(MainWindow& window, const QString& endpoint, const QString& auth, const QString& headers)
    {
        CodecServerDialog* dialog = window.showCodecServerSettings();
        QVERIFY(dialog);
        dialog->endpointField()->setText(endpoint);
        dialog->authField()->setText(auth);
        dialog->headersField()->setPlainText(headers);
        dialog->orderField()->setCurrentIndex(1); // the Codec Server only
        QSignalSpy saved(dialog, &CodecServerDialog::saved);
        dialog->save();
        QVERIFY(saved.count() == 1 || saved.wait(10000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("HL_TEST_HOME"))
            QFAIL("run me through tests/tools/with-secret-service.sh (ctest does)");
        QCoreApplication::setOrganizationName(QStringLiteral("HistoryLensTests"));
        TestCodecServers servers;
        QVERIFY2(servers.load(), "the codec_servers fixture did not run");
        m_python = servers.python;
        QVERIFY2(m_server.load(QStringLiteral(HL_TEMPORAL_DIR "/plain")), "the dev server fixture did not start");
    }

    void cleanupTestCase()
    {
        // The pool's threads decoded and hashed with OpenSSL; they end here, so its per-thread state is freed
        // before the process's leak check rather than at an exit that does not wait for them.
        QThreadPool::globalInstance()->waitForDone();
    }

    void init()
    {
        callTestServer(m_python + QStringLiteral("/reset"), true);
    }

    void fileDecodesThroughTheCodecServer()
    {
        MainWindow window(&m_noKeys);
        configureFiles(window, m_python, QStringLiteral("Bearer app-token-7f3a"), QStringLiteral("X-Extra: from-the-app"));
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openFile(codecVector(QStringLiteral("codec-history.json")));
        QVERIFY(finished.wait(30000));
        HistoryView* view = window.currentView();
        QVERIFY(view);
        const auto& decoded = view->model()->payloadContext().decoded;
        QVERIFY(decoded->decodedCount() >= 12);
        QVERIFY(view->codecServer());
        // The python sample's payload reads as it would with the key here.
        const QString details = view->model()->data(view->model()->index(2, HistoryTreeModel::DetailsColumn)).toString();
        QVERIFY2(details.contains(QLatin1String("ENGINE-1")), qPrintable(details));

        // The auth and the header came from the keychain; neither is in any settings file.
        const QJsonObject request = callTestServer(m_python + QStringLiteral("/log")).array().first().toObject();
        QCOMPARE(request[QLatin1String("authorization")].toString(), QStringLiteral("Bearer app-token-7f3a"));
        QCOMPARE(request[QLatin1String("x-extra")].toString(), QStringLiteral("from-the-app"));
        // The endpoint is a setting, written off the GUI thread.
        QTRY_VERIFY_WITH_TIMEOUT(settingsFiles().contains(m_python.toUtf8()), 10000);
        const QByteArray stored = settingsFiles();
        QVERIFY(!stored.contains("app-token-7f3a"));
        QVERIFY(!stored.contains("from-the-app"));

        // The vectors that no codec anywhere can decode: the bar says the server could not, with its reason.
        QVERIFY(decoded->remoteFailedCount() > 0);
        QVERIFY(view->codecServerBar()->isVisibleTo(view));
    }

    void failureBarAndRetry()
    {
        MainWindow window(&m_noKeys);
        // Six 500s (two batches, each with its two retries), then the server decodes.
        configureFiles(window, m_python + QStringLiteral("/bad/flaky-6"), QString(), QString());
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openFile(codecVector(QStringLiteral("codec-batch-history.json")));
        QVERIFY(finished.wait(30000));
        HistoryView* view = window.currentView();
        QVERIFY(view);
        CodecServerBar* bar = view->codecServerBar();
        QVERIFY(bar->isVisibleTo(view));
        QVERIFY2(bar->text().contains(QLatin1String("2500 payloads")) && bar->text().contains(QLatin1String("500")), qPrintable(bar->text()));
        QCOMPARE(view->model()->payloadContext().decoded->decodedCount(), 0);
        // The rest of the history is still there, shown as stored.
        QCOMPARE(view->model()->history().eventCount(), 2501);

        QSignalSpy redecoded(view, &HistoryView::redecoded);
        Q_EMIT bar->retryRequested();
        QVERIFY(redecoded.wait(30000));
        QCOMPARE(view->model()->payloadContext().decoded->decodedCount(), 2500);
        QVERIFY(!bar->isVisibleTo(view));
    }

    // historylens FILE --codec-endpoint URL (or TEMPORAL_CODEC_ENDPOINT): the session's setting where the scope has none.
    void sessionDefaultFromTheCommandLine()
    {
        CodecServerPreferences().remove(CodecServerPreferences::fileScope());
        MainWindow window(&m_noKeys);
        CodecServerSettings settings;
        settings.endpoint = m_python + QStringLiteral("/cli");
        settings.order = CodecServerSettings::Order::RemoteOnly;
        settings.authorization = std::make_shared<const SecretBytes>(std::string_view("Bearer from-the-command-line"));
        window.codecServers()->setSessionDefault(settings);
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openFile(codecVector(QStringLiteral("codec-history.json")));
        QVERIFY(finished.wait(30000));
        QVERIFY(window.currentView()->model()->payloadContext().decoded->decodedCount() >= 12);
        const QJsonObject request = callTestServer(m_python + QStringLiteral("/log")).array().first().toObject();
        QCOMPARE(request[QLatin1String("path")].toString(), QStringLiteral("/cli/decode"));
        QCOMPARE(request[QLatin1String("authorization")].toString(), QStringLiteral("Bearer from-the-command-line"));
    }

    void frontendTabUsesTheProfilesEndpoint()
    {
        MainWindow window(&m_noKeys);
        ConnectionSettings settings;
        settings.address = m_server.address;
        settings.codecEndpoint = m_python; // as a profile's codec.endpoint gives it
        CodecServerPreferences().put(CodecServerPreferences::frontendScope(settings.profile, settings.temporalNamespace),
                                     {m_python, CodecServerSettings::Order::RemoteOnly, QString(), false});
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        FrontendTab* tab = window.openWorkflow(settings, {QStringLiteral("order-0042"), {}});
        QVERIFY(waitFor([tab] { return tab->state() == FrontendTab::State::Loaded; }));
        HistoryView* view = tab->historyView();
        QVERIFY(view);
        const auto& decoded = view->model()->payloadContext().decoded;
        QVERIFY(decoded->decodedCount() >= 15);
        QCOMPARE(decoded->failedCount(), 0);
        const QString started = view->model()->data(view->model()->index(0, HistoryTreeModel::DetailsColumn)).toString();
        QVERIFY2(started.contains(QLatin1String("LAMP-7")), qPrintable(started));
        const QJsonArray log = callTestServer(m_python + QStringLiteral("/log")).array();
        QVERIFY(!log.isEmpty());
        QCOMPARE(log.first()[QLatin1String("x-namespace")].toString(), QStringLiteral("default"));

        // The pane beside the tree: the pending activity's payloads, decoded by the server off the GUI thread.
        FrontendTab* pending = window.openWorkflow(settings, {QStringLiteral("inspect-0042"), {}});
        QVERIFY(waitFor([pending] { return pending->descriptionText().contains(QLatin1String("heartbeat     {\"scanned\":3}")); }));
        QVERIFY2(pending->descriptionText().contains(QLatin1String("last failure  scanner jammed on parcel 3")),
                 qPrintable(pending->descriptionText()));
    }
};

QTEST_MAIN(CodecServerWindowTest)
#include "tst_codecserverwindow.moc"
