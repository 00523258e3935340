#pragma once

#include "frontend/frontendclient.h"

#include <temporal/api/taskqueue/v1/message.pb.h>

#include <QString>
#include <QStringList>

#include <vector>

namespace hl {

// The workers behind a workflow: who has polled its task queues lately (DescribeTaskQueue), for its workflow tasks
// and its activities', and the pending activities' own queues; and a warning when a running workflow's queue has
// had no poller, since then nothing moves it. Shared by `historylens-cli describe` and the workflow pane.
class TaskQueueWorkers {
public:
    // Pollers listed per queue; a server may send any number, the rest are counted.
    static constexpr int kMaxListedPollers = 20;

    struct Queue {
        QString name;
        bool activities = false; // its activity tasks, else its workflow tasks
        std::vector<temporal::api::taskqueue::v1::PollerInfo> pollers;
        QString error; // why the server could not be asked; empty when it answered
    };

    // The queues a description points at, each asked once (blocks: call it where the frontend's calls run).
    static std::vector<Queue> ask(FrontendClient& client, const FrontendClient::DescribeResponse& description);
    // "Workers:" then a line per queue and one per poller: identity, when it last polled, a rate limit, its build.
    static QStringList lines(const std::vector<Queue>& queues, qint64 nowMs);
    // What cannot move for want of a worker, a sentence per queue; empty when every queue a running workflow needs
    // has a poller (or the workflow is closed).
    static QStringList warnings(const std::vector<Queue>& queues, const FrontendClient::DescribeResponse& description);
};

} // namespace hl
