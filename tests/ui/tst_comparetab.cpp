// Comparing two runs in the desktop app, offscreen on the real widgets: two files opened in tabs and compared in a
// compare tab (File › Compare… picks them); the summary names what differs; the table aligns the steps side by
// side with unchanged runs folded; F7 and Shift+F7 walk the differences; the detail pane shows a changed input as
// a line diff; folds open; options compare again; swapping swaps what only one side has; a side reloaded with other
// content is compared again; a closed side keeps its last history; an encrypted history decodes on both sides.
#ifndef Q_MOC_RUN
#include "codec/aesgcm.h"
#include "keys/sessionkeystore.h"
#include "render/historyjsonwriter.h"
#include "support/plannedhistory.h"
#include "support/testpaths.h"
#include "support/testsettings.h"
#include "ui/compare/comparedialog.h"
#include "ui/compare/comparetab.h"
#include "ui/compare/comparisondetailview.h"
#include "ui/compare/comparisonmodel.h"
#include "ui/frontend/workflowspanel.h"
#include "ui/history/historytab.h"
#include "ui/mainwindow.h"
#endif

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace hl;
using test::PlannedStep;

class TestCompareTab : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void comparesTwoOpenFilesSideBySide();
    void f7WalksTheDifferences();
    void detailShowsTheChangedInputAsALineDiff();
    void foldsOpenAndShowUnchangedShowsAll();
    void ignoreTimingComparesAgain();
    void swapSwapsWhatOnlyOneSideHas();
    void aReloadedSideIsComparedAgain();
    void aClosedSideKeepsItsHistory();
    void compareDialogPicksTheTwoTabs();
    void encryptedHistoriesDecodeOnBothSides();
    void aCancelledComparisonIsDropped();

private:
    QString write(const QString& name, const History& history);
    HistoryTab* open(MainWindow& window, const QString& path);
    CompareTab* compared(MainWindow& window, HistoryTab* a, HistoryTab* b);
    std::vector<PlannedStep> plan() const;
    std::vector<PlannedStep> otherPlan() const;

    QTemporaryDir m_settings;
    QTemporaryDir m_files;
    SessionKeyStore m_keys;
    QString m_a;
    QString m_b;
};

// A: 60 steps. B: the same but the 31st activity was asked for another amount with a coupon, a signal arrived
// earlier, one more "Notify" ran at the end, and the workflow's result differs.
std::vector<PlannedStep> TestCompareTab::plan() const
{
    std::vector<PlannedStep> steps;
    static const char* const kTypes[] = {"Reserve", "Charge", "Ship", "Notify"};
    for (int i = 0; i < 60; ++i)
        steps.push_back({PlannedStep::Activity, kTypes[i % 4], "{\"n\":" + std::to_string(i) + "}"});
    steps[30] = {PlannedStep::Activity, "Charge", R"({"amount":129.5,"currency":"EUR"})"};
    steps.insert(steps.begin() + 45, {PlannedStep::Signal, "approve", R"("maria")"});
    return steps;
}

std::vector<PlannedStep> TestCompareTab::otherPlan() const
{
    std::vector<PlannedStep> steps = plan();
    steps[30].input = R"({"amount":99,"currency":"EUR","coupon":"SPRING"})";
    steps.erase(steps.begin() + 45);
    steps.insert(steps.begin() + 10, {PlannedStep::Signal, "approve", R"("maria")"});
    steps.push_back({PlannedStep::Activity, "Notify", R"({"n":"late"})"});
    return steps;
}

void TestCompareTab::initTestCase()
{
    test::isolateSettings(m_settings.path());
    m_keys.insert({SecretKind::CodecKey, QStringLiteral("historylens-demo")},
                  std::make_shared<SecretBytes>(std::string_view("historylens-demo-key-not-secret!")));
    m_a = write(QStringLiteral("good.json"), test::historyOfPlan(plan(), "\"shipped\"", "order-good"));
    m_b = write(QStringLiteral("bad.json"), test::historyOfPlan(otherPlan(), "\"refunded\"", "order-bad"));
}

QString TestCompareTab::write(const QString& name, const History& history)
{
    const QString path = m_files.filePath(name);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || !HistoryJsonWriter().write(history, out))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

HistoryTab* TestCompareTab::open(MainWindow& window, const QString& path)
{
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(path);
    if (!finished.wait(20000))
        return nullptr;
    return window.tab(window.viewCount() - 1);
}

CompareTab* TestCompareTab::compared(MainWindow& window, HistoryTab* a, HistoryTab* b)
{
    CompareTab* tab = window.compare(a, b);
    if (!tab->comparison()) {
        QSignalSpy done(tab, &CompareTab::compared);
        if (!done.wait(20000))
            return nullptr;
    }
    return tab;
}

void TestCompareTab::comparesTwoOpenFilesSideBySide()
{
    MainWindow window(&m_keys);
    window.show();
    HistoryTab* a = open(window, m_a);
    HistoryTab* b = open(window, m_b);
    QVERIFY(a && b);
    CompareTab* tab = compared(window, a, b);
    QVERIFY(tab);
    QCOMPARE(window.compareTab(window.viewCount() - 1), tab);
    QCOMPARE(tab->summaryText(), QStringLiteral("2 steps differ, 1 only in B, result differs"));
    QVERIFY(window.statusText().contains(QStringLiteral("2 steps differ")));
    QCOMPARE(tab->title(), QStringLiteral("Compare: order-good ⇄ order-bad"));
    QVERIFY(window.windowTitle().contains(QStringLiteral("order-good ⇄ order-bad")));

    // The workflow's own row first, tinted: its result differs.
    ComparisonModel* model = tab->model();
    QCOMPARE(model->index(0, ComparisonModel::StepA).data().toString(), QStringLiteral("Workflow Planned"));
    QCOMPARE(model->index(0, ComparisonModel::StepA).data(ComparisonModel::StatusRole).toInt(), int(HistoryComparison::Status::Changed));
    QVERIFY(model->index(0, ComparisonModel::Difference).data().toString().contains(QStringLiteral("result[0]")));
    // Every step is on one row: A's on the left, B's on the right; unchanged runs fold with a count.
    int folded = 0, onlyB = 0, moved = 0, changed = 0, shown = 0;
    for (int row = 1; row < model->rowCount(); ++row) {
        if (model->isFold(row)) {
            folded += model->index(row, ComparisonModel::StepA).data().toString().section(QLatin1Char(' '), 1, 1).toInt();
            QCOMPARE(tab->table()->columnSpan(row, 0), int(ComparisonModel::ColumnCount));
            continue;
        }
        ++shown;
        const auto status = HistoryComparison::Status(model->index(row, 0).data(ComparisonModel::StatusRole).toInt());
        if (status == HistoryComparison::Status::OnlyB) {
            ++onlyB;
            QVERIFY(model->index(row, ComparisonModel::StepA).data().toString().isEmpty());
            QVERIFY(model->index(row, ComparisonModel::StepB).data().toString().contains(QStringLiteral("Notify")));
            QCOMPARE(model->index(row, ComparisonModel::Difference).data().toString(), QStringLiteral("only in B"));
        } else if (status == HistoryComparison::Status::Moved) {
            ++moved;
            QVERIFY(model->index(row, ComparisonModel::StepA).data().toString().contains(QStringLiteral("approve")));
            // A had the signal later (its 46th step); B has it 11th, so it also started sooner.
            QCOMPARE(model->index(row, ComparisonModel::Difference).data().toString(), QStringLiteral("moved: later in A, 1 more"));
        } else if (status == HistoryComparison::Status::Changed) {
            ++changed;
            QVERIFY(model->index(row, ComparisonModel::StepA).data().toString().contains(QStringLiteral("Charge")));
            QVERIFY(model->index(row, ComparisonModel::StepB).data().toString().contains(QStringLiteral("Charge")));
            QVERIFY(model->index(row, ComparisonModel::Difference).data(Qt::BackgroundRole).value<QBrush>().style() != Qt::NoBrush);
        }
    }
    QCOMPARE(onlyB, 1);
    QCOMPARE(moved, 1);
    QCOMPARE(changed, 1);
    QCOMPARE(shown + folded, int(tab->comparison()->rows().size()));
    QVERIFY(folded > 40); // the 61 steps fold down to those beside the three differences
}

void TestCompareTab::f7WalksTheDifferences()
{
    MainWindow window(&m_keys);
    window.show();
    HistoryTab* a = open(window, m_a);
    HistoryTab* b = open(window, m_b);
    CompareTab* tab = compared(window, a, b);
    QVERIFY(tab);
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    // The first difference is selected: the workflow's result.
    QCOMPARE(tab->table()->currentIndex().row(), 0);
    auto currentStatus = [tab] {
        return HistoryComparison::Status(tab->table()->currentIndex().data(ComparisonModel::StatusRole).toInt());
    };
    tab->table()->setFocus();
    QList<HistoryComparison::Status> walked;
    for (int i = 0; i < 3; ++i) {
        QTest::keyClick(tab->table(), Qt::Key_F7);
        walked << currentStatus();
    }
    // In B's order: the signal arrived earlier (moved), the changed charge, then the extra notification.
    QCOMPARE(walked, (QList<HistoryComparison::Status>{HistoryComparison::Status::Moved, HistoryComparison::Status::Changed,
                                                       HistoryComparison::Status::OnlyB}));
    const int last = tab->table()->currentIndex().row();
    QVERIFY(!tab->selectNextDifference()); // none after the last
    QCOMPARE(tab->table()->currentIndex().row(), last);
    QTest::keyClick(tab->table(), Qt::Key_F7, Qt::ShiftModifier);
    QCOMPARE(currentStatus(), HistoryComparison::Status::Changed);
}

void TestCompareTab::detailShowsTheChangedInputAsALineDiff()
{
    MainWindow window(&m_keys);
    HistoryTab* a = open(window, m_a);
    HistoryTab* b = open(window, m_b);
    CompareTab* tab = compared(window, a, b);
    QVERIFY(tab);
    while (tab->selectNextDifference()) {
        if (tab->table()->currentIndex().data(ComparisonModel::StatusRole).toInt() == int(HistoryComparison::Status::Changed))
            break;
    }
    // The pane's text is made on the CPU pool.
    QTRY_VERIFY_WITH_TIMEOUT(!tab->detail()->isBuilding(), 10000);
    const QString text = tab->detail()->toPlainText();
    // The paths first, then each differing field as lines removed and added.
    QVERIFY2(text.contains(QStringLiteral("input[0].amount")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("input[0].coupon")));
    const QString html = tab->detail()->toHtml();
    auto lineWith = [&html](const QString& needle) {
        const qsizetype at = html.indexOf(needle);
        return at < 0 ? QString() : html.mid(html.lastIndexOf(QStringLiteral("<tr"), at), at - html.lastIndexOf(QStringLiteral("<tr"), at));
    };
    // Removed lines tinted red, added green (the light palette's colours).
    QVERIFY2(lineWith(QStringLiteral("&quot;coupon&quot;: &quot;SPRING&quot;")).contains(QStringLiteral("#dcf4e1")), qPrintable(html.left(4000)));
    QVERIFY(lineWith(QStringLiteral("&quot;amount&quot;: 129.5")).contains(QStringLiteral("#fde2e1")));
    // An unchanged field is shown once and said to be the same.
    QVERIFY(text.contains(QStringLiteral("outcome the same")));
}

void TestCompareTab::foldsOpenAndShowUnchangedShowsAll()
{
    MainWindow window(&m_keys);
    HistoryTab* a = open(window, m_a);
    HistoryTab* b = open(window, m_b);
    CompareTab* tab = compared(window, a, b);
    QVERIFY(tab);
    ComparisonModel* model = tab->model();
    const int steps = int(tab->comparison()->rows().size());
    int fold = -1;
    for (int row = 0; row < model->rowCount() && fold < 0; ++row)
        fold = model->isFold(row) ? row : -1;
    QVERIFY(fold > 0);
    const int before = model->rowCount();
    const int count = model->index(fold, 0).data().toString().section(QLatin1Char(' '), 1, 1).toInt();
    QVERIFY(count > 1);
    // Enter on the fold opens it in place.
    tab->table()->setCurrentIndex(model->index(fold, 0));
    Q_EMIT tab->table()->activated(model->index(fold, 0));
    QCOMPARE(model->rowCount(), before + count - 1);
    QVERIFY(!model->isFold(fold));
    QCOMPARE(tab->table()->columnSpan(fold, 0), 1);

    tab->setShowUnchanged(true);
    QCOMPARE(model->rowCount(), steps + 1);
    tab->setShowUnchanged(false);
    QVERIFY(model->rowCount() < steps);
}

void TestCompareTab::ignoreTimingComparesAgain()
{
    // B took longer in one step: a timing difference unless timing is ignored.
    std::vector<PlannedStep> slow = plan();
    slow.insert(slow.begin() + 20, {PlannedStep::Timer, "", ""});
    std::vector<PlannedStep> fast = plan();
    fast.insert(fast.begin() + 20, {PlannedStep::Timer, "", ""});
    const QString pathA = write(QStringLiteral("fast.json"), test::historyOfPlan(fast, "\"shipped\"", "order-timing"));
    History slowHistory = test::historyOfPlan(slow, "\"shipped\"", "order-timing");
    // The timer in the slow run fires 9 s later: rewrite its fired event's time and everything after it.
    auto page = std::make_shared<HistoryPage>();
    *page->mutableEvents() = slowHistory.pages().front()->events();
    bool shifted = false;
    for (auto& event : *page->mutableEvents()->mutable_events()) {
        if (event.event_type() == temporal::api::enums::v1::EVENT_TYPE_TIMER_FIRED)
            shifted = true;
        if (shifted)
            event.mutable_event_time()->set_seconds(event.event_time().seconds() + 9);
    }
    const QString pathB = write(QStringLiteral("slow.json"), test::historyOf(page));

    MainWindow window(&m_keys);
    HistoryTab* a = open(window, pathA);
    HistoryTab* b = open(window, pathB);
    CompareTab* tab = compared(window, a, b);
    QVERIFY(tab);
    QVERIFY2(tab->summaryText().contains(QStringLiteral("differ")), qPrintable(tab->summaryText()));
    QVERIFY(tab->summaryText().contains(QStringLiteral("duration differs")));
    bool timerTookLonger = false;
    for (int row = 1; row < tab->model()->rowCount(); ++row)
        timerTookLonger |= tab->model()->index(row, ComparisonModel::Difference).data().toString() == QStringLiteral("took +9.00s");
    QVERIFY(timerTookLonger);

    QSignalSpy again(tab, &CompareTab::compared);
    tab->findChild<QCheckBox*>(QStringLiteral("ignoreTiming"))->setChecked(true);
    QVERIFY(tab->isComparing());
    QVERIFY(again.wait(20000));
    QCOMPARE(tab->summaryText(), QStringLiteral("no differences"));
}

void TestCompareTab::swapSwapsWhatOnlyOneSideHas()
{
    MainWindow window(&m_keys);
    HistoryTab* a = open(window, m_a);
    HistoryTab* b = open(window, m_b);
    CompareTab* tab = compared(window, a, b);
    QVERIFY(tab);
    QCOMPARE(tab->comparison()->onlyBCount(), 1);
    QSignalSpy again(tab, &CompareTab::compared);
    tab->swapSides();
    QVERIFY(again.wait(20000));
    QCOMPARE(tab->source(0), b);
    QCOMPARE(tab->source(1), a);
    QCOMPARE(tab->comparison()->onlyACount(), 1);
    QCOMPARE(tab->comparison()->onlyBCount(), 0);
    QCOMPARE(tab->summaryText(), QStringLiteral("2 steps differ, 1 only in A, result differs"));
    QCOMPARE(tab->title(), QStringLiteral("Compare: order-bad ⇄ order-good"));
}

void TestCompareTab::aReloadedSideIsComparedAgain()
{
    const QString path = write(QStringLiteral("changing.json"), test::historyOfPlan(otherPlan(), "\"refunded\"", "order-bad"));
    MainWindow window(&m_keys);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    HistoryTab* a = open(window, m_a);
    HistoryTab* b = open(window, path);
    CompareTab* tab = compared(window, a, b);
    QVERIFY(tab);
    QVERIFY(!tab->comparison()->equal());
    // B's file now holds what A has: reloading it compares again, and they agree.
    write(QStringLiteral("changing.json"), test::historyOfPlan(plan(), "\"shipped\"", "order-good"));
    QSignalSpy again(tab, &CompareTab::compared);
    window.setCurrentTab(tab);
    QTest::keyClick(tab->table(), Qt::Key_F5); // View › Reload on a compare tab reloads both sides
    QVERIFY(again.wait(20000));
    if (!tab->comparison()->equal()) // A's reload and B's may land in two comparisons
        QVERIFY(again.wait(20000));
    QCOMPARE(tab->summaryText(), QStringLiteral("no differences"));
    QCOMPARE(tab->model()->rowCount(), 2); // the workflow, and one fold of every step
    QVERIFY(tab->model()->isFold(1));
}

void TestCompareTab::aClosedSideKeepsItsHistory()
{
    MainWindow window(&m_keys);
    HistoryTab* a = open(window, m_a);
    HistoryTab* b = open(window, m_b);
    CompareTab* tab = compared(window, a, b);
    QVERIFY(tab);
    const QString summary = tab->summaryText();
    QSignalSpy changed(tab, &CompareTab::changed);
    window.closeTab(1); // B's tab
    QTRY_VERIFY(!tab->source(1));
    QTRY_VERIFY(changed.count() > 0); // the window hears of it, later
    QVERIFY(tab->sourceText().contains(QStringLiteral("(tab closed)")));
    // Comparing again (an option changed) still compares B's last history.
    QSignalSpy again(tab, &CompareTab::compared);
    tab->setIgnoreTiming(true);
    QVERIFY(again.wait(20000));
    QCOMPARE(tab->comparison()->onlyBCount(), 1);
    QCOMPARE(tab->summaryText(), summary);
    QVERIFY(tab->selectNextDifference());
    QTRY_VERIFY_WITH_TIMEOUT(!tab->detail()->isBuilding(), 10000);
    QVERIFY(tab->detail()->toPlainText().contains(QStringLiteral("Both runs have this step, at another place")));
}

void TestCompareTab::compareDialogPicksTheTwoTabs()
{
    MainWindow window(&m_keys);
    window.show();
    HistoryTab* a = open(window, m_a);
    HistoryTab* b = open(window, m_b);
    QVERIFY(a && b);
    window.setCurrentTab(a);
    QAction* compare = window.findChild<QAction*>(QStringLiteral("compare"));
    QVERIFY(compare);
    compare->trigger();
    auto* dialog = window.findChild<CompareDialog*>();
    QVERIFY(dialog);
    // A is the current tab, B the latest other one.
    QCOMPARE(dialog->side(0), a);
    QCOMPARE(dialog->side(1), b);
    QPushButton* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    // The same tab twice cannot be compared.
    dialog->setSide(1, a);
    QVERIFY(!ok->isEnabled());
    dialog->setSide(1, b);
    QVERIFY(ok->isEnabled());
    const int tabs = window.viewCount();
    ok->click();
    QCOMPARE(window.viewCount(), tabs + 1);
    CompareTab* tab = window.compareTab(tabs);
    QVERIFY(tab);
    QCOMPARE(tab->source(0), a);
    QCOMPARE(tab->source(1), b);
    QTRY_VERIFY_WITH_TIMEOUT(tab->comparison() != nullptr, 20000);
}

// Two runs whose payloads are encrypted under the session's key with other nonces (no stored bytes equal, as between
// two real runs): equal values compare equal once decoded, and a changed one is shown decoded on both sides.
void TestCompareTab::encryptedHistoriesDecodeOnBothSides()
{
    auto encrypter = [](uint32_t run) {
        auto counter = std::make_shared<uint64_t>(0);
        return [run, counter](const std::string& json) {
            temporal::api::common::v1::Payload plain = test::jsonPayload(json);
            char nonce[AesGcm::kNonceSize] = {};
            std::memcpy(nonce, &run, sizeof run);
            const uint64_t count = ++*counter;
            std::memcpy(nonce + 4, &count, sizeof count);
            temporal::api::common::v1::Payload sealed;
            (*sealed.mutable_metadata())["encoding"] = "binary/encrypted";
            (*sealed.mutable_metadata())["encryption-key-id"] = "historylens-demo";
            sealed.set_data(AesGcm::seal(SecretBytes(std::string_view("historylens-demo-key-not-secret!")),
                                         std::string_view(nonce, sizeof nonce), plain.SerializeAsString())
                                .value());
            return sealed;
        };
    };
    std::vector<PlannedStep> changed = plan();
    changed[30].input = R"({"amount":99,"currency":"EUR","coupon":"SPRING"})";
    const QString pathA = write(QStringLiteral("sealed-a.json"), test::historyOfPlan(plan(), "\"shipped\"", "order-sealed", encrypter(1)));
    const QString pathSame = write(QStringLiteral("sealed-same.json"), test::historyOfPlan(plan(), "\"shipped\"", "order-sealed", encrypter(2)));
    const QString pathChanged = write(QStringLiteral("sealed-changed.json"), test::historyOfPlan(changed, "\"shipped\"", "order-sealed", encrypter(3)));
    {
        QFile a(pathA), same(pathSame);
        QVERIFY(a.open(QIODevice::ReadOnly) && same.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() != same.readAll()); // the ciphertexts differ
    }

    MainWindow window(&m_keys);
    HistoryTab* a = open(window, pathA);
    HistoryTab* same = open(window, pathSame);
    HistoryTab* other = open(window, pathChanged);
    CompareTab* equal = compared(window, a, same);
    QVERIFY(equal);
    QCOMPARE(equal->summaryText(), QStringLiteral("no differences"));
    equal->table()->setCurrentIndex(equal->model()->index(0, 0));
    QTRY_VERIFY_WITH_TIMEOUT(!equal->detail()->isBuilding(), 10000);
    QString text = equal->detail()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("input[0] the same")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("\"order\": 42")));
    QVERIFY(!text.contains(QStringLiteral("decodeError")));

    CompareTab* differing = compared(window, a, other);
    QVERIFY(differing);
    QCOMPARE(differing->summaryText(), QStringLiteral("1 step differs"));
    // The first difference is selected when the comparison shows: the changed charge.
    QCOMPARE(differing->table()->currentIndex().data(ComparisonModel::StatusRole).toInt(), int(HistoryComparison::Status::Changed));
    QTRY_VERIFY_WITH_TIMEOUT(!differing->detail()->isBuilding(), 10000);
    text = differing->detail()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("\"coupon\": \"SPRING\"")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("\"amount\": 129.5")));
    QVERIFY(!text.contains(QStringLiteral("binary/encrypted")));
}

// Cancel stops a comparison in progress: nothing it would have found is shown, and the last comparison stays.
void TestCompareTab::aCancelledComparisonIsDropped()
{
    MainWindow window(&m_keys);
    HistoryTab* a = open(window, m_a);
    HistoryTab* b = open(window, m_b);
    CompareTab* tab = compared(window, a, b);
    QVERIFY(tab);
    const auto shown = tab->comparison();
    QSignalSpy again(tab, &CompareTab::compared);
    tab->setIgnoreTiming(true);
    QVERIFY(tab->isComparing());
    tab->cancel();
    QVERIFY(!tab->isComparing());
    QVERIFY(!again.wait(1000));
    QCOMPARE(tab->comparison(), shown);
    QVERIFY(tab->summaryText().startsWith(shown->summary()));
}

QTEST_MAIN(TestCompareTab)
#include "tst_comparetab.moc"
