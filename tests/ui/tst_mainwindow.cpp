#ifndef Q_MOC_RUN
#include "historytreemodel.h"
#include "historyview.h"
#include "keys/sessionkeystore.h"
#include "mainwindow.h"
#include "payloaddetailview.h"
#include "support/testpaths.h"
#endif

#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTreeView>
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
    void unreadableFilesAreReported();
    void cancelStopsALoad();
    void recentFilesAreRemembered();

private:
    HistoryView* openDemo(MainWindow& window);

    QTemporaryDir m_settings;
    SessionKeyStore m_keys;
    SessionKeyStore m_noKeys;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QCoreApplication::setOrganizationName(QStringLiteral("HistoryLensTests"));
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
    view->tree()->expand(event);
    const QModelIndex input = childNamed(*model, event, QStringLiteral("input"));
    QVERIFY(input.isValid());
    const QModelIndex payload = model->index(0, 0, input);
    QCOMPARE(payload.data().toString(), QStringLiteral("[0]"));
    QCOMPARE(model->index(0, HistoryTreeModel::DetailsColumn, input).data().toString(),
             QStringLiteral(R"({"items":["ENGINE-1","CARD-PUNCH"],"warehouse":"eu-west"})"));
    view->tree()->setCurrentIndex(payload);
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
    view->tree()->setCurrentIndex(model->index(0, 0));
    QVERIFY(view->selectNextFailure());
    QCOMPARE(view->tree()->currentIndex().row(), 35); // event 36: SendConfirmationEmail failed
    QVERIFY(model->index(35, HistoryTreeModel::DetailsColumn).data().toString().contains(
        QLatin1String("mailbox ada@example.com does not exist")));
    QVERIFY(view->selectNextFailure());
    QCOMPARE(view->tree()->currentIndex().row(), 39); // event 40: the workflow failed
    QVERIFY(!view->selectNextFailure());
    QVERIFY(view->selectNextFailure(true));
    QCOMPARE(view->tree()->currentIndex().row(), 35);

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
    view->tree()->setCurrentIndex(failure);
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
    view->tree()->expand(event);
    const QModelIndex payload = model->index(0, 0, childNamed(*model, event, QStringLiteral("input")));
    view->tree()->setCurrentIndex(payload);
    QVERIFY(view->detail()->problemText().contains(QLatin1String("unknown key id")));
    QVERIFY(view->detail()->problemText().contains(QLatin1String("--key")));
    QVERIFY(view->detail()->chainText().contains(QLatin1String("binary/encrypted (failed)")));
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

void TestMainWindow::cancelStopsALoad()
{
    MainWindow window(&m_keys);
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(QStringLiteral(HL_DEMO_HISTORY));
    QVERIFY(window.isLoading());
    window.cancelLoading();
    QVERIFY(finished.wait(10000));
    QCOMPARE(window.viewCount(), 0);
    QVERIFY(!window.isLoading());
}

void TestMainWindow::recentFilesAreRemembered()
{
    MainWindow window(&m_keys);
    QVERIFY(openDemo(window));
    QCOMPARE(window.recentFiles().value(0), QFileInfo(QStringLiteral(HL_DEMO_HISTORY)).absoluteFilePath());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
