// The timeline as a user works it, offscreen on the real widgets and fixtures: View › Timeline shows it above the
// tree (and is remembered); clicking a bar selects its row in the tree (its group's in the Grouped view) and selecting
// a row selects its lane; the wheel zooms around the pointer and keeps the time under it; keys pan and zoom; a
// search outlines its lanes; the SVG export parses and holds one element per visible span; the demo's timeline is
// drawn to a picture under the build folder.
#ifndef Q_MOC_RUN
#include "keys/sessionkeystore.h"
#include "support/testpaths.h"
#include "support/testsettings.h"
#include "timeline/timeline.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "ui/mainwindow.h"
#include "ui/timeline/timelinepanel.h"
#include "ui/timeline/timelineview.h"
#include "picture/timelinepainter.h"
#endif

#include <QAction>
#include <QLineEdit>
#include <QPainter>
#include <QSettings>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTreeView>
#include <QXmlStreamReader>
#include <QtTest>

using namespace hl;

class TestTimelineView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void viewMenuShowsItAboveTheTree();
    void clickingABarSelectsItsRowAndBack();
    void groupedViewSelectsTheGroup();
    void wheelZoomKeepsTheTimeUnderThePointer();
    void keysPanAndZoom();
    void searchMatchesAreOutlined();
    void svgExportHoldsAnElementPerSpan();
    void groupsOpenWithTheirArrow();
    void timelineGrowsToItsRows();

private:
    HistoryView* open(MainWindow& window, const QString& path);
    TimelineView* shownTimeline(HistoryView* view);

    QTemporaryDir m_settings;
    SessionKeyStore m_keys;
};

void TestTimelineView::initTestCase()
{
    test::isolateSettings(m_settings.path());
    QDir().mkpath(QStringLiteral(HL_TEST_OUTPUT_DIR));
    m_keys.insert({SecretKind::CodecKey, QStringLiteral("historylens-demo")},
                  std::make_shared<SecretBytes>(std::string_view("historylens-demo-key-not-secret!")));
}

HistoryView* TestTimelineView::open(MainWindow& window, const QString& path)
{
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFile(path);
    if (!finished.wait(20000))
        return nullptr;
    return window.currentView();
}

// Shows the tab's timeline and waits until it is laid out (on the CPU pool).
TimelineView* TestTimelineView::shownTimeline(HistoryView* view)
{
    if (!view->isTimelineShown())
        view->setTimelineShown(true);
    TimelineView* timeline = view->timeline()->view();
    if (!timeline->timeline()) {
        QSignalSpy shown(view->timeline(), &TimelinePanel::timelineShown);
        if (!shown.wait(20000))
            return nullptr;
    }
    return timeline;
}

void TestTimelineView::viewMenuShowsItAboveTheTree()
{
    MainWindow window(&m_keys);
    window.resize(1280, 800);
    window.show();
    HistoryView* view = open(window, QStringLiteral(HL_DEMO_HISTORY));
    QVERIFY(view);
    QVERIFY(!view->isTimelineShown());
    auto* action = window.findChild<QAction*>(QStringLiteral("timelineAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_T));
    action->trigger();
    QVERIFY(view->isTimelineShown());
    TimelineView* timeline = shownTimeline(view);
    QVERIFY(timeline);
    // Above the tree, the tree keeping room.
    QVERIFY(view->timeline()->mapTo(view, QPoint(0, 0)).y() < view->tree()->mapTo(view, QPoint(0, 0)).y());
    QVERIFY(view->tree()->height() >= 200);
    QVERIFY(timeline->shownLaneCount() > 0);
    QTRY_VERIFY(timeline->lastPaintNanos() > 0);
    QVERIFY(window.grab().save(QStringLiteral(HL_TEST_OUTPUT_DIR "/timeline-demo.png")));
    // Remembered, and shown in the next tab too.
    QTRY_COMPARE(QSettings().value(QStringLiteral("view/timeline")).toBool(), true);
    HistoryView* second = open(window, test::realFixture(QStringLiteral("sdk-go__multiple-updates.json")));
    QVERIFY(second && second != view);
    QVERIFY(second->isTimelineShown());
    action->trigger();
    QVERIFY(!second->isTimelineShown() && !view->isTimelineShown());
}

void TestTimelineView::clickingABarSelectsItsRowAndBack()
{
    MainWindow window(&m_keys);
    window.resize(1280, 800);
    window.show();
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-typescript__otel_v2_smorgasbord_1_18_1.json")));
    QVERIFY(view);
    view->model()->setGrouped(false);
    TimelineView* timeline = shownTimeline(view);
    QVERIFY(timeline);
    const Timeline& model = *timeline->timeline();
    for (size_t lane = 0; lane < model.lanes().size(); ++lane) {
        const Timeline::Lane& l = model.lanes()[lane];
        if (l.kind == Timeline::LaneKind::WorkflowTask)
            continue;
        // The middle of its last attempt (or of its line while it waits): the event it ended with.
        const QPoint point = timeline->pointOfLane(int(lane));
        QVERIFY2(timeline->viewport()->rect().contains(point), qPrintable(l.name));
        QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, point);
        QCOMPARE(timeline->selectedLane(), int(lane));
        const int expected = l.segmentCount > 0 ? l.lastEvent : l.firstEvent;
        QCOMPARE(view->currentSourceIndex().data(HistoryTreeModel::EventIndexRole).toInt(), expected);
        QVERIFY(!view->currentSourceIndex().parent().isValid());
    }
    // And back: a row selected in the tree selects its lane; a marker's event its marker.
    const Timeline::Lane& timer = *std::find_if(model.lanes().begin(), model.lanes().end(),
                                               [](const Timeline::Lane& l) { return l.kind == Timeline::LaneKind::Timer; });
    view->select(view->model()->eventIndex(timer.firstEvent));
    QCOMPARE(timeline->selectedLane(), int(&timer - model.lanes().data()));
    view->select(view->model()->eventIndex(0));
    QCOMPARE(timeline->selectedLane(), -1);
    QCOMPARE(timeline->selectedMarker(), 0);
    // A click on a marker selects its event.
    const int close = int(model.markers().size()) - 1;
    const int x = timeline->xOfAxis(timeline->scale().toAxis(model.markers()[size_t(close)].time));
    TimelinePainter painter(timeline->rows(), timeline->scale(), timeline->font());
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, QPoint(x, painter.headerHeight() - painter.rowHeight() / 2));
    QCOMPARE(view->currentSourceIndex().data(HistoryTreeModel::EventIndexRole).toInt(), model.markers()[size_t(close)].event);
}

void TestTimelineView::groupedViewSelectsTheGroup()
{
    MainWindow window(&m_keys);
    window.resize(1280, 800);
    window.show();
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-go__gogoproto-payload-workflow.json")));
    QVERIFY(view);
    view->model()->setGrouped(true);
    TimelineView* timeline = shownTimeline(view);
    QVERIFY(timeline);
    const Timeline& model = *timeline->timeline();
    const auto activity = std::find_if(model.lanes().begin(), model.lanes().end(),
                                       [](const Timeline::Lane& l) { return l.kind == Timeline::LaneKind::Activity; });
    QVERIFY(activity != model.lanes().end());
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, timeline->pointOfLane(int(activity - model.lanes().begin())));
    const QModelIndex current = view->currentSourceIndex();
    QVERIFY(current.isValid());
    QVERIFY(!current.parent().isValid()); // the group's own row
    QVERIFY(view->model()->rowCount(current) >= 2); // holding the activity's events
    QCOMPARE(view->model()->index(0, 0, current).data(HistoryTreeModel::EventIndexRole).toInt(), activity->firstEvent);
    // Selecting one of its events in the tree selects the same lane.
    view->select(view->model()->index(1, 0, current));
    QCOMPARE(timeline->selectedLane(), int(activity - model.lanes().begin()));
}

void TestTimelineView::wheelZoomKeepsTheTimeUnderThePointer()
{
    MainWindow window(&m_keys);
    window.resize(1280, 800);
    window.show();
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-go__gogoproto-payload-workflow.json")));
    QVERIFY(view);
    TimelineView* timeline = shownTimeline(view);
    QVERIFY(timeline);
    const int x = timeline->labelWidth() + (timeline->viewport()->width() - timeline->labelWidth()) / 3;
    const QPoint point(x, timeline->viewport()->height() / 2);
    for (int step = 0; step < 100 && timeline->viewState().axisTo - timeline->viewState().axisFrom > 500; ++step) { // below a millisecond
        const int64_t before = timeline->axisAtX(x);
        const int64_t spanBefore = timeline->viewState().axisTo - timeline->viewState().axisFrom;
        QWheelEvent wheel(point, timeline->viewport()->mapToGlobal(point), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(timeline->viewport(), &wheel);
        const int64_t span = timeline->viewState().axisTo - timeline->viewState().axisFrom;
        QVERIFY(span <= spanBefore);
        // The time under the pointer moves by less than a pixel's worth.
        const int64_t pixel = span / std::max(1, timeline->viewport()->width() - timeline->labelWidth() - 8) + 1;
        QVERIFY2(std::abs(timeline->axisAtX(x) - before) <= pixel,
                 qPrintable(QStringLiteral("step %1: %2 -> %3").arg(step).arg(before).arg(timeline->axisAtX(x))));
        timeline->viewport()->repaint();
    }
    QVERIFY(timeline->viewState().axisTo - timeline->viewState().axisFrom <= 1000); // a millisecond or less
    // And out again, to the whole.
    for (int step = 0; step < 120; ++step) {
        QWheelEvent wheel(point, timeline->viewport()->mapToGlobal(point), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(timeline->viewport(), &wheel);
    }
    QVERIFY(timeline->viewState().axisFrom <= 0);
    QVERIFY(timeline->viewState().axisTo >= timeline->scale().length());
}

void TestTimelineView::keysPanAndZoom()
{
    MainWindow window(&m_keys);
    window.resize(1280, 800);
    window.show();
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-go__gogoproto-payload-workflow.json")));
    QVERIFY(view);
    TimelineView* timeline = shownTimeline(view);
    QVERIFY(timeline);
    timeline->setFocus();
    const int64_t whole = timeline->viewState().axisTo - timeline->viewState().axisFrom;
    QTest::keyClick(timeline, Qt::Key_Plus);
    QTest::keyClick(timeline, Qt::Key_Plus);
    const int64_t zoomed = timeline->viewState().axisTo - timeline->viewState().axisFrom;
    QVERIFY(zoomed < whole / 2);
    QTest::keyClick(timeline, Qt::Key_Home);
    QVERIFY(timeline->viewState().axisFrom <= 0);
    const int64_t from = timeline->viewState().axisFrom;
    QTest::keyClick(timeline, Qt::Key_Right);
    QVERIFY(timeline->viewState().axisFrom > from);
    QTest::keyClick(timeline, Qt::Key_End);
    QVERIFY(timeline->viewState().axisTo >= timeline->scale().length());
    QTest::keyClick(timeline, Qt::Key_Down); // the first row
    QVERIFY(timeline->selectedLane() >= 0);
    QCOMPARE(view->currentSourceIndex().data(HistoryTreeModel::EventIndexRole).toInt(),
             timeline->timeline()->lanes()[size_t(timeline->selectedLane())].firstEvent);
    QTest::keyClick(timeline, Qt::Key_Z); // zoom to the selection
    const Timeline::Lane& lane = timeline->timeline()->lanes()[size_t(timeline->selectedLane())];
    QVERIFY(timeline->viewState().axisFrom <= timeline->scale().toAxis(lane.scheduled));
    QVERIFY(timeline->viewState().axisTo >= timeline->scale().toAxis(lane.end));
    QVERIFY(timeline->viewState().axisTo - timeline->viewState().axisFrom < whole);
    QTest::keyClick(timeline, Qt::Key_F);
    QCOMPARE(timeline->viewState().axisTo - timeline->viewState().axisFrom, whole);
}

void TestTimelineView::searchMatchesAreOutlined()
{
    MainWindow window(&m_keys);
    window.resize(1280, 800);
    window.show();
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-go__gogoproto-payload-workflow.json")));
    QVERIFY(view);
    TimelineView* timeline = shownTimeline(view);
    QVERIFY(timeline);
    QSignalSpy searched(view, &HistoryView::searchFinished);
    view->search(QStringLiteral("DescribeWorkflowExecution"), false);
    QVERIFY(searched.wait(10000));
    int expected = 0;
    for (const Timeline::Lane& lane : timeline->timeline()->lanes())
        expected += lane.name == QLatin1String("DescribeWorkflowExecution");
    QVERIFY(expected > 0);
    // Drawn: the matched lanes' bars carry the match colour. The view keeps which lanes those are.
    TimelinePainter painter(timeline->rows(), timeline->scale(), timeline->font());
    QImage image(timeline->viewport()->size(), QImage::Format_RGB32);
    {
        QPainter p(&image);
        timeline->viewport()->render(&p);
    }
    int matchedRows = 0;
    for (const TimelineRows::Row& row : timeline->rows().rows()) {
        if (row.lane < 0)
            continue;
        const bool matched = timeline->timeline()->lanes()[size_t(row.lane)].name == QLatin1String("DescribeWorkflowExecution");
        const int y = painter.headerHeight() + timeline->rows().rowOfLane(row.lane) * painter.rowHeight() + painter.rowHeight() / 2;
        if (y >= image.height())
            continue;
        const QColor strip = image.pixelColor(1, y); // the match strip at the label's edge
        const bool yellow = strip.red() > 200 && strip.green() > 150 && strip.blue() < 100;
        QCOMPARE(yellow, matched);
        matchedRows += matched;
    }
    QVERIFY(matchedRows > 0);
}

void TestTimelineView::svgExportHoldsAnElementPerSpan()
{
    MainWindow window(&m_keys);
    window.resize(1280, 800);
    window.show();
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-go__gogoproto-payload-workflow.json")));
    QVERIFY(view);
    TimelineView* timeline = shownTimeline(view);
    QVERIFY(timeline);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("timeline.svg"));
    QCOMPARE(view->timeline()->exportTo(path, true), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    // Every <rect> filled with a state's colour is one span (an attempt, a timer's wait, a child's run).
    QSet<QString> stateColours;
    for (const Timeline::State state : {Timeline::State::Pending, Timeline::State::Running, Timeline::State::Completed,
                                        Timeline::State::Failed, Timeline::State::TimedOut, Timeline::State::Canceled,
                                        Timeline::State::Terminated})
        stateColours << TimelinePainter::stateColor(state, false).name();
    QXmlStreamReader xml(&file);
    QStringList fills{QStringLiteral("none")};
    int spans = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("g"))
            fills.push_back(xml.attributes().hasAttribute(QStringLiteral("fill")) ? xml.attributes().value(QStringLiteral("fill")).toString() : fills.back());
        else if (xml.isEndElement() && xml.name() == QLatin1String("g"))
            fills.pop_back();
        else if (xml.isStartElement() && xml.name() == QLatin1String("rect") && stateColours.contains(fills.back()))
            ++spans;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    int expected = 0;
    for (const TimelineRows::Row& row : timeline->rows().rows())
        expected += row.lane >= 0 ? int(timeline->timeline()->lanes()[size_t(row.lane)].segmentCount) : 0;
    QVERIFY(expected > 10);
    QCOMPARE(spans, expected);
    // A PNG too.
    const QString png = dir.filePath(QStringLiteral("timeline.png"));
    QCOMPARE(view->timeline()->exportTo(png, false), QString());
    QImage picture(png);
    QVERIFY(!picture.isNull());
    QCOMPARE(picture.width(), timeline->viewport()->width());
}

void TestTimelineView::groupsOpenWithTheirArrow()
{
    // Grouped by default past kGroupAt lanes; grouped on request, a group opens into its lanes with its arrow.
    MainWindow window(&m_keys);
    window.resize(1280, 800);
    window.show();
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-go__version-loop-workflow-256.json")));
    QVERIFY(view);
    TimelineView* timeline = shownTimeline(view);
    QVERIFY(timeline);
    QCOMPARE(timeline->isGrouped(), int(timeline->timeline()->lanes().size()) > TimelineRows::kGroupAt);
    timeline->setGrouped(true);
    const int closedRows = int(timeline->rows().rows().size());
    QCOMPARE(closedRows, int(timeline->rows().groups().size()));
    TimelinePainter painter(timeline->rows(), timeline->scale(), timeline->font());
    QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, QPoint(10, painter.headerHeight() + painter.rowHeight() / 2));
    QCOMPARE(int(timeline->rows().rows().size()), closedRows + int(timeline->rows().groups()[0].lanes.size()));
    timeline->setGrouped(false);
    QCOMPARE(int(timeline->rows().rows().size()), timeline->shownLaneCount());
}

void TestTimelineView::timelineGrowsToItsRows()
{
    // Twelve model calls grouped under one row: the timeline first takes the closed rows' height; opening the group
    // grows it, to half the tab at most; once the splitter is dragged, the height stays the user's.
    MainWindow window(&m_keys);
    window.resize(1280, 560);
    window.show();
    HistoryView* view = open(window, test::realFixture(QStringLiteral("sdk-python__research-workflow-history.json")));
    QVERIFY(view);
    TimelineView* timeline = shownTimeline(view);
    QVERIFY(timeline);
    auto* splitter = qobject_cast<QSplitter*>(view->findChild<TimelinePanel*>()->parentWidget());
    QVERIFY(splitter);
    timeline->setGrouped(true);
    int group = -1;
    for (size_t g = 0; g < timeline->rows().groups().size(); ++g) {
        if (timeline->rows().groups()[g].lanes.size() == 12)
            group = int(g);
    }
    QVERIFY(group >= 0);
    const int closed = splitter->sizes().value(0);
    QVERIFY2(closed < splitter->height() / 2, qPrintable(QString::number(closed)));
    timeline->setGroupExpanded(group, true);
    QVERIFY(timeline->preferredHeight() > splitter->height() / 2);
    QVERIFY(splitter->sizes().value(0) > splitter->height() / 2 - 2 * splitter->handleWidth());
    QVERIFY(splitter->sizes().value(0) <= splitter->height() / 2);
    splitter->setSizes({100, splitter->height() - 100});
    const int dragged = splitter->sizes().value(0);
    Q_EMIT splitter->splitterMoved(dragged, 1);
    timeline->setGroupExpanded(group, false);
    timeline->setGroupExpanded(group, true);
    QCOMPARE(splitter->sizes().value(0), dragged);
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
