#include "render/taskqueueworkers.h"

#include "render/eventgroups.h"
#include "render/historysummary.h"

#include <QObject>

#include <algorithm>
#include <set>
#include <utility>

namespace hl {

namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

bool isRunning(const FrontendClient::DescribeResponse& description)
{
    return description.workflow_execution_info().status() == temporal::api::enums::v1::WORKFLOW_EXECUTION_STATUS_RUNNING;
}

QString kindOf(const TaskQueueWorkers::Queue& queue)
{
    return queue.activities ? QObject::tr("activity tasks") : QObject::tr("workflow tasks");
}

} // namespace

std::vector<TaskQueueWorkers::Queue> TaskQueueWorkers::ask(FrontendClient& client, const FrontendClient::DescribeResponse& description)
{
    // The workflow's queue serves its workflow tasks and, unless told otherwise, its activities; a pending activity
    // may name another.
    std::vector<std::pair<QString, bool>> wanted;
    std::set<std::pair<QString, bool>> seen;
    auto want = [&](const std::string& name, bool activities) {
        if (!name.empty() && seen.emplace(text(name), activities).second)
            wanted.emplace_back(text(name), activities);
    };
    const std::string& queue = description.workflow_execution_info().task_queue();
    want(queue, false);
    want(queue, true);
    for (const auto& activity : description.pending_activities())
        want(activity.activity_options().task_queue().name(), true);

    std::vector<Queue> queues;
    for (const auto& [name, activities] : wanted) {
        Queue each;
        each.name = name;
        each.activities = activities;
        if (auto answer = client.describeTaskQueue(name, activities); answer)
            each.pollers.assign(answer->pollers().begin(), answer->pollers().end());
        else
            each.error = answer.error().message;
        queues.push_back(std::move(each));
        if (client.isCancelled())
            break;
    }
    return queues;
}

QStringList TaskQueueWorkers::lines(const std::vector<Queue>& queues, qint64 nowMs)
{
    QStringList lines;
    if (queues.empty())
        return lines;
    lines << QObject::tr("Workers:");
    for (const Queue& queue : queues) {
        if (!queue.error.isEmpty()) {
            lines << QObject::tr("  %1 (%2): could not be asked: %3").arg(queue.name, kindOf(queue), queue.error);
            continue;
        }
        lines << (queue.pollers.empty() ? QObject::tr("  %1 (%2): no poller lately").arg(queue.name, kindOf(queue))
                  : queue.pollers.size() == 1
                      ? QObject::tr("  %1 (%2): 1 poller").arg(queue.name, kindOf(queue))
                      : QObject::tr("  %1 (%2): %3 pollers").arg(queue.name, kindOf(queue)).arg(queue.pollers.size()));
        int listed = 0;
        for (const auto& poller : queue.pollers) {
            if (listed++ == kMaxListedPollers) {
                lines << QObject::tr("    … and %1 more").arg(qsizetype(queue.pollers.size()) - kMaxListedPollers);
                break;
            }
            QString line = QStringLiteral("    %1").arg(poller.identity().empty() ? QObject::tr("(no identity)") : text(poller.identity()));
            if (poller.has_last_access_time()) {
                const qint64 ago = nowMs - (poller.last_access_time().seconds() * 1000 + poller.last_access_time().nanos() / 1000000);
                line += QObject::tr("  last polled %1 (%2 ago)")
                            .arg(HistorySummary::timeText(poller.last_access_time()), EventGroups::durationText(std::max<qint64>(0, ago)));
            }
            // The rate a poller asks for: 100,000 per second is the SDKs' default, no limit worth saying.
            if (poller.rate_per_second() > 0 && poller.rate_per_second() < 100000)
                line += QObject::tr(", rate limit %1/s").arg(poller.rate_per_second(), 0, 'g', 4);
            if (poller.has_deployment_options() && !poller.deployment_options().build_id().empty())
                line += QObject::tr(", build %1 of %2")
                            .arg(text(poller.deployment_options().build_id()), text(poller.deployment_options().deployment_name()));
            lines << line;
        }
    }
    return lines;
}

QStringList TaskQueueWorkers::warnings(const std::vector<Queue>& queues, const FrontendClient::DescribeResponse& description)
{
    QStringList warnings;
    if (!isRunning(description))
        return warnings;
    for (const Queue& queue : queues) {
        if (!queue.error.isEmpty() || !queue.pollers.empty())
            continue;
        if (!queue.activities) {
            warnings << QObject::tr("No worker has polled task queue “%1” for workflow tasks lately: this workflow cannot make "
                                    "progress until one does.").arg(queue.name);
            continue;
        }
        // An activity queue matters when an activity waits on it.
        for (const auto& activity : description.pending_activities()) {
            const std::string& name = activity.activity_options().task_queue().name();
            const QString activityQueue = name.empty() ? text(description.workflow_execution_info().task_queue()) : text(name);
            if (activityQueue == queue.name) {
                warnings << QObject::tr("No worker has polled task queue “%1” for activity tasks lately: pending activity %2 (%3) "
                                        "waits for one.").arg(queue.name, text(activity.activity_id()), text(activity.activity_type().name()));
                break;
            }
        }
    }
    return warnings;
}

} // namespace hl
