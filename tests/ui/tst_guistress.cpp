// The desktop app under a minute of mixed use against the real dev server and the real Codec Servers (the temporal
// and codec_servers fixtures), from a fixed seed: eight workflows open, three followed while signals arrive, the
// Codec Server switched to "the Codec Server only" and back, keys added and removed, Retry, Reload, export, search,
// tabs closed in the middle of loading. A meter on the GUI thread records every time the event loop did not run;
// any stall over 2 s fails the test, and a watchdog thread ends the process if the GUI thread stops for good.
#ifndef Q_MOC_RUN
#include "ui/codecserver/codecserverdialog.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "support/stallmeter.h"
#include "support/testpaths.h"
#include "ui/frontend/frontendtab.h"
#include "ui/history/filetab.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "ui/keys/keysdialog.h"
#include "ui/mainwindow.h"
#endif
#include "codecserver/testcodecservers.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstdio>

using namespace hl;
using namespace hl::test;

namespace {

constexpr qint64 kFreezeMs = 2000;
constexpr qint64 kFrozenForGoodMs = 30000;

} // namespace

class GuiStressTest : public QObject {
    Q_OBJECT

    TemporalServer m_server;
    TestCodecServers m_codecServers;
    SessionKeyStore m_keys;
    SecretId m_keyId;
    SecretPtr m_key;

    ConnectionSettings settings() const
    {
        ConnectionSettings settings;
        settings.address = m_server.address;
        return settings;
    }

    QProcessEnvironment environment() const { return temporalEnvironment(); }

    // The temporal CLI, not waited for: the GUI thread is what is measured.
    void temporalLater(QStringList arguments)
    {
        arguments << QStringLiteral("--address") << m_server.address;
        auto* process = new QProcess(this);
        process->setProcessEnvironment(environment());
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        process->start(m_server.temporal, arguments);
    }

    // File › Codec Server… for the current tab's scope: "the Codec Server only" at `endpoint`, or none.
    void setCodecServer(MainWindow& window, const QString& endpoint)
    {
        CodecServerDialog* dialog = window.showCodecServerSettings();
        QVERIFY(dialog);
        dialog->endpointField()->setText(endpoint);
        if (!endpoint.isEmpty())
            dialog->orderField()->setCurrentIndex(1);
        dialog->save();
        dialog->close();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("HL_TEST_HOME"))
            QFAIL("run me through tests/tools/with-secret-service.sh (ctest does)");
        QCoreApplication::setOrganizationName(QStringLiteral("HistoryLensStressTests"));
        QVERIFY2(m_server.load(QStringLiteral(HL_TEMPORAL_DIR "/plain")), "the dev server fixture did not start");
        QVERIFY2(m_codecServers.load(), "the codec_servers fixture did not run");
        auto key = KeySpec::parseAssignment(m_server.keyOption());
        QVERIFY(key);
        m_keyId = {SecretKind::CodecKey, key->id};
        m_key = key->key;
        m_keys.insert(m_keyId, m_key);
    }

    void mixedUseNeverFreezes()
    {
        const int seconds = qEnvironmentVariableIntValue("HL_STRESS_SECONDS") > 0 ? qEnvironmentVariableIntValue("HL_STRESS_SECONDS") : 60;
        QTemporaryDir exports;
        QRandomGenerator random(20261204);
        const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
        QStringList watched;
        for (int i = 0; i < 2; ++i) {
            watched << QStringLiteral("stress-watch-%1-%2").arg(stamp).arg(i);
            temporalLater({QStringLiteral("workflow"), QStringLiteral("start"), QStringLiteral("--type"), QStringLiteral("WatchWorkflow"),
                           QStringLiteral("-t"), QStringLiteral("nobody-polls-this"), QStringLiteral("-w"), watched.last()});
        }
        watched << QStringLiteral("watch-0042");
        const QStringList closed = {QStringLiteral("order-0042"), QStringLiteral("order-0042-packing"), QStringLiteral("refund-0042"),
                                    QStringLiteral("inspect-0042"), QStringLiteral("batch-7")};
        const QStringList files = {QStringLiteral(HL_DEMO_HISTORY), codecVector(QStringLiteral("codec-history.json")),
                                   test::generatedFixture(QStringLiteral("cloud-export.binpb"))};

        MainWindow window(&m_keys);
        window.resize(1400, 900);
        window.show();
        auto* tabs = window.findChild<QTabWidget*>();
        QVERIFY(tabs);
        StallMeter meter(kFrozenForGoodMs);
        QTest::qWait(1500); // the two new workflows exist by now

        // Eight workflows, three of them followed.
        for (const QString& id : closed)
            window.openWorkflow(settings(), {id, {}});
        for (const QString& id : watched)
            window.openWorkflow(settings(), {id, {}}, true);
        QCOMPARE(tabs->count(), 8);

        QElapsedTimer running;
        running.start();
        int actions = 0;
        int signals = 0;
        bool remoteOnly = false;
        bool keyPresent = true;
        while (running.elapsed() < seconds * 1000) {
            ++actions;
            const int choice = int(random.bounded(12));
            const int count = tabs->count();
            const int at = count > 0 ? int(random.bounded(count)) : -1;
            if (at >= 0)
                tabs->setCurrentIndex(at);
            switch (choice) {
            case 0: // a signal to a followed workflow
            case 1:
                ++signals;
                temporalLater({QStringLiteral("workflow"), QStringLiteral("signal"), QStringLiteral("-w"),
                               watched[int(random.bounded(watched.size()))], QStringLiteral("--name"), QStringLiteral("inspect"),
                               QStringLiteral("--input"), QStringLiteral("\"look %1\"").arg(signals)});
                break;
            case 2: // the Codec Server only, and back
                remoteOnly = !remoteOnly;
                setCodecServer(window, remoteOnly ? (random.bounded(2) ? m_codecServers.go : m_codecServers.python) : QString());
                break;
            case 3: { // a key removed or added back, as the Keys dialog does
                KeysDialog* dialog = window.showKeys();
                if (keyPresent)
                    m_keys.remove(m_keyId, [](Result<void>) {});
                else
                    m_keys.insert(m_keyId, m_key);
                keyPresent = !keyPresent;
                Q_EMIT dialog->keysChanged();
                dialog->hide();
                break;
            }
            case 4: // Retry on the Codec Server bar
                if (HistoryView* view = window.currentView())
                    Q_EMIT view->codecServerRetryRequested();
                break;
            case 5: // Reload (F5)
                for (QAction* action : window.findChildren<QAction*>()) {
                    if (action->shortcut() == QKeySequence(QKeySequence::Refresh) && action->isEnabled()) {
                        action->trigger();
                        break;
                    }
                }
                break;
            case 6: // export
                window.exportTo(exports.filePath(QStringLiteral("export-%1.json").arg(actions)), random.bounded(2) == 0);
                break;
            case 7: // a search
                if (HistoryView* view = window.currentView()) {
                    view->showSearch();
                    view->search(random.bounded(2) ? QStringLiteral("order") : QStringLiteral("look|fail"), random.bounded(2) == 0);
                }
                break;
            case 8: // close a tab, whatever it is doing
                if (at >= 0 && count > 4)
                    Q_EMIT tabs->tabCloseRequested(at);
                break;
            case 9: // open another workflow, closed or followed
                if (count < 14) {
                    if (random.bounded(3) == 0)
                        window.openWorkflow(settings(), {watched[int(random.bounded(watched.size()))], {}}, true);
                    else
                        window.openWorkflow(settings(), {closed[int(random.bounded(closed.size()))], {}});
                }
                break;
            case 10: // open a file, and sometimes close it at once, in the middle of loading
                if (count < 14) {
                    window.openFile(files[int(random.bounded(files.size()))]);
                    if (random.bounded(2) == 0)
                        Q_EMIT tabs->tabCloseRequested(tabs->count() - 1);
                }
                break;
            case 11: // Follow off and on
                if (auto* tab = window.frontendTab(tabs->currentIndex()))
                    tab->setFollowing(!tab->isFollowing());
                break;
            }
            // Dialogs that a step opened (a Cloud export's picker, an error) are answered as a user would.
            for (QDialog* dialog : window.findChildren<QDialog*>()) {
                if (dialog->isVisible() && !qobject_cast<KeysDialog*>(dialog))
                    dialog->reject();
            }
            QTest::qWait(int(50 + random.bounded(400)));
        }
        // Everything stops when the window goes: the tabs' polls and decodes end without waiting.
        while (tabs->count() > 0)
            Q_EMIT tabs->tabCloseRequested(0);
        QTest::qWait(500);

        const qint64 longest = meter.longest();
        std::printf("gui stress: %d actions in %d s, %zu ticks; longest GUI stall %lld ms, 99th percentile %lld ms\n", actions,
                    seconds, meter.samples(), static_cast<long long>(longest), static_cast<long long>(meter.percentile(0.99)));
        QVERIFY2(longest <= kFreezeMs, qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(longest)));
        QVERIFY(actions > 50);
    }

    void keysChangeOnTabsWithoutEvents()
    {
        // Changing keys while a frontend tab has no view (still loading, or failed) must not touch a view.
        MainWindow window(&m_keys);
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        FrontendTab* loading = window.openWorkflow(settings(), {QStringLiteral("order-0042"), {}});
        QVERIFY(!loading->historyView());
        KeysDialog* dialog = window.showKeys();
        Q_EMIT dialog->keysChanged(); // loading, no view yet

        ConnectionSettings dead;
        dead.address = QStringLiteral("127.0.0.1:1");
        FrontendTab* failed = window.openWorkflow(dead, {QStringLiteral("order-0042"), {}});
        QTRY_VERIFY_WITH_TIMEOUT(failed->state() == FrontendTab::State::Failed, 30000);
        QVERIFY(!failed->historyView());
        Q_EMIT dialog->keysChanged(); // failed, no view

        // A file tab still reading: the keys it decodes with are asked again once it has loaded.
        window.openFile(QStringLiteral(HL_DEMO_HISTORY));
        Q_EMIT dialog->keysChanged();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isLoading(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(loading->historyView() != nullptr, 30000);
        Q_EMIT dialog->keysChanged();
        QVERIFY(window.statusText().size() > 0);
    }
};

QTEST_MAIN(GuiStressTest)
#include "tst_guistress.moc"
