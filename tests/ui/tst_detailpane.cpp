// Reading a failure and a payload as a debugger does, through the real widgets on the real fixtures: failure cards
// per cause with one line per stack frame, the selected field shown (and copied) alone, user-metadata summaries as
// labels and details as Markdown, the one search box with "n of m" under filters, Escape, the window at its minimum
// size and in the dark theme (pictures written under the build folder), and Help's lists.
#ifndef Q_MOC_RUN
#include "keys/sessionkeystore.h"
#include "render/failurechain.h"
#include "support/testpaths.h"
#include "support/testsettings.h"
#include "ui/help/documentationdialog.h"
#include "ui/help/shortcutsdialog.h"
#include "ui/history/eventicons.h"
#include "ui/history/failureview.h"
#include "ui/history/historyfiltermodel.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "ui/history/payloaddetailview.h"
#include "ui/mainwindow.h"
#include "ui/theme.h"
#endif

#include <QCheckBox>
#include <QClipboard>
#include <QPlainTextEdit>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

using namespace hl;

class TestDetailPane : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failureCardsPerCause();
    void oneLinePerFrame_data();
    void oneLinePerFrame();
    void aSelectedFieldIsShownAndCopiedAlone();
    void summariesAreLabels();
    void detailsRenderAsMarkdown();
    void searchCountsWhatTheFiltersShow();
    void minimumSizeAndDarkTheme();
    void helpListsShortcutsAndDocuments();

private:
    HistoryView* open(MainWindow& window, const QString& path);
    QModelIndex child(HistoryTreeModel* model, const QModelIndex& parent, const QString& name);
    int lastEventOfType(const History& history, int type);

    QTemporaryDir m_settings;
    SessionKeyStore m_keys;
};

void TestDetailPane::initTestCase()
{
    test::isolateSettings(m_settings.path());
    QDir().mkpath(QStringLiteral(HL_TEST_OUTPUT_DIR));
    m_keys.insert({SecretKind::CodecKey, QStringLiteral("historylens-demo")},
                  std::make_shared<SecretBytes>(std::string_view("historylens-demo-key-not-secret!")));
}

HistoryView* TestDetailPane::open(MainWindow& window, const QString& path)
{
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(path);
    if (!finished.wait(20000))
        return nullptr;
    return window.currentView();
}

QModelIndex TestDetailPane::child(HistoryTreeModel* model, const QModelIndex& parent, const QString& name)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, HistoryTreeModel::NameColumn, parent);
        if (index.data().toString() == name)
            return index;
    }
    return {};
}

int TestDetailPane::lastEventOfType(const History& history, int type)
{
    for (int i = history.eventCount() - 1; i >= 0; --i) {
        if (history.event(i).event_type() == type)
            return i;
    }
    return -1;
}

namespace {

QStringList blocksOf(const QTextDocument* document)
{
    QStringList out;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        out << block.text();
    return out;
}

} // namespace

void TestDetailPane::failureCardsPerCause()
{
    MainWindow window(&m_keys);
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-java__complexHistory1.json")));
    QVERIFY(view);
    const int failed = lastEventOfType(view->model()->history(), temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    QVERIFY(failed >= 0);
    view->select(view->model()->eventIndex(failed));
    // A failed event opens on its failure's cards.
    PayloadDetailView* detail = view->detail();
    QCOMPARE(detail->tabs()->currentWidget(), detail->failureView());
    const FailureChain& chain = detail->failureView()->chain();
    QVERIFY(chain.levels().size() >= 2);
    QCOMPARE(chain.levels()[0].kind, QStringLiteral("ChildWorkflowExecution"));
    QCOMPARE(chain.levels()[1].message, QStringLiteral("simulated failure"));
    QCOMPARE(chain.levels()[1].type, QStringLiteral("java.lang.UnsupportedOperationException"));
    const QStringList blocks = blocksOf(detail->failureView()->document());
    QVERIFY(blocks.contains(QStringLiteral("simulated failure")));
    QVERIFY(std::any_of(blocks.begin(), blocks.end(), [](const QString& block) {
        return block.startsWith(QLatin1String("Copy message")) && block.contains(QLatin1String("Copy stack trace"))
               && block.endsWith(QLatin1String("Copy failure as JSON"));
    }));

    // The Copy links put exactly the level's text on the clipboard.
    QClipboard* clipboard = QGuiApplication::clipboard();
    Q_EMIT detail->failureView()->anchorClicked(QUrl(QStringLiteral("copy:message:1")));
    QCOMPARE(clipboard->text(), QStringLiteral("simulated failure"));
    Q_EMIT detail->failureView()->anchorClicked(QUrl(QStringLiteral("copy:stack:1")));
    QString stack = chain.levels()[1].stackText;
    stack.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    QCOMPARE(clipboard->text(), stack);
    QVERIFY(stack.count(QLatin1Char('\n')) > 10);
    Q_EMIT detail->failureView()->anchorClicked(QUrl(QStringLiteral("copy:json:1")));
    const QJsonObject json = QJsonDocument::fromJson(clipboard->text().toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("message")).toString(), QStringLiteral("simulated failure"));
    QCOMPARE(json.value(QStringLiteral("applicationFailureInfo")).toObject().value(QStringLiteral("type")).toString(),
             QStringLiteral("java.lang.UnsupportedOperationException"));
    // The context menu offers the same copies.
    QMenu menu;
    const QList<QAction*> actions = view->copyActions(&menu);
    QStringList names;
    for (const QAction* action : actions)
        names << action->text().remove(QLatin1Char('&'));
    QVERIFY2(names.contains(QStringLiteral("Copy Stack Trace")) && names.contains(QStringLiteral("Copy Value")), qPrintable(names.join(u',')));
}

void TestDetailPane::oneLinePerFrame_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("dialect");
    QTest::newRow("java") << test::realFixture(QStringLiteral("features__retry_on_error.history.java.1.0.6.json")) << int(StackTrace::Dialect::Java);
    QTest::newRow("dotnet") << test::realFixture(QStringLiteral("sdk-dotnet__multi-complete-fail-before.post-dotnet-flag.json"))
                            << int(StackTrace::Dialect::DotNet);
    // The demo's Go activity failure: its stack trace is in encoded attributes, restored by decoding.
    QTest::newRow("go, encoded") << QStringLiteral(HL_DEMO_HISTORY) << int(StackTrace::Dialect::Go);
}

void TestDetailPane::oneLinePerFrame()
{
    QFETCH(QString, file);
    QFETCH(int, dialect);
    MainWindow window(&m_keys);
    HistoryView* view = open(window, file);
    QVERIFY(view);
    QVERIFY(view->selectNextFailure());
    // The first failure with a stack trace along the way.
    const FailureChain::Level* traced = nullptr;
    for (int tries = 0; tries < 20 && !traced; ++tries) {
        for (const FailureChain::Level& level : view->detail()->failureView()->chain().levels()) {
            if (!level.stack.isEmpty()) {
                traced = &level;
                break;
            }
        }
        if (!traced && !view->selectNextFailure())
            break;
    }
    QVERIFY(traced);
    QCOMPARE(int(traced->stack.dialect()), dialect);
    const QStringList blocks = blocksOf(view->detail()->failureView()->document());
    int user = 0;
    for (const StackFrame& frame : traced->stack.frames()) {
        QVERIFY2(blocks.contains(frame.text), qPrintable(frame.text)); // a line of its own
        user += frame.user ? 1 : 0;
    }
    QVERIFY(user >= 1);
    QVERIFY(user < int(traced->stack.frames().size()) || dialect == int(StackTrace::Dialect::Go));
}

void TestDetailPane::aSelectedFieldIsShownAndCopiedAlone()
{
    MainWindow window(&m_keys);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-java__complexHistory1.json")));
    QVERIFY(view);
    HistoryTreeModel* model = view->model();
    const int failed = lastEventOfType(model->history(), temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    const QModelIndex event = model->eventIndex(failed);
    const QModelIndex failure = child(model, event, QStringLiteral("failure"));
    const QModelIndex cause = child(model, failure, QStringLiteral("cause"));
    const QModelIndex stackTrace = child(model, cause, QStringLiteral("stackTrace"));
    QVERIFY(stackTrace.isValid());
    view->expand(event);
    view->expand(failure);
    view->expand(cause);
    view->select(stackTrace);

    // The field, not the event: the whole stack trace, its line breaks kept, wrapped.
    PayloadDetailView* detail = view->detail();
    // The failure the field is in (the cause) is a tab away.
    QCOMPARE(view->detail()->failureView()->chain().levels()[0].path, QStringLiteral("failure.cause"));
    const QString expected = view->detail()->failureView()->chain().levels()[0].stackText;
    QCOMPARE(detail->valueText(), expected);
    QVERIFY(detail->valueText().count(QLatin1Char('\n')) > 10);
    QVERIFY(detail->isWrapping());
    QCOMPARE(detail->tabs()->tabText(detail->tabs()->currentIndex()), QStringLiteral("Value"));
    QVERIFY(detail->tabs()->isTabVisible(detail->tabs()->indexOf(detail->failureView())));
    // A field row spans the tree: the first column only fits event ids.
    const QModelIndex viewIndex = view->tree()->currentIndex();
    QVERIFY(view->tree()->isFirstColumnSpanned(viewIndex.row(), viewIndex.parent()));
    QVERIFY(view->tree()->columnWidth(HistoryTreeModel::NameColumn) < 100);

    QClipboard* clipboard = QGuiApplication::clipboard();
    QCOMPARE(detail->copyValue(), expected);
    QCOMPARE(clipboard->text(), expected);
    QCOMPARE(detail->copyPath(), QStringLiteral("workflowExecutionFailedEventAttributes.failure.cause.stackTrace"));
    QCOMPARE(clipboard->text(), QStringLiteral("workflowExecutionFailedEventAttributes.failure.cause.stackTrace"));
    const QJsonObject json = QJsonDocument::fromJson(detail->copyEventJson().toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("eventId")).toString(), QString::number(model->history().event(failed).event_id()));
    // Ctrl+C in the tree copies the selected value.
    clipboard->setText(QStringLiteral("nothing yet"));
    view->tree()->setFocus();
    QApplication::setActiveWindow(&window);
    QTest::keyClick(view->tree(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard->text(), expected);
    // A cut cell's tooltip holds the whole text.
    const QString tip = model->index(failed, HistoryTreeModel::DetailsColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("simulated failure")), qPrintable(tip));
}

void TestDetailPane::summariesAreLabels()
{
    MainWindow window(&m_keys);
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-go__nexus-cancel-before-start.json")));
    QVERIFY(view);
    HistoryTreeModel* model = view->model();
    // Event 6 is a timer the Go SDK gave the summary "Sleep".
    const QModelIndex timer = model->index(5, HistoryTreeModel::DetailsColumn);
    QVERIFY2(timer.data().toString().startsWith(QStringLiteral("\u201cSleep\u201d")), qPrintable(timer.data().toString()));
    model->setGrouped(true);
    bool found = false;
    for (int row = 0; row < model->rowCount(); ++row)
        found = found || model->index(row, HistoryTreeModel::TypeColumn).data().toString() == QStringLiteral("\u201cSleep\u201d \u00b7 timer 6");
    QVERIFY(found);
}

void TestDetailPane::detailsRenderAsMarkdown()
{
    // The fixture's timer with Markdown details added, as an SDK writes them (a json/plain string).
    QFile source(test::realFixture(QStringLiteral("sdk-go__nexus-cancel-before-start.json")));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QByteArray text = source.readAll();
    const QByteArray details = QJsonDocument(QJsonObject{{QStringLiteral("v"), QStringLiteral("## Why we wait\n\n- the **operation** starts late")}})
                                   .toJson(QJsonDocument::Compact);
    const QByteArray value = details.mid(5, details.size() - 6); // the JSON string alone
    const QByteArray summary = "\"summary\": {\n          \"metadata\": {\n            \"encoding\": \"anNvbi9wbGFpbg==\"\n          },\n          \"data\": \"IlNsZWVwIg==\"\n        }";
    QVERIFY(text.contains(summary));
    const QByteArray withDetails = summary + ",\n        \"details\": {\"metadata\": {\"encoding\": \"anNvbi9wbGFpbg==\"}, \"data\": \""
                                   + value.toBase64() + "\"}";
    text.replace(summary, withDetails);
    QTemporaryDir dir;
    QFile edited(dir.filePath(QStringLiteral("with-details.json")));
    QVERIFY(edited.open(QIODevice::WriteOnly));
    edited.write(text);
    edited.close();

    MainWindow window(&m_keys);
    HistoryView* view = open(window, edited.fileName());
    QVERIFY(view);
    view->select(view->model()->index(5, 0));
    PayloadDetailView* detail = view->detail();
    QCOMPARE(detail->tabs()->tabText(detail->tabs()->currentIndex()), QStringLiteral("Rendered"));
    QVERIFY2(detail->markdownText().contains(QLatin1String("Why we wait")), qPrintable(detail->markdownText()));
    const QTextDocument* document = detail->tabs()->currentWidget()->findChild<QTextDocument*>();
    Q_UNUSED(document)
    // The field itself: the payload decoded, and rendered too.
    const QModelIndex metadata = child(view->model(), view->model()->index(5, 0), QStringLiteral("userMetadata"));
    const QModelIndex detailsRow = child(view->model(), metadata, QStringLiteral("details"));
    QVERIFY(detailsRow.isValid());
    view->select(detailsRow);
    QCOMPARE(detail->tabs()->tabText(detail->tabs()->currentIndex()), QStringLiteral("Rendered"));
    QVERIFY(detail->valueText().contains(QLatin1String("## Why we wait")));
}

void TestDetailPane::searchCountsWhatTheFiltersShow()
{
    MainWindow window(&m_keys);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    HistoryView* view = open(window, QStringLiteral(HL_DEMO_HISTORY));
    QVERIFY(view);
    QApplication::setActiveWindow(&window);
    QLineEdit* box = window.searchField();
    QCOMPARE(window.findChildren<QLineEdit*>(QStringLiteral("searchField")).size(), 1);
    QSignalSpy done(view, &HistoryView::searchFinished);
    box->setFocus();
    QTest::keyClicks(box, QStringLiteral("approval-reminder"));
    QVERIFY(done.wait(10000));
    QCOMPARE(view->matchStatusText(), QStringLiteral("2 matches"));
    QVERIFY(view->isSearchShown());
    // Enter in the box goes to the first match, F3 to the next, Shift+Enter back.
    QTest::keyClick(box, Qt::Key_Return);
    QCOMPARE(view->currentSourceIndex().row(), 16);
    QCOMPARE(view->matchStatusText(), QStringLiteral("1 of 2"));
    QTest::keyClick(box, Qt::Key_F3);
    QCOMPARE(view->currentSourceIndex().row(), 17);
    QCOMPARE(view->matchStatusText(), QStringLiteral("2 of 2"));
    QTest::keyClick(box, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(view->currentSourceIndex().row(), 16);

    // Filters: a hidden match is not counted.
    QToolButton* categories = nullptr;
    for (QToolButton* button : view->findChildren<QToolButton*>()) {
        if (button->text() == QLatin1String("Categories"))
            categories = button;
    }
    QVERIFY(categories);
    for (QAction* action : categories->menu()->actions()) {
        if (action->text() == EventCategory::name(EventCategory::Timer))
            action->setChecked(false);
    }
    QCOMPARE(view->visibleMatchCount(), 0);
    QCOMPARE(view->matchStatusText(), QStringLiteral("No matches shown (filters)"));
    QCOMPARE(view->model()->matches().size(), size_t(2));

    // Escape closes the find bar: the search and the filters end.
    QTest::keyClick(box, Qt::Key_Escape);
    QVERIFY(!view->isSearchShown());
    QVERIFY(box->text().isEmpty());
    QTRY_VERIFY(view->model()->matches().empty());
    QCOMPARE(view->filter()->rowCount(), view->model()->rowCount());
}

void TestDetailPane::minimumSizeAndDarkTheme()
{
    MainWindow window(&m_keys);
    QVERIFY(window.minimumSize().width() <= 800 && window.minimumSize().height() <= 600);
    window.resize(800, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    HistoryView* view = open(window, QStringLiteral(HL_DEMO_HISTORY));
    QVERIFY(view);
    view->showSearch();
    QVERIFY(view->selectNextFailure());
    QCoreApplication::processEvents();
    QCOMPARE(window.size(), QSize(800, 600));
    // Nothing cut: the find bar fits, the detail pane's buttons are inside it.
    QWidget* bar = view->findChild<QCheckBox*>()->parentWidget();
    QVERIFY2(bar->minimumSizeHint().width() <= view->width(), qPrintable(QString::number(bar->minimumSizeHint().width())));
    for (QPushButton* button : view->detail()->findChildren<QPushButton*>()) {
        if (button->isVisible())
            QVERIFY(view->detail()->rect().contains(QRect(button->mapTo(view->detail(), QPoint(0, 0)), button->size())));
    }
    QVERIFY(window.grab().save(QStringLiteral(HL_TEST_OUTPUT_DIR "/minimum-size.png")));

    window.resize(1280, 800);
    window.applyTheme(Theme::Dark);
    QCOMPARE(Theme::current(), Theme::Dark);
    QVERIFY(QApplication::palette().color(QPalette::Base).lightness() < 80);
    QCoreApplication::processEvents();
    // Failure red stays legible on the dark background.
    QVERIFY(qAbs(EventIcons::problemColor().lightness() - QApplication::palette().color(QPalette::Base).lightness()) > 100);
    QVERIFY(window.grab().save(QStringLiteral(HL_TEST_OUTPUT_DIR "/dark-theme.png")));
    QCOMPARE(Theme::saved(), Theme::Dark);
    window.applyTheme(Theme::System);
    QCOMPARE(Theme::saved(), Theme::System);
}

void TestDetailPane::helpListsShortcutsAndDocuments()
{
    MainWindow window(&m_keys);
    HistoryView* view = open(window, QStringLiteral(HL_DEMO_HISTORY));
    QVERIFY(view);
    ShortcutsDialog* shortcuts = window.showShortcuts();
    const QStringList entries = shortcuts->entries();
    auto has = [&](const QString& action, const QKeySequence& key) {
        return entries.contains(action + QLatin1Char('\t') + key.toString(QKeySequence::NativeText));
    };
    QVERIFY2(has(QStringLiteral("View \u203a Find…"), QKeySequence::Find), qPrintable(entries.join(u'\n')));
    QVERIFY(has(QStringLiteral("View \u203a Find Next"), QKeySequence::FindNext));
    QVERIFY(has(QStringLiteral("File \u203a Keys…"), QKeySequence(Qt::CTRL | Qt::Key_K)));
    QVERIFY(has(QStringLiteral("Copy Value"), QKeySequence::Copy));
    QVERIFY(has(QStringLiteral("Close the Find Bar"), QKeySequence(Qt::Key_Escape)));
    // Every action with a shortcut is listed.
    int withShortcut = 0;
    QSet<QString> distinct;
    for (const QAction* action : window.findChildren<QAction*>()) {
        if (!action->shortcuts().isEmpty() && !action->text().isEmpty())
            distinct.insert(action->text().remove(QLatin1Char('&')) + action->shortcut().toString());
    }
    withShortcut = int(distinct.size());
    QVERIFY2(entries.size() >= withShortcut, qPrintable(QStringLiteral("%1 < %2").arg(entries.size()).arg(withShortcut)));

    DocumentationDialog* documentation = window.showDocumentation();
    QVERIFY(documentation->documents().contains(QStringLiteral("README.md")));
    QVERIFY(documentation->documents().contains(QStringLiteral("docs/architecture.md")));
    documentation->showDocument(QStringLiteral("docs/hardening.md"));
    QVERIFY(documentation->shownText().contains(QLatin1String("Hostile peers")));
}

QTEST_MAIN(TestDetailPane)
#include "tst_detailpane.moc"
