// The desktop app against a real Temporal dev server (the ctest fixture) and a real Secret Service
// (tools/with-secret-service.sh): a workflow opens in a tab with its payloads decoded, links open children,
// the workflow browser lists and filters, a running workflow is followed live (with pause), the connect dialog
// reads and writes temporal.toml profiles with the API key kept in the keychain, and failures are shown in the tab.
#ifndef Q_MOC_RUN
#include "ui/frontend/connectdialog.h"
#include "keys/keycatalog.h"
#include "keys/keychainkeystore.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "ui/frontend/callstackpanel.h"
#include "ui/frontend/familypanel.h"
#include "ui/frontend/frontendtab.h"
#include "ui/frontend/workflowspanel.h"
#include "ui/history/historyfiltermodel.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "ui/history/failureview.h"
#include "ui/history/payloaddetailview.h"
#include "ui/mainwindow.h"
#endif
#include "frontend/temporalpeers.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QTextBlock>
#include <QTextDocument>
#include <QSignalSpy>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTabWidget>
#include <QTreeWidget>
#include <QtTest>

using namespace hl;
using namespace hl::test;

class FrontendWindowTest : public QObject {
    Q_OBJECT

    TemporalServer m_server;
    SessionKeyStore m_keys;

    ConnectionSettings settings() const
    {
        ConnectionSettings settings;
        settings.address = m_server.address;
        return settings;
    }

    static bool waitFor(const std::function<bool()>& condition, int timeoutMs = 30000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!condition() && !deadline.hasExpired())
            QTest::qWait(20);
        return condition();
    }

    static int findEvent(const HistoryTreeModel* model, const char* typeName)
    {
        const History& history = model->history();
        for (int i = 0; i < history.eventCount(); ++i) {
            if (model->data(model->eventIndex(i).siblingAtColumn(HistoryTreeModel::TypeColumn)).toString() == QLatin1String(typeName))
                return i;
        }
        return -1;
    }

    QProcessEnvironment environment() const { return temporalEnvironment(); }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("HL_TEST_HOME"))
            QFAIL("run me through tests/tools/with-secret-service.sh (ctest does)");
        QVERIFY2(m_server.load(QStringLiteral(HL_TEMPORAL_DIR "/plain")), "the dev server fixture did not start");
        QCoreApplication::setOrganizationName(QStringLiteral("HistoryLensTests"));
        auto key = KeySpec::parseAssignment(m_server.keyOption());
        QVERIFY(key);
        m_keys.insert({SecretKind::CodecKey, key->id}, key->key);
    }

    // A running workflow whose task queue nobody polls: the tab says so above the history, naming the queue.
    void aWorkflowNobodyServesIsWarnedOf()
    {
        MainWindow window(&m_keys);
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        FrontendTab* tab = window.openWorkflow(settings(), {QStringLiteral("stranded-0042"), {}});
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!tab->workersWarning().isEmpty(), 10000);
        QVERIFY2(tab->workersWarning().contains(QStringLiteral("“nobody-polls-this”")), qPrintable(tab->workersWarning()));
        QVERIFY(tab->descriptionText().contains(QStringLiteral("nobody-polls-this (workflow tasks): no poller lately")));
        // A closed workflow has nothing to wait for: no warning.
        FrontendTab* closed = window.openWorkflow(settings(), {QStringLiteral("order-0042"), {}});
        QVERIFY(finished.wait(30000));
        QVERIFY(closed->workersWarning().isEmpty());
        QVERIFY(closed->descriptionText().contains(QStringLiteral("Workers:")));
    }

    void workflowOpensDecodedInATab()
    {
        MainWindow window(&m_keys);
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        FrontendTab* tab = window.openWorkflow(settings(), {QStringLiteral("order-0042"), {}});
        QVERIFY(finished.wait(30000));
        QCOMPARE(tab->state(), FrontendTab::State::Loaded);
        HistoryView* view = tab->historyView();
        QVERIFY(view);
        QCOMPARE(window.currentView(), view);
        QCOMPARE(qint64(view->model()->history().eventCount()), tab->expectedEvents());
        const auto& decoded = view->model()->payloadContext().decoded;
        QVERIFY(decoded->decodedCount() >= 15);
        QCOMPARE(decoded->failedCount(), 0);
        const QString started = view->model()->data(view->model()->index(0, HistoryTreeModel::DetailsColumn)).toString();
        QVERIFY2(started.contains(QLatin1String("LAMP-7")), qPrintable(started));
        QVERIFY(tab->title().contains(QLatin1String("OrderWorkflow")));
        QVERIFY(tab->sourceText().contains(QLatin1String("order-0042")));
        QVERIFY(!tab->workflow().runId.isEmpty());
        QVERIFY(tab->descriptionText().contains(QLatin1String("Completed")));
        QVERIFY(window.statusText().contains(QLatin1String("payloads decoded, 0 not")));
        // Two runs of one workflow are told apart by their tab titles.
        QVERIFY2(tab->title().endsWith(tab->workflow().runId.right(8)), qPrintable(tab->title()));
        // The Python worker's summaries (encrypted by its codec) label the activities, in both views; the start's
        // summary, its Markdown details and the memo are in Describe, decoded.
        const int charge = findEvent(view->model(), "ActivityTaskScheduled");
        const QString label = view->model()->index(charge, HistoryTreeModel::DetailsColumn).data().toString();
        QVERIFY2(label.startsWith(QStringLiteral("\u201cCharge 129.5 EUR for order-0042\u201d")), qPrintable(label));
        view->model()->setGrouped(true);
        QStringList titles;
        for (int row = 0; row < view->model()->rowCount(); ++row)
            titles << view->model()->index(row, HistoryTreeModel::TypeColumn).data().toString();
        QVERIFY2(titles.contains(QStringLiteral("\u201cReserve LAMP-7\u201d \u00b7 reserve_stock (activity 2)")), qPrintable(titles.join(u'|')));
        view->model()->setGrouped(false);
        QVERIFY2(tab->descriptionText().contains(QLatin1String("Order order-0042: one lamp")), qPrintable(tab->descriptionText()));
        QVERIFY(tab->descriptionText().contains(QLatin1String("customer  \"maria@example.com\"")));

        // A child's events link to it: one click opens it in a tab of its own.
        const int childEvent = findEvent(view->model(), "ChildWorkflowExecutionStarted");
        QVERIFY(childEvent > 0);
        const QModelIndex viewIndex = view->filter()->mapFromSource(view->model()->eventIndex(childEvent));
        const QList<QAction*> links = view->workflowLinkActions(viewIndex, this);
        QCOMPARE(links.size(), 1);
        QVERIFY(links.first()->text().contains(QLatin1String("order-0042-packing")));
        links.first()->trigger();
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.viewCount(), 2);
        FrontendTab* child = window.frontendTab(1);
        QVERIFY(child->title().contains(QLatin1String("PackingWorkflow")));
        // ...and the child's first event links back to its parent.
        const QModelIndex first = child->historyView()->filter()->mapFromSource(child->historyView()->model()->eventIndex(0));
        const QList<QAction*> back = child->historyView()->workflowLinkActions(first, this);
        QCOMPARE(back.size(), 1);
        QVERIFY(back.first()->text().contains(QLatin1String("parent")));

        // Reload keeps the tab and shows the same history.
        child->reload();
        QVERIFY(finished.wait(30000));
        QCOMPARE(child->state(), FrontendTab::State::Loaded);
        QCOMPARE(window.viewCount(), 2);
    }

    // Beside the tree: the pending activity with its heartbeat details and last failure decoded.
    void describePaneDecodesPendingWork()
    {
        MainWindow window(&m_keys);
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        FrontendTab* tab = window.openWorkflow(settings(), {QStringLiteral("inspect-0042"), {}});
        QVERIFY(finished.wait(30000));
        const QString description = tab->descriptionText();
        QVERIFY2(description.contains(QLatin1String("Status          Running")), qPrintable(description));
        QVERIFY2(description.contains(QLatin1String("heartbeat     {\"scanned\":3}")), qPrintable(description));
        QVERIFY2(description.contains(QLatin1String("last failure  scanner jammed on parcel 3")), qPrintable(description));
    }

    // The Family panel traces a grandchild's family from its root (a real three-level family): every run with its
    // status, the asked run chosen, a failure decoded; a run opens in a tab of its own.
    void familyPanelTracesAndOpens()
    {
        MainWindow window(&m_keys);
        window.show();
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        ConnectionSettings family = settings();
        family.temporalNamespace = QStringLiteral("family");
        FrontendTab* tab = window.openWorkflow(family, {QStringLiteral("family-0042-us-boston"), {}});
        QVERIFY(finished.wait(30000));
        FamilyPanel* panel = tab->familyPanel();
        tab->sidePanels()->setCurrentWidget(panel); // traced when first shown
        QVERIFY(waitFor([&] { return !panel->isLoading() && panel->tree()->topLevelItemCount() == 1; }));
        QVERIFY2(panel->stateText().startsWith(QStringLiteral("7 workflows, 10 runs · as of ")), qPrintable(panel->stateText()));
        QStringList rows;
        QTreeWidgetItem* lisbon = nullptr;
        for (QTreeWidgetItemIterator it(panel->tree()); *it; ++it) {
            int depth = 0;
            for (QTreeWidgetItem* up = (*it)->parent(); up; up = up->parent())
                ++depth;
            rows << QString(depth * 2, QLatin1Char(' ')) + (*it)->text(0) + QStringLiteral(" | ") + (*it)->text(2) + QStringLiteral(" | ")
                    + (*it)->text(4);
            if ((*it)->text(1) == QLatin1String("family-0042-eu-lisbon"))
                lisbon = *it;
        }
        const QStringList expected{
            QStringLiteral("✓ FulfilmentWorkflow | Completed | "),
            QStringLiteral("  ✓ RegionWorkflow | Completed | "),
            QStringLiteral("    ✓ DepotWorkflow | Completed | "),
            QStringLiteral("    ✓ DepotWorkflow | Completed | "),
            QStringLiteral("    » BatchWorkflow  ·  run 1 of 3 | Continued as new | "),
            QStringLiteral("    » BatchWorkflow  ·  run 2 of 3 | Continued as new | "),
            QStringLiteral("    ✓ BatchWorkflow  ·  run 3 of 3 | Completed | "),
            QStringLiteral("  ! RegionWorkflow | Failed | region us: depot boston failed <- Child Workflow execution failed <- no courier at depot boston"),
            QStringLiteral("    ! DepotWorkflow  ·  run 1 of 2 | Failed | no courier at depot boston"),
            QStringLiteral("    ! DepotWorkflow  ·  run 2 of 2  ◀ this tab | Failed | no courier at depot boston"),
        };
        QCOMPARE(rows, expected);
        // The run the tab shows is the one chosen.
        QVERIFY(panel->tree()->currentItem());
        QCOMPARE(panel->tree()->currentItem()->text(1), QStringLiteral("family-0042-us-boston"));
        QCOMPARE(panel->tree()->currentItem()->text(6), tab->workflow().runId);
        // A family past the runs one trace fetches: the rest is marked, and opening a branch fetches it.
        panel->setRunsAtOnce(4);
        panel->refresh();
        QVERIFY(waitFor([&] { return !panel->isLoading(); }));
        QVERIFY2(panel->stateText().contains(QStringLiteral("“Load children…”")), qPrintable(panel->stateText()));
        QTreeWidgetItem* region = nullptr;
        for (QTreeWidgetItemIterator it(panel->tree()); *it; ++it) {
            if ((*it)->text(1) == QLatin1String("family-0042-eu"))
                region = *it;
        }
        QVERIFY(region);
        QVERIFY(region->childCount() >= 1);
        QCOMPARE(region->child(region->childCount() - 1)->text(0), QStringLiteral("Load children…"));
        panel->setRunsAtOnce(FamilyPanel::kRunsAtOnce);
        region->setExpanded(false);
        region->setExpanded(true);
        QVERIFY(waitFor([&] { return region->childCount() > 0 && region->child(region->childCount() - 1)->text(0) != QStringLiteral("Loading children…"); }));
        QStringList loaded;
        for (int i = 0; i < region->childCount(); ++i)
            loaded << region->child(i)->text(1);
        QCOMPARE(loaded, (QStringList{QStringLiteral("family-0042-eu-lisbon"), QStringLiteral("family-0042-eu-porto"),
                                      QStringLiteral("family-0042-eu-batch"), QStringLiteral("family-0042-eu-batch"),
                                      QStringLiteral("family-0042-eu-batch")}));
        panel->refresh();
        QVERIFY(waitFor([&] { return !panel->isLoading(); }));
        lisbon = nullptr;
        for (QTreeWidgetItemIterator it(panel->tree()); *it; ++it) {
            if ((*it)->text(1) == QLatin1String("family-0042-eu-lisbon"))
                lisbon = *it;
        }
        // Enter on a run opens it.
        QVERIFY(lisbon);
        panel->tree()->setCurrentItem(lisbon);
        QTest::keyClick(panel->tree(), Qt::Key_Return);
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.viewCount(), 2);
        QCOMPARE(window.frontendTab(1)->workflow().workflowId, QStringLiteral("family-0042-eu-lisbon"));
        QCOMPARE(window.frontendTab(1)->settings().temporalNamespace, QStringLiteral("family"));
    }

    // The Call Stack panel asks a real Python worker (started here) where a workflow blocked on a signal waits, lists
    // its queries with their descriptions, and runs one with an argument encrypted by the key the workflow's input
    // uses (this worker reads nothing in the clear), the encrypted answer decoded.
    void callStackAndQueries()
    {
        QProcess worker;
        worker.setProcessEnvironment(environment());
        worker.start(m_server.python, {QStringLiteral(HL_TOOLS_DIR "/frontend_histories.py"), QStringLiteral("serve"), m_server.address,
                                       QStringLiteral("panel@workbench"), QStringLiteral("120")});
        QVERIFY(worker.waitForStarted());
        QByteArray said;
        QVERIFY(waitFor([&] {
            said += worker.readAllStandardOutput();
            return said.contains("polling") || worker.state() != QProcess::Running;
        }));
        QVERIFY2(said.contains("polling"), worker.readAllStandardError().constData());
        MainWindow window(&m_keys);
        window.show();
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        FrontendTab* tab = window.openWorkflow(settings(), {QStringLiteral("approval-0042"), {}});
        QVERIFY(finished.wait(30000));
        CallStackPanel* panel = tab->callStackPanel();
        QSignalSpy answered(panel, &CallStackPanel::answered);
        tab->sidePanels()->setCurrentWidget(panel);
        QVERIFY(answered.wait(30000));
        QVERIFY2(panel->stateText().contains(QStringLiteral("sdk-python")), qPrintable(panel->stateText()));
        QVERIFY2(panel->stackText().startsWith(QStringLiteral("Stack 1 of ")), qPrintable(panel->stackText()));
        QVERIFY2(panel->stackText().contains(QStringLiteral("_run_top_level_workflow_function")), qPrintable(panel->stackText()));
        QVERIFY2(panel->stackText().contains(QStringLiteral("\n      await coro")), qPrintable(panel->stackText()));
        QVERIFY(!panel->stackText().contains(QStringLiteral("run_query"))); // the task answering the query itself is left out // the line of code, from the worker's sources
        QCOMPARE(panel->queryBox()->currentText(), QStringLiteral("status"));
        QVERIFY(panel->encodingBox()->currentText().contains(QStringLiteral("test-key-id")));

        panel->argumentsEdit()->setPlainText(QStringLiteral("\"sam@example.com\""));
        panel->runQuery();
        QVERIFY(answered.wait(30000));
        QVERIFY2(panel->answerText().contains(QStringLiteral("\"askedBy\": \"sam@example.com\"")), qPrintable(panel->answerText()));
        // In the clear, this worker refuses it, and says so.
        panel->encodingBox()->setCurrentIndex(panel->encodingBox()->count() - 1);
        panel->runQuery();
        QVERIFY(answered.wait(30000));
        QVERIFY2(panel->answerText().contains(QStringLiteral("): this worker reads only encrypted payloads")), qPrintable(panel->answerText()));
        // A name the worker does not list: said so, with the names it does.
        panel->encodingBox()->setCurrentIndex(0);
        panel->queryBox()->setEditText(QStringLiteral("stauts"));
        panel->runQuery();
        QVERIFY(answered.wait(30000));
        QVERIFY2(panel->answerText().contains(QStringLiteral("“stauts” is not among the queries this worker lists: status")), qPrintable(panel->answerText()));
        // An argument that is not JSON is refused before anything is sent.
        panel->argumentsEdit()->setPlainText(QStringLiteral("sam"));
        panel->runQuery();
        QVERIFY2(panel->answerText().startsWith(QStringLiteral("Line 1: not one JSON value")), qPrintable(panel->answerText()));
        worker.kill();
        worker.waitForFinished(5000);
    }

    void browserListsFiltersAndOpens()
    {
        MainWindow window(&m_keys);
        WorkflowsPanel* panel = window.workflowsPanel();
        QSignalSpy listed(panel, &WorkflowsPanel::listed);
        window.connectTo(settings());
        QVERIFY(listed.wait(30000));
        auto ids = [panel] {
            QStringList found;
            for (int i = 0; i < panel->table()->topLevelItemCount(); ++i)
                found << panel->table()->topLevelItem(i)->text(0);
            return found;
        };
        QVERIFY2(ids().contains(QLatin1String("order-0042")), qPrintable(ids().join(QLatin1Char(','))));
        // The Run ID column: runs of one id side by side.
        QCOMPARE(panel->table()->headerItem()->text(1), QStringLiteral("Run ID"));
        QCOMPARE(panel->table()->topLevelItem(0)->text(1).size(), 36);
        QVERIFY(panel->total() >= 8);
        QVERIFY2(panel->connectionText().contains(QLatin1String("Temporal 1.")), qPrintable(panel->connectionText()));
        panel->setStatusFilter(QStringLiteral("Failed"));
        QVERIFY(listed.wait(30000));
        QCOMPARE(ids(), QStringList{QStringLiteral("refund-0042")});
        QVERIFY(panel->statusText().contains(QLatin1String("1 of 1")));
        panel->setStatusFilter(QStringLiteral("Continued as new"));
        QVERIFY(listed.wait(30000));
        QCOMPARE(ids().size(), 2);
        panel->setStatusFilter(QString());
        panel->setQuery(QStringLiteral("WorkflowType='RefundWorkflow'"));
        QVERIFY(listed.wait(30000));
        QCOMPARE(ids(), QStringList{QStringLiteral("refund-0042")});

        QSignalSpy finished(&window, &MainWindow::loadFinished);
        Q_EMIT panel->table()->itemActivated(panel->table()->topLevelItem(0), 0);
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.viewCount(), 1);
        QVERIFY(window.frontendTab(0)->title().contains(QLatin1String("RefundWorkflow")));

        // The Python SDK's failure, its message and traceback in encrypted encoded attributes: decoded, read as a
        // Python traceback with one line per frame, the worker's own frame told apart.
        HistoryView* refund = window.frontendTab(0)->historyView();
        QVERIFY(refund->selectNextFailure());
        const FailureChain& chain = refund->detail()->failureView()->chain();
        QVERIFY(chain.levels().size() >= 2);
        QCOMPARE(chain.levels()[0].message, QStringLiteral("refund failed"));
        QCOMPARE(chain.levels()[1].type, QStringLiteral("KeyError"));
        const StackTrace& trace = chain.levels()[0].stack;
        QCOMPARE(trace.dialect(), StackTrace::Dialect::Python);
        QStringList blocks;
        for (QTextBlock block = refund->detail()->failureView()->document()->begin(); block.isValid(); block = block.next())
            blocks << block.text();
        bool userFrame = false;
        for (const StackFrame& frame : trace.frames()) {
            QVERIFY2(blocks.contains(frame.text), qPrintable(frame.text));
            userFrame = userFrame || (frame.user && frame.file.endsWith(QLatin1String("frontend_histories.py")));
        }
        QVERIFY2(userFrame, qPrintable(chain.levels()[0].stackText));
    }

    void followAppendsLiveWithPause()
    {
        const QString id = QStringLiteral("gui-watch-%1").arg(QDateTime::currentMSecsSinceEpoch());
        auto temporal = [&](QStringList arguments) {
            arguments << QStringLiteral("--address") << m_server.address;
            return runProcess(m_server.temporal, arguments, environment());
        };
        QCOMPARE(temporal({QStringLiteral("workflow"), QStringLiteral("start"), QStringLiteral("--type"), QStringLiteral("WatchWorkflow"),
                           QStringLiteral("-t"), QStringLiteral("nobody-polls-this"), QStringLiteral("-w"), id})
                     .exitCode,
                 0);
        MainWindow window(&m_keys);
        FrontendTab* tab = window.openWorkflow(settings(), {id, {}}, true);
        QVERIFY(waitFor([tab] { return tab->state() == FrontendTab::State::Live; }));
        const int before = tab->eventCount();
        QVERIFY(window.statusText().contains(QLatin1String("Live")));

        auto signal = [&](const QString& value) {
            return temporal({QStringLiteral("workflow"), QStringLiteral("signal"), QStringLiteral("-w"), id, QStringLiteral("--name"),
                             QStringLiteral("inspect"), QStringLiteral("--input"), QStringLiteral("\"%1\"").arg(value)})
                .exitCode;
        };
        QCOMPARE(signal(QStringLiteral("first look")), 0);
        QVERIFY(waitFor([&] { return tab->eventCount() == before + 1; }));

        tab->setPaused(true);
        QCOMPARE(tab->state(), FrontendTab::State::Paused);
        QCOMPARE(signal(QStringLiteral("second look")), 0);
        QTest::qWait(1500);
        QCOMPARE(tab->eventCount(), before + 1); // held back while paused
        tab->setPaused(false);
        QVERIFY(waitFor([&] { return tab->eventCount() == before + 2; }));
        const HistoryTreeModel* model = tab->historyView()->model();
        const QString last = model->data(model->index(before + 1, HistoryTreeModel::DetailsColumn)).toString();
        QVERIFY2(last.contains(QLatin1String("second look")), qPrintable(last));

        QSignalSpy finished(&window, &MainWindow::loadFinished);
        QCOMPARE(temporal({QStringLiteral("workflow"), QStringLiteral("terminate"), QStringLiteral("-w"), id, QStringLiteral("--reason"),
                           QStringLiteral("done watching")})
                     .exitCode,
                 0);
        QVERIFY(finished.wait(30000));
        QCOMPARE(tab->state(), FrontendTab::State::Loaded);
        QVERIFY(!tab->isFollowing());
        QCOMPARE(tab->eventCount(), before + 3);
    }

    void commandLineWorkflowConnectsThePanel()
    {
        // `historylens -w ID --address A`: the tab, and the Workflows panel listing the same frontend.
        MainWindow window(&m_keys);
        FrontendTab* tab = window.openWorkflowAtStart(settings(), {QStringLiteral("order-0042"), {}}, false);
        QVERIFY(tab);
        QCOMPARE(window.workflowsPanel()->connection().address, m_server.address);
        QTRY_VERIFY_WITH_TIMEOUT(window.workflowsPanel()->table()->topLevelItemCount() > 0, 30000);
    }

    void failuresShowInTheTab()
    {
        MainWindow window(&m_keys);
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        ConnectionSettings dead;
        dead.address = QStringLiteral("127.0.0.1:1");
        FrontendTab* tab = window.openWorkflow(dead, {QStringLiteral("order-0042"), {}});
        QVERIFY(finished.wait(30000));
        QCOMPARE(tab->state(), FrontendTab::State::Failed);
        QVERIFY2(tab->errorText().contains(QLatin1String("is one running there?")), qPrintable(tab->errorText()));
        QVERIFY(window.lastError().contains(QLatin1String("127.0.0.1:1")));

        FrontendTab* missing = window.openWorkflow(settings(), {QStringLiteral("no-such-order"), {}});
        QVERIFY(finished.wait(30000));
        QVERIFY2(missing->errorText().contains(QLatin1String("no workflow no-such-order")), qPrintable(missing->errorText()));

        // A server that fails after the first page: the events that arrived stay, with the reason beside them.
        ConnectionSettings fake;
        fake.address = readEnvFile(QStringLiteral(HL_TEMPORAL_DIR "/fake/fake.env")).value(QStringLiteral("FAKE_ADDRESS"));
        FrontendTab* broken = window.openWorkflow(fake, {QStringLiteral("breaks"), {}});
        QVERIFY(finished.wait(30000));
        QCOMPARE(broken->state(), FrontendTab::State::Failed);
        QVERIFY(broken->historyView());
        QCOMPARE(broken->eventCount(), 2);
        QVERIFY2(broken->errorText().contains(QLatin1String("history shard 3 is unavailable")), qPrintable(broken->errorText()));
    }

    // An encrypted mTLS client key: its passphrase, typed once, is kept in the keychain; the app and the CLI use it.
    void encryptedClientKeyThroughTheKeychain()
    {
        const QString pem = QStringLiteral(HL_TEMPORAL_DIR "/tls/");
        const QMap<QString, QString> proxy = readEnvFile(pem + QStringLiteral("proxy.env"));
        const QString home = qEnvironmentVariable("HL_TEST_HOME");
        const QString toml = home + QStringLiteral("/mtls.toml");
        KeychainKeyStore keychain;
        ClientConfig::Sources sources;
        sources.environment.insert(QStringLiteral("HOME"), home);
        sources.environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"), toml);
        {
            ConnectDialog dialog(&keychain, nullptr, sources);
            dialog.profileBox()->setCurrentIndex(0);
            dialog.addressEdit()->setText(QStringLiteral("localhost:") + proxy.value(QStringLiteral("MTLS_PORT")));
            dialog.tlsBox()->setChecked(true);
            dialog.caPathEdit()->setText(pem + QStringLiteral("ca.pem"));
            dialog.certPathEdit()->setText(pem + QStringLiteral("client.pem"));
            dialog.keyPathEdit()->setText(pem + QStringLiteral("client-encrypted.key"));
            dialog.passphraseEdit()->setText(QStringLiteral("test-key-passphrase"));
            bool saved = false;
            dialog.saveProfile(QStringLiteral("mtls"), [&](Result<void> result) {
                QVERIFY2(result.ok(), qPrintable(result.error().toString()));
                saved = true;
            });
            QVERIFY(waitFor([&] { return saved; }, 10000));
        }
        QFile file(toml);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("test-key-passphrase"));
        QVERIFY(KeyCatalog().find({SecretKind::ClientKeyPassphrase, pem + QStringLiteral("client-encrypted.key")}));

        ConnectDialog later(&keychain, nullptr, sources);
        later.profileBox()->setCurrentIndex(later.profileBox()->findData(QStringLiteral("mtls")));
        QVERIFY(later.passphraseEdit()->text().isEmpty());
        QSignalSpy accepted(&later, &QDialog::accepted);
        later.accept();
        QVERIFY(accepted.count() == 1 || accepted.wait(10000));
        QVERIFY(later.settings().clientKeyPassphrase);

        MainWindow window(&m_keys);
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        FrontendTab* tab = window.openWorkflow(later.settings(), {QStringLiteral("order-0042"), {}});
        QVERIFY(finished.wait(30000));
        QVERIFY2(tab->state() == FrontendTab::State::Loaded, qPrintable(tab->errorText()));

        // The CLI finds the same passphrase through the key catalog and the keychain.
        QProcessEnvironment cliEnvironment = QProcessEnvironment::systemEnvironment();
        cliEnvironment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"), toml);
        const auto cli = runProcess(QStringLiteral(HL_CLI_PATH), {QStringLiteral("show"), QStringLiteral("-w"), QStringLiteral("order-0042"),
                                                                  QStringLiteral("--profile"), QStringLiteral("mtls"), QStringLiteral("--key"),
                                                                  m_server.keyOption(), QStringLiteral("--strict")},
                                    cliEnvironment);
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        QVERIFY(!cli.out.contains("test-key-passphrase") && !cli.err.contains("test-key-passphrase"));
    }

    // Profiles from temporal.toml; a typed API key goes to the keychain, never into the file, and comes back on connect.
    void connectDialogProfilesAndKeychain()
    {
        const QString home = qEnvironmentVariable("HL_TEST_HOME");
        const QString toml = home + QStringLiteral("/.config/temporalio/temporal.toml");
        QVERIFY(QDir().mkpath(QFileInfo(toml).absolutePath()));
        QFile file(toml);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("[profile.local]\naddress = \"%1\"\nnamespace = \"default\"\n").arg(m_server.address).toUtf8());
        file.close();

        KeychainKeyStore keychain;
        ClientConfig::Sources sources;
        sources.environment.insert(QStringLiteral("HOME"), home);
        sources.environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
        ConnectDialog dialog(&keychain, nullptr, sources);
        QCOMPARE(dialog.configFilePath(), toml);
        QVERIFY(dialog.profileBox()->findData(QStringLiteral("local")) > 0);
        dialog.profileBox()->setCurrentIndex(dialog.profileBox()->findData(QStringLiteral("local")));
        QCOMPARE(dialog.addressEdit()->text(), m_server.address);

        dialog.apiKeyEdit()->setText(QStringLiteral("tmprl-api-key-for-the-test"));
        dialog.tlsBox()->setChecked(false); // the dev server speaks plaintext
        bool saved = false;
        dialog.saveProfile(QStringLiteral("staging"), [&](Result<void> result) {
            QVERIFY2(result.ok(), qPrintable(result.error().toString()));
            saved = true;
        });
        QVERIFY(waitFor([&] { return saved; }, 10000));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        file.close();
        QVERIFY(written.contains("[profile.staging]"));
        QVERIFY(written.contains("[profile.local]"));
        QVERIFY2(!written.contains("tmprl-api-key-for-the-test"), written.constData());
        QVERIFY(KeyCatalog().find({SecretKind::CloudApiKey, QStringLiteral("staging")}));

        // A later dialog connects with the key from the keychain.
        ConnectDialog later(&keychain, nullptr, sources);
        later.profileBox()->setCurrentIndex(later.profileBox()->findData(QStringLiteral("staging")));
        QVERIFY(later.apiKeyEdit()->text().isEmpty());
        QSignalSpy accepted(&later, &QDialog::accepted);
        later.accept();
        QVERIFY(accepted.count() == 1 || accepted.wait(10000));
        const SecretPtr key = later.settings().apiKey;
        QVERIFY(key);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(key->data()), int(key->size())), QByteArray("tmprl-api-key-for-the-test"));
        QCOMPARE(later.settings().address, m_server.address);
        QVERIFY(!later.settings().tlsEnabled() || later.settings().tls == false);

        // Deleting the profile takes its API key out of the keychain too; the other profile stays.
        bool deleted = false;
        later.deleteProfile(QStringLiteral("staging"), [&](Result<void> result) {
            QVERIFY2(result.ok(), qPrintable(result.error().toString()));
            deleted = true;
        });
        QVERIFY(waitFor([&] { return deleted; }, 10000));
        QVERIFY(!KeyCatalog().find({SecretKind::CloudApiKey, QStringLiteral("staging")}));
        QCOMPARE(later.profileBox()->findData(QStringLiteral("staging")), -1);
        QVERIFY(later.profileBox()->findData(QStringLiteral("local")) > 0);
        SecretPtr gone = std::make_shared<SecretBytes>(std::string_view("x"));
        bool read = false;
        keychain.read({SecretKind::CloudApiKey, QStringLiteral("staging")}, [&](Result<SecretPtr> secret) {
            gone = secret ? secret.value() : nullptr;
            read = true;
        });
        QVERIFY(waitFor([&] { return read; }, 10000));
        QVERIFY(!gone);
    }
};

QTEST_MAIN(FrontendWindowTest)
#include "tst_frontendwindow.moc"
