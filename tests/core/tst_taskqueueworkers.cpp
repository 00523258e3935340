// Who polls a workflow's task queues, as text: a line per poller, at most kMaxListedPollers of them whatever the
// server sends; a warning only for a running workflow whose workflow-task queue, or a pending activity's queue, has
// no poller.
#ifndef Q_MOC_RUN
#include "render/taskqueueworkers.h"
#endif

#include <QtTest>

using namespace hl;

class TestTaskQueueWorkers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pollersAreListedUpToTheBound();
    void onlyARunningWorkflowWithoutPollersIsWarnedOf();
};

void TestTaskQueueWorkers::pollersAreListedUpToTheBound()
{
    TaskQueueWorkers::Queue queue;
    queue.name = QStringLiteral("orders");
    for (int i = 0; i < TaskQueueWorkers::kMaxListedPollers + 7; ++i) {
        temporal::api::taskqueue::v1::PollerInfo poller;
        poller.set_identity(std::to_string(i) + "@host");
        poller.mutable_last_access_time()->set_seconds(1767225600);
        queue.pollers.push_back(poller);
    }
    const QStringList lines = TaskQueueWorkers::lines({queue}, 1767225610000);
    QCOMPARE(lines.value(0), QStringLiteral("Workers:"));
    QCOMPARE(lines.value(1), QStringLiteral("  orders (workflow tasks): 27 pollers"));
    QCOMPARE(lines.value(2), QStringLiteral("    0@host  last polled 2026-01-01T00:00:00Z (10.00s ago)"));
    QCOMPARE(lines.size(), 2 + TaskQueueWorkers::kMaxListedPollers + 1);
    QCOMPARE(lines.last(), QStringLiteral("    … and 7 more"));
}

void TestTaskQueueWorkers::onlyARunningWorkflowWithoutPollersIsWarnedOf()
{
    FrontendClient::DescribeResponse description;
    description.mutable_workflow_execution_info()->set_task_queue("orders");
    description.mutable_workflow_execution_info()->set_status(temporal::api::enums::v1::WORKFLOW_EXECUTION_STATUS_RUNNING);
    TaskQueueWorkers::Queue workflowTasks;
    workflowTasks.name = QStringLiteral("orders");
    TaskQueueWorkers::Queue activityTasks = workflowTasks;
    activityTasks.activities = true;
    // No activity waits: only the workflow-task queue matters.
    QCOMPARE(TaskQueueWorkers::warnings({workflowTasks, activityTasks}, description),
             QStringList{QStringLiteral("No worker has polled task queue “orders” for workflow tasks lately: this workflow cannot "
                                        "make progress until one does.")});
    auto* activity = description.add_pending_activities();
    activity->set_activity_id("3");
    activity->mutable_activity_type()->set_name("ship");
    workflowTasks.pollers.emplace_back();
    QCOMPARE(TaskQueueWorkers::warnings({workflowTasks, activityTasks}, description),
             QStringList{QStringLiteral("No worker has polled task queue “orders” for activity tasks lately: pending activity 3 "
                                        "(ship) waits for one.")});
    // A queue the server could not be asked about, or a closed workflow: nothing to warn of.
    activityTasks.error = QStringLiteral("permission denied");
    QVERIFY(TaskQueueWorkers::warnings({workflowTasks, activityTasks}, description).isEmpty());
    description.mutable_workflow_execution_info()->set_status(temporal::api::enums::v1::WORKFLOW_EXECUTION_STATUS_COMPLETED);
    workflowTasks.pollers.clear();
    QVERIFY(TaskQueueWorkers::warnings({workflowTasks}, description).isEmpty());
}

QTEST_GUILESS_MAIN(TestTaskQueueWorkers)
#include "tst_taskqueueworkers.moc"
