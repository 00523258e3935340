#ifndef Q_MOC_RUN
#include "ui/history/historytreemodel.h"
#include "render/historyjsonwriter.h"
#include "ui/history/historyfiltermodel.h"
#include "ui/history/historyview.h"
#include "ui/keys/keysdialog.h"

#include <temporal/api/history/v1/message.pb.h>
#include "keys/sessionkeystore.h"
#include "render/eventstatus.h"
#include "support/testpaths.h"
#include "support/testsettings.h"
#include "ui/history/payloaddetailview.h"
#include "ui/history/readnotesbar.h"
#include "ui/mainwindow.h"
#endif

#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QTemporaryDir>
#include <QTreeView>
#include <QFileOpenEvent>
#include <QMessageBox>
#include <QTimer>
#include <QtTest>

using namespace hl;

namespace {

const QString kDemoKeyId = QStringLiteral("historylens-demo");

QModelIndex childNamed(const QAbstractItemModel& model, const QModelIndex& parent, const QString& name)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, HistoryTreeModel::NameColumn, parent);
        if (index.data().toString() == name)
            return index;
    }
    return {};
}

} // namespace

// The desktop window end to end, offscreen: open, expand, select, see decoded values and restored failures,
// failure navigation, errors, cancel.
class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensTheDemoDecoded();
    void selectingAPayloadShowsItDecoded();
    void failuresAreRestoredAndFoundByNextFailure();
    void withoutTheKeyPayloadsSayWhy();
    void searchFindsDecodedValuesAndRestoredFailures();
    void filtersHideCategoriesAndShowProblems();
    void statusFilters();
    void exportFilesOfferAPicker();
    void addingAKeyDecodesAgain();
    void timeColumnFormats();
    void unreadableFilesAreReported();
    void readNotesAreShownAndLeadToTheirEvent();
    void cancelStopsALoad();
    void recentFilesAreRemembered();
    void aboutNamesTheVersionAndLibraries();
    void fileOpenEventsOpenTheFile();

private:
    HistoryView* openDemo(MainWindow& window);

    QTemporaryDir m_settings;
    SessionKeyStore m_keys;
    SessionKeyStore m_noKeys;
};

void TestMainWindow::initTestCase()
{
    test::isolateSettings(m_settings.path());
    QDir().mkpath(QStringLiteral(HL_TEST_OUTPUT_DIR));
    m_keys.insert({SecretKind::CodecKey, kDemoKeyId},
                  std::make_shared<SecretBytes>(std::string_view("historylens-demo-key-not-secret!")));
}

HistoryView* TestMainWindow::openDemo(MainWindow& window)
{
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(QStringLiteral(HL_DEMO_HISTORY));
    if (!finished.wait(20000))
        return nullptr;
    return window.currentView();
}

void TestMainWindow::opensTheDemoDecoded()
{
    MainWindow window(&m_keys);
    window.show();
    HistoryView* view = openDemo(window);
    QVERIFY(view);
    QCOMPARE(window.windowTitle(), QStringLiteral("HistoryLens — OrderFulfillment (demo-history.json)"));
    HistoryTreeModel* model = view->model();
    QCOMPARE(model->rowCount(), 40);
    const QModelIndex first = model->index(0, HistoryTreeModel::DetailsColumn);
    QVERIFY2(first.data().toString().contains(QLatin1String("\"orderId\":\"ORD-2025-1122\"")), qPrintable(first.data().toString()));
    QCOMPARE(model->index(0, HistoryTreeModel::TypeColumn).data().toString(), QStringLiteral("WorkflowExecutionStarted"));
    QVERIFY(!model->index(0, HistoryTreeModel::TypeColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(window.grab().save(QStringLiteral(HL_TEST_OUTPUT_DIR "/mainwindow.png")));
}

void TestMainWindow::selectingAPayloadShowsItDecoded()
{
    MainWindow window(&m_keys);
    window.show();
    HistoryView* view = openDemo(window);
    QVERIFY(view);
    HistoryTreeModel* model = view->model();
    // Event 5: ReserveInventory scheduled; its input is encrypted, then zlib, then JSON.
    const QModelIndex event = model->index(4, 0);
    view->expand(event);
    const QModelIndex input = childNamed(*model, event, QStringLiteral("input"));
    QVERIFY(input.isValid());
    const QModelIndex payload = model->index(0, 0, input);
    QCOMPARE(payload.data().toString(), QStringLiteral("[0]"));
    QCOMPARE(model->index(0, HistoryTreeModel::DetailsColumn, input).data().toString(),
             QStringLiteral(R"({"items":["ENGINE-1","CARD-PUNCH"],"warehouse":"eu-west"})"));
    view->select(payload);
    PayloadDetailView* detail = view->detail();
    QVERIFY(detail->valueText().contains(QLatin1String("\"warehouse\": \"eu-west\"")));
    QCOMPARE(detail->chainText(), QStringLiteral("Encoding: binary/encrypted(key historylens-demo) > binary/zlib > json/plain"));
    QVERIFY(detail->problemText().isEmpty());
    QVERIFY(window.grab().save(QStringLiteral(HL_TEST_OUTPUT_DIR "/payload.png")));
}

void TestMainWindow::failuresAreRestoredAndFoundByNextFailure()
{
    MainWindow window(&m_keys);
    window.show();
    HistoryView* view = openDemo(window);
    QVERIFY(view);
    HistoryTreeModel* model = view->model();
    view->select(model->index(0, 0));
    QVERIFY(view->selectNextFailure());
    QCOMPARE(view->currentSourceIndex().row(), 35); // event 36: SendConfirmationEmail failed
    QVERIFY(model->index(35, HistoryTreeModel::DetailsColumn).data().toString().contains(
        QLatin1String("mailbox ada@example.com does not exist")));
    QVERIFY(view->selectNextFailure());
    QCOMPARE(view->currentSourceIndex().row(), 39); // event 40: the workflow failed
    QVERIFY(!view->selectNextFailure());
    QVERIFY(view->selectNextFailure(true));
    QCOMPARE(view->currentSourceIndex().row(), 35);

    // The failure's field tree shows the message the SDK wrote, restored from encodedAttributes.
    const QModelIndex event = model->index(39, 0);
    const QModelIndex failure = childNamed(*model, event, QStringLiteral("failure"));
    QVERIFY(failure.isValid());
    QVERIFY(failure.data(HistoryTreeModel::FailureRole).toBool());
    const QModelIndex message = childNamed(*model, failure, QStringLiteral("message"));
    QCOMPARE(message.siblingAtColumn(HistoryTreeModel::DetailsColumn).data().toString(), QStringLiteral("activity error"));
    const QModelIndex cause = childNamed(*model, failure, QStringLiteral("cause"));
    const QModelIndex stack = childNamed(*model, cause, QStringLiteral("stackTrace"));
    QVERIFY(stack.siblingAtColumn(HistoryTreeModel::DetailsColumn).data().toString().startsWith(QLatin1String("mail.(*Client).Send")));
    view->select(failure);
    QVERIFY(view->detail()->valueText().contains(QLatin1String("\"message\": \"mailbox ada@example.com does not exist (550 5.1.1)\"")));
}

void TestMainWindow::withoutTheKeyPayloadsSayWhy()
{
    MainWindow window(&m_noKeys);
    window.show();
    HistoryView* view = openDemo(window);
    QVERIFY(view);
    HistoryTreeModel* model = view->model();
    QVERIFY(model->index(0, HistoryTreeModel::DetailsColumn).data().toString().contains(
        QLatin1String("<not decoded: unknown key id `historylens-demo`>")));
    const QModelIndex event = model->index(0, 0);
    view->expand(event);
    const QModelIndex payload = model->index(0, 0, childNamed(*model, event, QStringLiteral("input")));
    view->select(payload);
    QVERIFY(view->detail()->problemText().contains(QLatin1String("unknown key id")));
    QVERIFY(view->detail()->problemText().contains(QLatin1String("Keys")));
    QCOMPARE(view->detail()->missingKeyId(), QStringLiteral("historylens-demo"));
    QVERIFY(view->detail()->chainText().contains(QLatin1String("binary/encrypted (failed)")));
}

void TestMainWindow::searchFindsDecodedValuesAndRestoredFailures()
{
    MainWindow window(&m_keys);
    window.show();
    HistoryView* view = openDemo(window);
    QVERIFY(view);
    auto searchFor = [view](const QString& text, bool regex) {
        QSignalSpy done(view, &HistoryView::searchFinished);
        view->search(text, regex);
        done.wait(10000);
        return view->model()->matches();
    };
    // Inside an encrypted, compressed input: only decoding finds it.
    QCOMPARE(searchFor(QStringLiteral("EU-WEST"), false), std::vector<int>{4});
    // Failure messages restored from encodedAttributes (the stored message is "Encoded failure").
    QCOMPARE(searchFor(QStringLiteral("mailbox"), false), (std::vector<int>{35, 39}));
    QCOMPARE(searchFor(QStringLiteral("smtp\\.go:\\d+"), true), (std::vector<int>{35, 39}));
    // Types and names.
    QCOMPARE(searchFor(QStringLiteral("TimerFired"), false), std::vector<int>{17});
    QCOMPARE(searchFor(QStringLiteral("approval-reminder"), false), (std::vector<int>{16, 17}));
    QVERIFY(view->model()->index(16, 0).data(HistoryTreeModel::MatchRole).toBool());
    QVERIFY(view->model()->index(16, 0).data(Qt::BackgroundRole).isValid());
    // F3 steps through the matches.
    view->select(view->model()->index(0, 0));
    QVERIFY(view->selectNextMatch());
    QCOMPARE(view->currentSourceIndex().row(), 16);
    QVERIFY(view->selectNextMatch());
    QCOMPARE(view->currentSourceIndex().row(), 17);
    QCOMPARE(view->matchStatusText(), QStringLiteral("2 of 2"));
    // Past the last match the search wraps to the first, and says so.
    QVERIFY(view->selectNextMatch());
    QCOMPARE(view->currentSourceIndex().row(), 16);
    QCOMPARE(view->matchStatusText(), QStringLiteral("1 of 2"));
    QVERIFY(view->findChildren<QLabel*>().end() != std::find_if(view->findChildren<QLabel*>().begin(), view->findChildren<QLabel*>().end(),
                                                                  [](QLabel* label) { return label->text() == QLatin1String("Search wrapped to the top") && !label->isHidden(); }));
    // An invalid expression finds nothing and says why.
    view->search(QStringLiteral("(unclosed"), true);
    QVERIFY(view->model()->matches().empty());

    // Without the key the values stay encrypted, so they are not found.
    MainWindow locked(&m_noKeys);
    HistoryView* lockedView = openDemo(locked);
    QVERIFY(lockedView);
    QSignalSpy done(lockedView, &HistoryView::searchFinished);
    lockedView->search(QStringLiteral("eu-west"), false);
    QVERIFY(done.wait(10000));
    QVERIFY(lockedView->model()->matches().empty());
}

void TestMainWindow::filtersHideCategoriesAndShowProblems()
{
    MainWindow window(&m_keys);
    HistoryView* view = openDemo(window);
    QVERIFY(view);
    QCOMPARE(view->filter()->rowCount(), 40);
    view->filter()->setHiddenCategories({int(EventCategory::WorkflowTask)});
    QCOMPARE(view->filter()->rowCount(), 19); // 7 workflow tasks of 3 events each are hidden
    view->filter()->setHiddenCategories({});
    view->filter()->setProblemsOnly(true);
    QCOMPARE(view->filter()->rowCount(), 2);
    QCOMPARE(view->filter()->index(0, HistoryTreeModel::TypeColumn).data().toString(), QStringLiteral("ActivityTaskFailed"));
    QCOMPARE(view->filter()->index(1, HistoryTreeModel::TypeColumn).data().toString(), QStringLiteral("WorkflowExecutionFailed"));
    // Field trees are never filtered.
    const QModelIndex failed = view->filter()->index(1, 0);
    QVERIFY(view->filter()->rowCount(failed) > 0);
}

void TestMainWindow::statusFilters()
{
    MainWindow window(&m_keys);
    HistoryView* view = openDemo(window);
    QVERIFY(view);
    HistoryFilterModel* filter = view->filter();
    filter->setStatuses(EventStatus::Retried);
    QCOMPARE(filter->rowCount(), 1); // ChargePayment started on its third attempt
    QCOMPARE(filter->index(0, 0).data().toString(), QStringLiteral("12"));
    QVERIFY(filter->index(0, 0).data(Qt::ForegroundRole).isValid());
    filter->setStatuses(EventStatus::Failed | EventStatus::TimedOut);
    QCOMPARE(filter->rowCount(), 2);
    filter->setStatuses(EventStatus::Canceled);
    QCOMPARE(filter->rowCount(), 0);
    // Grouped, the retried activity is one row.
    view->model()->setGrouped(true);
    filter->setStatuses(EventStatus::Retried);
    QCOMPARE(filter->rowCount(), 1);
    QCOMPARE(filter->index(0, HistoryTreeModel::TypeColumn).data().toString(), QStringLiteral("ChargePayment (activity 2)"));
    QVERIFY(filter->index(0, HistoryTreeModel::DetailsColumn).data().toString().startsWith(QStringLiteral("Completed · 10.07s · attempt 3")));
}

void TestMainWindow::exportFilesOfferAPicker()
{
    MainWindow window(&m_keys);
    window.show();
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(test::generatedFixture(QStringLiteral("cloud-export.binpb")));
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QListWidget*>() != nullptr, 10000);
    auto* list = window.findChild<QListWidget*>();
    QCOMPARE(list->count(), 3);
    QVERIFY(list->item(1)->text().startsWith(QStringLiteral("OrderWorkflow · order-2 · 22 events")));
    list->item(0)->setSelected(true);
    list->item(2)->setSelected(true);
    auto* dialog = qobject_cast<QDialog*>(list->parentWidget());
    QVERIFY(dialog);
    dialog->accept();
    QVERIFY(finished.count() == 1 || finished.wait(10000));
    QCOMPARE(window.viewCount(), 2);
    QCOMPARE(window.view(0)->model()->rowCount(), 25);
    QCOMPARE(window.view(1)->model()->rowCount(), 19);
}

void TestMainWindow::addingAKeyDecodesAgain()
{
    SessionKeyStore keys; // empty at first
    MainWindow window(&keys);
    window.show();
    HistoryView* view = openDemo(window);
    QVERIFY(view);
    const QModelIndex event = view->model()->index(4, 0);
    view->expand(event);
    const QModelIndex input = childNamed(*view->model(), event, QStringLiteral("input"));
    view->expand(input);
    view->select(view->model()->index(0, 0, input));
    QVERIFY(view->detail()->problemText().contains(QLatin1String("Keys")));

    QCOMPARE(view->detail()->missingKeyId(), QStringLiteral("historylens-demo"));
    KeysDialog* dialog = window.showKeys(view->detail()->missingKeyId());
    dialog->addKey(QStringLiteral("historylens-demo"), QStringLiteral("hex:abcd"), false);
    QVERIFY(dialog->errorText().contains(QLatin1String("2 bytes")));
    QVERIFY(!dialog->errorText().contains(QLatin1String("abcd")));
    QSignalSpy redecoded(view, &HistoryView::redecoded);
    dialog->addKey(QStringLiteral("historylens-demo"), QStringLiteral("text:historylens-demo-key-not-secret!"), false);
    QVERIFY(dialog->errorText().isEmpty());
    QCOMPARE(dialog->keyIds(), QStringList{QStringLiteral("historylens-demo")});
    QVERIFY(redecoded.wait(10000));
    QVERIFY(view->model()->index(4, HistoryTreeModel::DetailsColumn).data().toString().contains(QLatin1String("eu-west")));
    // The selected payload, still selected and expanded, now shows its value.
    QVERIFY(view->tree()->isExpanded(view->filter()->mapFromSource(input)));
    QVERIFY(view->detail()->valueText().contains(QLatin1String("\"warehouse\": \"eu-west\"")));
    QVERIFY(view->detail()->problemText().isEmpty());
}

void TestMainWindow::timeColumnFormats()
{
    MainWindow window(&m_keys);
    HistoryView* view = openDemo(window);
    QVERIFY(view);
    HistoryTreeModel* model = view->model();
    QCOMPARE(model->index(17, HistoryTreeModel::TimeColumn).data().toString(), QStringLiteral("2025-11-22T09:30:13.666Z"));
    model->setTimeFormat(HistoryTreeModel::TimeFormat::SinceStart);
    QCOMPARE(model->index(0, HistoryTreeModel::TimeColumn).data().toString(), QStringLiteral("+0:00:00.000"));
    QCOMPARE(model->index(17, HistoryTreeModel::TimeColumn).data().toString(), QStringLiteral("+0:30:13.629"));
    model->setTimeFormat(HistoryTreeModel::TimeFormat::Local);
    QCOMPARE(model->index(17, HistoryTreeModel::TimeColumn).data().toString(),
             QDateTime(QDate(2025, 11, 22), QTime(9, 30, 13, 666), Qt::UTC).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
}

void TestMainWindow::unreadableFilesAreReported()
{
    MainWindow window(&m_keys);
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(QStringLiteral("/nonexistent/history.json"));
    QVERIFY(finished.wait(10000));
    QCOMPARE(window.viewCount(), 0);
    QVERIFY(window.lastError().contains(QLatin1String("/nonexistent/history.json")));
    QVERIFY(window.lastError().contains(QLatin1String("no such file")));
    QCOMPARE(window.windowTitle(), QStringLiteral("HistoryLens"));
}

void TestMainWindow::readNotesAreShownAndLeadToTheirEvent()
{
    MainWindow window(&m_keys);
    window.show();
    HistoryView* demo = openDemo(window);
    QVERIFY(demo);
    QVERIFY(!demo->notes()->isVisible()); // nothing to say about the demo

    // 13 events carry a field newer protos removed: one row says so, and leads to the first of them.
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(test::realFixture(QStringLiteral("sdk-go__gogoproto-payload-workflow.json")));
    QVERIFY(finished.wait(20000));
    HistoryView* view = window.currentView();
    QVERIFY(view && view != demo);
    ReadNotesBar* notes = view->notes();
    QVERIFY(notes->isVisible());
    QCOMPARE(notes->noteCount(), 13);
    const QStringList rows = notes->rows();
    QCOMPARE(rows.size(), 1);
    QVERIFY2(rows[0].startsWith(QLatin1String("unknown field: event #8 (id 8), field activityTaskScheduledEventAttributes.useCompatibleVersion")),
             qPrintable(rows[0]));
    QVERIFY2(rows[0].endsWith(QLatin1String("(and 12 more events alike)")), qPrintable(rows[0]));

    auto* list = notes->findChild<QListWidget*>();
    QVERIFY(list && !list->isVisible());
    notes->setListVisible(true);
    QVERIFY(list->isVisible());
    Q_EMIT list->itemActivated(list->item(0));
    QCOMPARE(view->currentSourceIndex(), view->model()->eventIndex(7));
}

void TestMainWindow::cancelStopsALoad()
{
    // A long load: 51,200 timer events.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("long.json"));
    {
        auto page = std::make_shared<HistoryPage>();
        auto* events = page->mutableEvents();
        for (int i = 1; i <= 51200; ++i) {
            auto* event = events->add_events();
            event->set_event_id(i);
            event->set_event_type(temporal::api::enums::v1::EVENT_TYPE_TIMER_STARTED);
            event->mutable_event_time()->set_seconds(1700000000 + i);
            event->mutable_timer_started_event_attributes()->set_timer_id("timer-" + std::to_string(i));
        }
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(HistoryJsonWriter().write(History().appended(page), out).ok());
    }
    MainWindow window(&m_keys);
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(path);
    QVERIFY(window.isLoading());
    QTest::qWait(20); // the read is under way
    window.cancelLoading();
    QCOMPARE(finished.count(), 1); // at once: the reader's late result is dropped, not waited for
    QCOMPARE(window.viewCount(), 0);
    QVERIFY(!window.isLoading());
    QVERIFY(window.lastError().isEmpty()); // cancelling is not an error

    // The same file opens when not cancelled.
    window.openFile(path);
    QVERIFY(finished.wait(20000));
    QCOMPARE(window.viewCount(), 1);
    QCOMPARE(window.currentView()->model()->rowCount(), 51200);
}

void TestMainWindow::recentFilesAreRemembered()
{
    MainWindow window(&m_keys);
    QVERIFY(openDemo(window));
    QCOMPARE(window.recentFiles().value(0), QFileInfo(QStringLiteral(HL_DEMO_HISTORY)).absoluteFilePath());
}

void TestMainWindow::aboutNamesTheVersionAndLibraries()
{
    MainWindow window(&m_noKeys);
    window.show();
    QAction* about = nullptr;
    for (QAction* action : window.findChildren<QAction*>())
        if (action->text() == QLatin1String("&About HistoryLens"))
            about = action;
    QVERIFY(about);
    QString text;
    // The box is modal: read and close it from inside its own event loop.
    QTimer::singleShot(0, &window, [&text] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            text = box->text();
            box->accept();
        }
    });
    about->trigger();
    QVERIFY2(text.contains(QStringLiteral("<h3>HistoryLens " HL_VERSION_STRING "</h3>")), qPrintable(text));
    for (const char* library : {"Qt", "QtKeychain", "gRPC", "OpenSSL", "Boost.Beast", "cpp-httplib", "cjose", "Temporal API"})
        QVERIFY2(text.contains(QLatin1String(library)), library);
}

void TestMainWindow::fileOpenEventsOpenTheFile()
{
    // What macOS sends for a file double-clicked in Finder.
    MainWindow window(&m_keys);
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    QFileOpenEvent event(QStringLiteral(HL_DEMO_HISTORY));
    QVERIFY(QCoreApplication::sendEvent(qApp, &event));
    QVERIFY(finished.wait(20000));
    QCOMPARE(window.viewCount(), 1);
    QCOMPARE(window.currentView()->model()->rowCount(), 40);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
