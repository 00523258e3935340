// The timeline's lane model on the real histories (and on histories written here where no real one has the case):
// every lane starts and ends at its events' times, retries give one attempt segment per attempt, what is open ends
// at "now", collapsing idle time never hides a span, a history given page by page lays out as the whole one does, and
// a 51,200-event history gives the lanes it holds.
#ifndef Q_MOC_RUN
#include "format/historyreader.h"
#include "timeline/timelinebuilder.h"
#include "timeline/timelinejson.h"
#include "timeline/timelinerows.h"
#include "timeline/timelinescale.h"
#include "timeline/timelineticks.h"
#include <temporal/api/history/v1/message.pb.h>
#include "support/eventwriter.h"
#endif
#include "support/testpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace hl;
using namespace temporal::api;

class TestTimeline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lanesStartAndEndAtTheirEvents_data();
    void lanesStartAndEndAtTheirEvents();
    void retriesGiveAnAttemptSegmentEach();
    void openWorkEndsAtNow();
    void collapsingIdleTimeNeverHidesASpan_data();
    void collapsingIdleTimeNeverHidesASpan();
    void daysOfIdleFoldIntoOneBreak();
    void pagesLayOutAsTheWhole();
    void largestHistoryGivesItsLanes();
    void localActivitiesSpanTheirRun();
    void groupsByTypeWithCounts();
    void ticksFromMicrosecondsToWeeks();
    void jsonIsTheLaneModel();
};

namespace {

History readFixture(const QString& name)
{
    auto file = HistoryReader().readFile(test::realFixture(name));
    if (!file)
        qFatal("%s: %s", qPrintable(name), qPrintable(file.error().toString()));
    return file->histories.front();
}

int64_t timeOf(const History& history, int index)
{
    return TimelineBuilder::timeOf(history.event(index));
}

using Writer = test::EventWriter;
using test::historyOf;

} // namespace

void TestTimeline::lanesStartAndEndAtTheirEvents_data()
{
    QTest::addColumn<QString>("name");
    for (const QString& name : test::realFixtureNames())
        QTest::newRow(qPrintable(name)) << name;
}

void TestTimeline::lanesStartAndEndAtTheirEvents()
{
    QFETCH(QString, name);
    const History history = readFixture(name);
    const int64_t last = timeOf(history, history.eventCount() - 1);
    const Timeline timeline = TimelineBuilder::build(history, {}, last);
    QCOMPARE(timeline.start(), timeOf(history, 0));
    int activities = 0, timers = 0;
    for (int i = 0; i < history.eventCount(); ++i) {
        activities += history.event(i).has_activity_task_scheduled_event_attributes();
        timers += history.event(i).has_timer_started_event_attributes();
    }
    int activityLanes = 0, timerLanes = 0;
    for (const Timeline::Lane& lane : timeline.lanes()) {
        QVERIFY(lane.end >= lane.scheduled);
        for (uint32_t s = 0; s < lane.segmentCount; ++s) {
            const Timeline::Segment& segment = timeline.segmentsOf(lane)[s];
            QVERIFY2(segment.start >= lane.scheduled && segment.end <= lane.end && segment.start <= segment.end,
                     qPrintable(QStringLiteral("%1: a segment outside its lane").arg(lane.name)));
        }
        if (lane.kind == Timeline::LaneKind::WorkflowTask)
            continue;
        // Every lane of an activity, timer or child opens at its first event and closes at its last.
        if (lane.kind != Timeline::LaneKind::LocalActivity)
            QCOMPARE(lane.scheduled, timeOf(history, lane.firstEvent));
        if (!Timeline::isOpen(lane.state) && lane.kind != Timeline::LaneKind::LocalActivity) {
            QCOMPARE(lane.closed, timeOf(history, lane.lastEvent));
            QCOMPARE(lane.end, lane.closed);
        }
        if (lane.kind == Timeline::LaneKind::Activity) {
            ++activityLanes;
            QVERIFY(history.event(lane.firstEvent).has_activity_task_scheduled_event_attributes());
            QCOMPARE(QString::fromStdString(history.event(lane.firstEvent).activity_task_scheduled_event_attributes().activity_type().name()), lane.name);
            if (lane.started >= 0)
                QCOMPARE(int(lane.segmentCount), lane.attempts);
        }
        if (lane.kind == Timeline::LaneKind::Timer) {
            ++timerLanes;
            QCOMPARE(lane.fireTime, lane.scheduled + history.event(lane.firstEvent).timer_started_event_attributes().start_to_fire_timeout().seconds() * 1000000
                                        + history.event(lane.firstEvent).timer_started_event_attributes().start_to_fire_timeout().nanos() / 1000);
        }
        // Each of its events knows its lane.
        QCOMPARE(timeline.laneOfEvent(lane.firstEvent), int(&lane - timeline.lanes().data()));
        QCOMPARE(timeline.laneOfEvent(lane.lastEvent), int(&lane - timeline.lanes().data()));
    }
    QCOMPARE(activityLanes, activities);
    QCOMPARE(timerLanes, timers);
    // Markers in time order; the first is the start.
    QVERIFY(std::is_sorted(timeline.markers().begin(), timeline.markers().end(),
                           [](const Timeline::Marker& a, const Timeline::Marker& b) { return a.time < b.time; }));
    if (history.event(0).has_workflow_execution_started_event_attributes())
        QCOMPARE(timeline.markers().front().kind, Timeline::MarkerKind::Started);
}

void TestTimeline::retriesGiveAnAttemptSegmentEach()
{
    // A real Java history: AlwaysFail, five attempts, then failed.
    const History history = readFixture(QStringLiteral("features__retry_on_error.history.java.1.0.6.json"));
    const Timeline timeline = TimelineBuilder::build(history, {}, timeOf(history, history.eventCount() - 1));
    const auto lane = std::find_if(timeline.lanes().begin(), timeline.lanes().end(),
                                   [](const Timeline::Lane& l) { return l.kind == Timeline::LaneKind::Activity; });
    QVERIFY(lane != timeline.lanes().end());
    QCOMPARE(lane->name, QStringLiteral("AlwaysFail"));
    QCOMPARE(lane->attempts, 5);
    QCOMPARE(int(lane->segmentCount), 5);
    QCOMPARE(lane->state, Timeline::State::Failed);
    QVERIFY(!lane->failure.isEmpty());
    const Timeline::Segment* segments = timeline.segmentsOf(*lane);
    for (int k = 0; k < 5; ++k) {
        QCOMPARE(segments[k].attempt, k + 1);
        QCOMPARE(segments[k].estimated, k < 4); // only the last attempt's times are in the history
        if (k > 0)
            QVERIFY(segments[k].start >= segments[k - 1].end);
    }
    QCOMPARE(segments[4].start, lane->started);
    QCOMPARE(segments[4].end, lane->closed);
    QVERIFY(segments[0].start >= lane->scheduled);
    QVERIFY(segments[3].end <= lane->started);

    // Written here: the retry policy's backoff (1 s, doubling) fits inside the time before the third attempt.
    auto page = std::make_shared<HistoryPage>();
    Writer w(page->mutableEvents());
    w.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 0)->mutable_workflow_execution_started_event_attributes()->mutable_workflow_type()->set_name("Retrying");
    auto* scheduled = w.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 0)->mutable_activity_task_scheduled_event_attributes();
    scheduled->mutable_activity_type()->set_name("Flaky");
    scheduled->mutable_retry_policy()->mutable_initial_interval()->set_seconds(1);
    scheduled->mutable_retry_policy()->set_backoff_coefficient(2.0);
    const int64_t scheduledId = w.lastId();
    auto* started = w.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_STARTED, 10000)->mutable_activity_task_started_event_attributes();
    started->set_scheduled_event_id(scheduledId);
    started->set_attempt(3);
    started->mutable_last_failure()->set_message("connection reset");
    w.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 2000)->mutable_activity_task_completed_event_attributes()->set_scheduled_event_id(scheduledId);
    const History written = historyOf(page);
    const Timeline retried = TimelineBuilder::build(written, {}, w.millis() * 1000);
    const Timeline::Lane& flaky = retried.lanes().front();
    QCOMPARE(flaky.attempts, 3);
    QCOMPARE(int(flaky.segmentCount), 3);
    const Timeline::Segment* s = retried.segmentsOf(flaky);
    // 10 s before the last start, 3 s of it backoff (1 s, then 2 s): two earlier attempts of 3.5 s each.
    QCOMPARE(s[0].end - s[0].start, int64_t(3500000));
    QCOMPARE(s[1].start - s[0].end, int64_t(1000000));
    QCOMPARE(s[2].start - s[1].end, int64_t(2000000));
    QCOMPARE(s[2].start, flaky.started);
    QCOMPARE(flaky.state, Timeline::State::Completed);
    QCOMPARE(flaky.failure, QStringLiteral("connection reset"));
}

void TestTimeline::openWorkEndsAtNow()
{
    // A real history whose workflow was terminated with an activity pending, and another still running.
    const History terminated = readFixture(QStringLiteral("ui__raw-events.ascending.terminated.json"));
    const Timeline t = TimelineBuilder::build(terminated, {}, timeOf(terminated, terminated.eventCount() - 1) + 5000000);
    QVERIFY(t.isClosed());
    int open = 0;
    for (const Timeline::Lane& lane : t.lanes()) {
        if (Timeline::isOpen(lane.state) && lane.kind != Timeline::LaneKind::WorkflowTask) {
            ++open;
            QCOMPARE(lane.end, t.end()); // a closed workflow's open work ends with it
        }
    }
    QVERIFY(open > 0);

    auto page = std::make_shared<HistoryPage>();
    Writer w(page->mutableEvents());
    w.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 0)->mutable_workflow_execution_started_event_attributes();
    w.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)->mutable_activity_task_scheduled_event_attributes()->mutable_activity_type()->set_name("Waits");
    w.next(enums::v1::EVENT_TYPE_TIMER_STARTED)->mutable_timer_started_event_attributes()->mutable_start_to_fire_timeout()->set_seconds(3600);
    const int64_t initiated = w.next(enums::v1::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)->event_id();
    w.next(enums::v1::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)->mutable_child_workflow_execution_started_event_attributes()->set_initiated_event_id(initiated);
    const History running = historyOf(page);
    const int64_t now = (w.millis() + 60000) * 1000;
    const Timeline r = TimelineBuilder::build(running, {}, now);
    QVERIFY(!r.isClosed());
    QCOMPARE(r.end(), now);
    QCOMPARE(r.lanes().size(), size_t(3));
    for (const Timeline::Lane& lane : r.lanes()) {
        QVERIFY(Timeline::isOpen(lane.state));
        QCOMPARE(lane.end, now);
    }
    QCOMPARE(r.lanes()[0].state, Timeline::State::Pending);
    QCOMPARE(r.lanes()[0].segmentCount, 0u); // waiting for a worker: no attempt yet
    QCOMPARE(r.lanes()[1].kind, Timeline::LaneKind::Timer);
    QCOMPARE(r.lanes()[1].fireTime, r.lanes()[1].scheduled + int64_t(3600) * 1000000); // ahead of now
    QVERIFY(r.lanes()[1].fireTime > now);
    QCOMPARE(r.lanes()[2].state, Timeline::State::Running);
    QCOMPARE(r.segmentsOf(r.lanes()[2])[0].end, now);
}

void TestTimeline::collapsingIdleTimeNeverHidesASpan_data()
{
    lanesStartAndEndAtTheirEvents_data();
}

void TestTimeline::collapsingIdleTimeNeverHidesASpan()
{
    QFETCH(QString, name);
    const History history = readFixture(name);
    const Timeline timeline = TimelineBuilder::build(history, {}, timeOf(history, history.eventCount() - 1));
    for (const bool tasks : {false, true}) {
        const TimelineScale scale = TimelineScale::collapsingIdle(timeline, tasks, 1000);
        for (const TimelineScale::Fold& fold : scale.folds()) {
            QVERIFY(fold.end > fold.start);
            for (const Timeline::Lane& lane : timeline.lanes()) {
                if (lane.kind == Timeline::LaneKind::WorkflowTask && !tasks)
                    continue;
                for (uint32_t s = 0; s < lane.segmentCount; ++s) {
                    const Timeline::Segment& segment = timeline.segmentsOf(lane)[s];
                    QVERIFY2(segment.end <= fold.start || segment.start >= fold.end,
                             qPrintable(QStringLiteral("%1 is folded away").arg(lane.name)));
                }
                if (lane.kind != Timeline::LaneKind::WorkflowTask)
                    QVERIFY(lane.end <= fold.start || lane.scheduled >= fold.end);
            }
            for (const Timeline::Marker& marker : timeline.markers())
                QVERIFY(marker.time <= fold.start || marker.time >= fold.end);
        }
        // The axis keeps order and maps back outside the folds.
        int64_t previous = -1;
        for (int i = 0; i < history.eventCount(); ++i) {
            const int64_t axis = scale.toAxis(timeOf(history, i));
            QVERIFY(axis >= previous || timeOf(history, i) < timeOf(history, std::max(0, i - 1)));
            previous = axis;
            if (scale.foldAt(timeOf(history, i)) < 0)
                QVERIFY(std::abs(scale.toReal(axis) - timeOf(history, i)) <= 1);
        }
    }
}

void TestTimeline::daysOfIdleFoldIntoOneBreak()
{
    // Signals days apart, then terminated: the days fold, each into a break a few percent wide.
    const History history = readFixture(QStringLiteral("vscode-debugger__multiple-signals-terminated-after-days.json"));
    const Timeline timeline = TimelineBuilder::build(history, {}, timeOf(history, history.eventCount() - 1));
    const TimelineScale scale = TimelineScale::collapsingIdle(timeline, false);
    QVERIFY(!scale.folds().empty());
    int64_t folded = 0;
    for (const TimelineScale::Fold& fold : scale.folds())
        folded += fold.end - fold.start;
    QVERIFY(folded > int64_t(24) * 3600 * 1000000); // more than a day of nothing
    QVERIFY(scale.length() < (timeline.end() - timeline.start()) / 100);
    const auto ticks = TimelineTicks::of(scale, scale.start(), scale.end(), 1000.0 / double(scale.length()), 80,
                                         TimelineTicks::Format::Utc, timeline.start());
    for (const auto& tick : ticks)
        QVERIFY(scale.foldAt(tick.real) < 0);
}

void TestTimeline::pagesLayOutAsTheWhole()
{
    for (const QString& name : {QStringLiteral("sdk-go__gogoproto-payload-workflow.json"), QStringLiteral("temporal__replay_recent_actions_includes_status.json.gz"),
                               QStringLiteral("sdk-go__multiple-updates.json")}) {
        const History whole = readFixture(name);
        const int64_t now = timeOf(whole, whole.eventCount() - 1);
        // The same events in pages of 7, as a frontend would deliver them.
        History paged;
        TimelineBuilder builder;
        for (int first = 0; first < whole.eventCount(); first += 7) {
            auto page = std::make_shared<HistoryPage>();
            for (int i = first; i < std::min(whole.eventCount(), first + 7); ++i)
                *page->mutableEvents()->add_events() = whole.event(i);
            paged = paged.appended(page);
            builder.add(paged);
            QCOMPARE(builder.eventCount(), paged.eventCount());
        }
        const std::string incremental = TimelineJson::write(builder.timeline(now), paged, 0, INT64_MAX);
        const std::string fromScratch = TimelineJson::write(TimelineBuilder::build(whole, {}, now), whole, 0, INT64_MAX);
        QCOMPARE(QString::fromStdString(incremental), QString::fromStdString(fromScratch));
    }
}

void TestTimeline::largestHistoryGivesItsLanes()
{
    // 51,200 events: blocks of a workflow task and an activity (every fifth retried twice before succeeding),
    // with a timer every 10th block, a child every 50th and a signal every 16th.
    auto page = std::make_shared<HistoryPage>();
    Writer w(page->mutableEvents());
    w.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 0)->mutable_workflow_execution_started_event_attributes();
    int activities = 0, timers = 0, children = 0, signals = 0, retried = 0, workflowTasks = 0;
    auto workflowTask = [&] {
        const int64_t id = w.next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 3)->event_id();
        w.next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_STARTED, 2)->mutable_workflow_task_started_event_attributes()->set_scheduled_event_id(id);
        w.next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 5)->mutable_workflow_task_completed_event_attributes()->set_scheduled_event_id(id);
        ++workflowTasks;
    };
    for (int block = 0; w.lastId() + 16 < 51200 - 4; ++block) {
        workflowTask();
        const int64_t id = w.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1)->event_id();
        page->mutableEvents()->mutable_events(int(id - 1))->mutable_activity_task_scheduled_event_attributes()->mutable_activity_type()->set_name(block % 2 ? "Charge" : "Ship");
        auto* started = w.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_STARTED, block % 5 ? 10 : 4000)->mutable_activity_task_started_event_attributes();
        started->set_scheduled_event_id(id);
        started->set_attempt(block % 5 ? 1 : 3);
        retried += block % 5 == 0;
        w.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 30)->mutable_activity_task_completed_event_attributes()->set_scheduled_event_id(id);
        ++activities;
        if (block % 10 == 0) {
            const int64_t timer = w.next(enums::v1::EVENT_TYPE_TIMER_STARTED, 1)->event_id();
            w.next(enums::v1::EVENT_TYPE_TIMER_FIRED, 100)->mutable_timer_fired_event_attributes()->set_started_event_id(timer);
            ++timers;
        }
        if (block % 50 == 0) {
            const int64_t child = w.next(enums::v1::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, 1)->event_id();
            w.next(enums::v1::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, 5)->mutable_child_workflow_execution_started_event_attributes()->set_initiated_event_id(child);
            w.next(enums::v1::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED, 50)->mutable_child_workflow_execution_failed_event_attributes()->set_initiated_event_id(child);
            ++children;
        }
        if (block % 16 == 0) {
            w.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, 1)->mutable_workflow_execution_signaled_event_attributes()->set_signal_name("poke");
            ++signals;
        }
    }
    while (w.lastId() < 51200 - 4) {
        w.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, 1)->mutable_workflow_execution_signaled_event_attributes()->set_signal_name("poke");
        ++signals;
    }
    workflowTask();
    w.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, 1);
    const History history = historyOf(page);
    QCOMPARE(history.eventCount(), 51200);
    const Timeline timeline = TimelineBuilder::build(history, {}, w.millis() * 1000);
    QCOMPARE(int(timeline.lanes().size()), activities + timers + children + 1); // and one lane of workflow tasks
    QCOMPARE(int(timeline.markers().size()), signals + 2);                    // and the start and the close
    int attemptSegments = 0, failedChildren = 0;
    for (const Timeline::Lane& lane : timeline.lanes()) {
        if (lane.kind == Timeline::LaneKind::Activity)
            attemptSegments += int(lane.segmentCount);
        failedChildren += lane.kind == Timeline::LaneKind::ChildWorkflow && lane.state == Timeline::State::Failed;
        if (lane.kind == Timeline::LaneKind::WorkflowTask)
            QCOMPARE(int(lane.segmentCount), workflowTasks);
    }
    QCOMPARE(attemptSegments, activities + 2 * retried);
    QCOMPARE(failedChildren, children);
    // Thousands of lanes open grouped by type: Charge, Ship, the timers' ids, the child type.
    TimelineRows::Options options;
    options.grouped = int(timeline.lanes().size()) > TimelineRows::kGroupAt;
    QVERIFY(options.grouped);
    const TimelineRows rows(std::make_shared<const Timeline>(timeline), options);
    int grouped = 0;
    for (const TimelineRows::Group& group : rows.groups())
        grouped += int(group.lanes.size());
    QCOMPARE(grouped, int(timeline.lanes().size()) - 1); // all but the hidden workflow tasks
}

void TestTimeline::localActivitiesSpanTheirRun()
{
    // A real core-SDK history: a local activity that ran across several workflow tasks (heartbeats), its marker
    // telling when it was first scheduled and when it completed.
    const History history = readFixture(QStringLiteral("sdk-core__long_local_activity_with_update-0_history.bin"));
    const Timeline timeline = TimelineBuilder::build(history, {}, timeOf(history, history.eventCount() - 1));
    const auto lane = std::find_if(timeline.lanes().begin(), timeline.lanes().end(),
                                   [](const Timeline::Lane& l) { return l.kind == Timeline::LaneKind::LocalActivity; });
    QVERIFY(lane != timeline.lanes().end());
    QCOMPARE(lane->name, QStringLiteral("delay"));
    QCOMPARE(lane->id, QStringLiteral("1"));
    QCOMPARE(lane->scheduled, int64_t(1746468912910183));
    QCOMPARE(lane->closed, int64_t(1746468918908258));
    QVERIFY(lane->closed - lane->scheduled > 5000000); // more than five seconds
}

void TestTimeline::groupsByTypeWithCounts()
{
    const History history = readFixture(QStringLiteral("temporal__replay_recent_actions_includes_status.json.gz"));
    auto timeline = std::make_shared<const Timeline>(TimelineBuilder::build(history, {}, timeOf(history, history.eventCount() - 1)));
    TimelineRows::Options options;
    options.grouped = true;
    const TimelineRows closed(timeline, options);
    QVERIFY(closed.groups().size() < timeline->lanes().size());
    QCOMPARE(closed.rows().size(), closed.groups().size()); // all closed: a row each
    options.expanded = {0};
    const TimelineRows open(timeline, options);
    QCOMPARE(open.rows().size(), closed.groups().size() + open.groups()[0].lanes.size());
    for (const int lane : open.groups()[0].lanes)
        QCOMPARE(open.rows()[size_t(open.rowOfLane(lane))].lane, lane);
    for (const int lane : closed.groups()[0].lanes)
        QCOMPARE(closed.rowOfLane(lane), 0); // shown by its group's row
}

void TestTimeline::ticksFromMicrosecondsToWeeks()
{
    const int64_t start = int64_t(1767225600) * 1000000; // 2026-01-01T00:00:00Z
    struct Case {
        int64_t span;
        int64_t step;
        QString first;
    };
    // 1,000 pixels, labels at least 100 apart.
    const QList<Case> cases = {
        {1000, 100, QStringLiteral("00:00:00.000100")},
        {1000000, 100000, QStringLiteral("00:00:00.100")},
        {60000000, 10000000, QStringLiteral("00:00:10")},
        {int64_t(3600) * 1000000, int64_t(10) * 60000000, QStringLiteral("00:10")},
        {int64_t(14) * 86400 * 1000000, int64_t(2) * 86400 * 1000000, QStringLiteral("Jan 3")},
        {int64_t(200) * 86400 * 1000000, int64_t(28) * 86400 * 1000000, QString()},
    };
    for (const Case& c : cases) {
        const TimelineScale scale(start, start + c.span);
        const double density = 1000.0 / double(c.span);
        QCOMPARE(TimelineTicks::step(density, 100), c.step);
        const auto ticks = TimelineTicks::of(scale, start, start + c.span, density, 100, TimelineTicks::Format::Utc, start);
        QVERIFY(ticks.size() >= 5 && ticks.size() <= 11);
        if (!c.first.isEmpty())
            QCOMPARE(ticks[1].label, c.first);
        for (size_t i = 1; i < ticks.size(); ++i)
            QCOMPARE(ticks[i].real - ticks[i - 1].real, c.step);
    }
    // Since the start: from 0, in durations.
    const TimelineScale scale(start + 1234, start + 1234 + 60000000);
    const auto relative = TimelineTicks::of(scale, start + 1234, start + 1234 + 60000000, 1000.0 / 60000000, 100,
                                            TimelineTicks::Format::SinceStart, start + 1234);
    QCOMPARE(relative[0].label, QStringLiteral("0"));
    QCOMPARE(relative[1].label, QStringLiteral("+10 s"));
    QCOMPARE(TimelineTicks::duration(350), QStringLiteral("350 µs"));
    QCOMPARE(TimelineTicks::duration(12500), QStringLiteral("12.5 ms"));
    QCOMPARE(TimelineTicks::duration(int64_t(125) * 1000000), QStringLiteral("2m 5s"));
    QCOMPARE(TimelineTicks::duration(int64_t(52) * 3600 * 1000000), QStringLiteral("2d 4h"));
}

void TestTimeline::jsonIsTheLaneModel()
{
    const History history = readFixture(QStringLiteral("sdk-typescript__otel_v2_smorgasbord_1_18_1.json"));
    const Timeline timeline = TimelineBuilder::build(history, {}, timeOf(history, history.eventCount() - 1));
    const std::string json = TimelineJson::write(timeline, history, timeline.start(), timeline.end());
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(root[QStringLiteral("workflow")].toObject()[QStringLiteral("type")].toString(), QStringLiteral("smorgasbord"));
    const QJsonArray lanes = root[QStringLiteral("lanes")].toArray();
    QCOMPARE(lanes.size(), qsizetype(timeline.lanes().size()));
    QStringList kinds;
    for (const QJsonValue& lane : lanes)
        kinds << lane[QStringLiteral("kind")].toString() + QLatin1Char(':') + lane[QStringLiteral("name")].toString();
    QVERIFY2(kinds.contains(QStringLiteral("activity:fakeProgress")), qPrintable(kinds.join(QLatin1Char(' '))));
    QVERIFY(kinds.contains(QStringLiteral("timer:1")));
    QVERIFY(kinds.contains(QStringLiteral("childWorkflow:signalTarget")));
    QVERIFY(kinds.contains(QStringLiteral("localActivity:echo")));
    QVERIFY(kinds.contains(QStringLiteral("signalExternal:unblock")));
    const QJsonObject first = lanes[1].toObject();
    QCOMPARE(first[QStringLiteral("firstEventId")].toInt(), int(history.event(timeline.lanes()[1].firstEvent).event_id()));
    QCOMPARE(first[QStringLiteral("scheduled")].toString(), QString::fromStdString(TimelineJson::timeText(timeline.lanes()[1].scheduled)));
    QVERIFY(first[QStringLiteral("segments")].toArray().size() >= 1);
    // A range keeps what reaches into it.
    const std::string early = TimelineJson::write(timeline, history, timeline.start(), timeline.start() + 1);
    const QJsonObject clipped = QJsonDocument::fromJson(QByteArray::fromStdString(early)).object();
    QVERIFY(clipped[QStringLiteral("lanes")].toArray().size() < lanes.size());
}

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
