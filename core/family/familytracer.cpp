#include "family/familytracer.h"

#include "frontend/frontendclient.h"

#include <temporal/api/enums/v1/workflow.pb.h>
#include <temporal/api/history/v1/message.pb.h>

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QThreadPool>

#include <algorithm>
#include <atomic>

namespace hl {

namespace {

namespace enums = temporal::api::enums::v1;
using Info = temporal::api::workflow::v1::WorkflowExecutionInfo;

constexpr int kPageSize = 1000;
constexpr int kMaxAncestors = 64; // a parent chain longer than this is not climbed further

qint64 msOf(const google::protobuf::Timestamp& time)
{
    return time.seconds() * 1000 + time.nanos() / 1000000;
}

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

// "RETRY_STATE_IN_PROGRESS" -> "InProgress", as the temporal CLI writes it.
QString retryStateName(int state)
{
    if (state == enums::RETRY_STATE_UNSPECIFIED)
        return {};
    const QString name = text(enums::RetryState_Name(enums::RetryState(state))).remove(QStringLiteral("RETRY_STATE_"));
    QString out;
    for (const QString& word : name.split(QLatin1Char('_'), Qt::SkipEmptyParts))
        out += word.left(1) + word.mid(1).toLower();
    return out.isEmpty() ? QString::number(state) : out;
}

FamilyTree::Run runOf(const Info& info)
{
    FamilyTree::Run run;
    run.runId = text(info.execution().run_id());
    run.status = int(info.status());
    run.startMs = info.has_start_time() ? msOf(info.start_time()) : 0;
    run.closeMs = info.has_close_time() ? msOf(info.close_time()) : 0;
    run.taskQueue = text(info.task_queue());
    return run;
}

bool endsWithEvent(int status)
{
    return status == enums::WORKFLOW_EXECUTION_STATUS_FAILED || status == enums::WORKFLOW_EXECUTION_STATUS_TIMED_OUT
        || status == enums::WORKFLOW_EXECUTION_STATUS_TERMINATED || status == enums::WORKFLOW_EXECUTION_STATUS_CANCELED;
}

// Runs `work(i)` for i in [0, count) on up to `concurrency` threads of a pool of its own (never a shared pool: the
// calls wait on the network), and waits for all of them.
void forEachAtOnce(int count, int concurrency, const std::function<void(int)>& work)
{
    if (count <= 0)
        return;
    if (count == 1 || concurrency <= 1) {
        for (int i = 0; i < count; ++i)
            work(i);
        return;
    }
    QThreadPool pool;
    pool.setMaxThreadCount(std::min(count, concurrency));
    std::atomic<int> next{0};
    for (int t = 0; t < pool.maxThreadCount(); ++t) {
        pool.start([&] {
            for (int i = next++; i < count; i = next++)
                work(i);
        });
    }
    pool.waitForDone();
}

// Every execution a visibility query lists, up to `limit` (`*more` set when there were more).
Result<std::vector<Info>> listAll(FrontendClient& client, const QString& query, int limit, bool* more)
{
    std::vector<Info> all;
    QByteArray token;
    *more = false;
    do {
        auto page = client.list(query, std::min(kPageSize, std::max(1, limit - int(all.size()) + 1)), token);
        if (!page)
            return page.error();
        for (const Info& info : page->executions()) {
            if (int(all.size()) >= limit) {
                *more = true;
                return all;
            }
            all.push_back(info);
        }
        token = QByteArray::fromStdString(page->next_page_token());
    } while (!token.isEmpty());
    return all;
}

// The runs of one workflow id, in the order they started.
void sortRuns(std::vector<FamilyTree::Run>& runs)
{
    std::stable_sort(runs.begin(), runs.end(), [](const FamilyTree::Run& a, const FamilyTree::Run& b) {
        return a.startMs != b.startMs ? a.startMs < b.startMs : a.runId < b.runId;
    });
}

} // namespace

QString FamilyTracer::quoted(const QString& value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

Result<FamilyTree> FamilyTracer::trace(FrontendClient& client, const WorkflowRef& asked, const Options& options,
                                       const std::function<void(int)>& progress)
{
    const int maxRuns = std::max(1, options.maxRuns);
    const int concurrency = std::max(1, options.concurrency);
    std::vector<QString> notes;

    auto described = client.describe(asked);
    if (!described)
        return described.error();
    // The first node: the root, found through the root execution the server names, else by climbing parents.
    WorkflowRef first{text(described->workflow_execution_info().execution().workflow_id()),
                      text(described->workflow_execution_info().execution().run_id())};
    FrontendClient::DescribeResponse firstDescription = described.value();
    if (options.fromRoot) {
        const auto& root = described->workflow_execution_info().root_execution();
        if (!root.workflow_id().empty() && text(root.workflow_id()) != first.workflowId) {
            const WorkflowRef rootRef{text(root.workflow_id()), text(root.run_id())};
            if (auto rootDescription = client.describe(rootRef)) {
                first = rootRef;
                firstDescription = std::move(rootDescription.value());
            } else {
                notes.push_back(QStringLiteral("the root %1 could not be read (%2); the tree begins lower")
                                    .arg(rootRef.describe(), rootDescription.error().message));
            }
        }
        for (int hops = 0; hops < kMaxAncestors && firstDescription.workflow_execution_info().has_parent_execution()
                           && !firstDescription.workflow_execution_info().parent_execution().workflow_id().empty();
             ++hops) {
            const auto& parent = firstDescription.workflow_execution_info().parent_execution();
            const WorkflowRef parentRef{text(parent.workflow_id()), text(parent.run_id())};
            auto parentDescription = client.describe(parentRef);
            if (!parentDescription) {
                notes.push_back(QStringLiteral("the parent %1 could not be read (%2); the tree begins below it")
                                    .arg(parentRef.describe(), parentDescription.error().message));
                break;
            }
            first = parentRef;
            firstDescription = std::move(parentDescription.value());
        }
    }
    const Info& firstInfo = firstDescription.workflow_execution_info();

    std::vector<FamilyTree::Node> nodes;
    {
        // The first node's runs: every run of its id with the same parent, from its first run on (a later
        // execution that reused the id after the chain ended is one the description does not name).
        FamilyTree::Node node;
        node.workflowId = first.workflowId;
        node.type = text(firstInfo.type().name());
        bool more = false;
        auto runs = listAll(client, QStringLiteral("WorkflowId = %1").arg(quoted(first.workflowId)), maxRuns, &more);
        const QString firstRun = text(firstInfo.first_run_id());
        const QString parentId = text(firstInfo.parent_execution().workflow_id());
        qint64 chainStartMs = 0;
        if (runs) {
            for (const Info& info : runs.value()) {
                if (text(info.execution().run_id()) == firstRun && info.has_start_time())
                    chainStartMs = msOf(info.start_time());
            }
            for (const Info& info : runs.value()) {
                if (text(info.parent_execution().workflow_id()) != parentId)
                    continue;
                if (!info.first_run_id().empty() && !firstRun.isEmpty() && text(info.first_run_id()) != firstRun)
                    continue;
                if (chainStartMs > 0 && info.has_start_time() && msOf(info.start_time()) < chainStartMs)
                    continue;
                node.runs.push_back(runOf(info));
            }
        } else {
            notes.push_back(QStringLiteral("the runs of %1 could not be listed (%2)").arg(first.workflowId, runs.error().message));
        }
        // The described run is there even when visibility has not caught up with it.
        const QString describedRun = text(firstInfo.execution().run_id());
        if (std::none_of(node.runs.begin(), node.runs.end(), [&](const FamilyTree::Run& run) { return run.runId == describedRun; }))
            node.runs.push_back(runOf(firstInfo));
        sortRuns(node.runs);
        nodes.push_back(std::move(node));
    }

    int runsFound = int(nodes.front().runs.size());
    bool truncated = false;
    std::vector<int> level{0};
    for (int depth = 0; !level.empty(); ++depth) {
        if (options.depth >= 0 && depth >= options.depth) {
            for (int index : level)
                for (auto& run : nodes[size_t(index)].runs)
                    run.childrenNotFetched = true;
            break;
        }
        if (runsFound >= maxRuns) {
            truncated = true;
            for (int index : level)
                for (auto& run : nodes[size_t(index)].runs)
                    run.childrenNotFetched = true;
            break;
        }
        // Ask, for every node of this level at once: its children's runs, and the children its running run has
        // started that visibility may not list yet.
        struct Answer {
            Result<std::vector<Info>> children = std::vector<Info>();
            bool more = false;
            std::vector<std::pair<int, temporal::api::workflow::v1::PendingChildExecutionInfo>> pending; // (run, child)
        };
        std::vector<Answer> answers(level.size());
        const int budget = maxRuns - runsFound;
        forEachAtOnce(int(level.size()), concurrency, [&](int i) {
            const FamilyTree::Node& node = nodes[size_t(level[size_t(i)])];
            Answer& answer = answers[size_t(i)];
            answer.children = listAll(client, QStringLiteral("ParentWorkflowId = %1").arg(quoted(node.workflowId)), budget + 1, &answer.more);
            for (int r = 0; r < int(node.runs.size()); ++r) {
                if (node.runs[size_t(r)].status != enums::WORKFLOW_EXECUTION_STATUS_RUNNING)
                    continue;
                if (auto description = client.describe({node.workflowId, node.runs[size_t(r)].runId})) {
                    for (const auto& child : description->pending_children())
                        answer.pending.emplace_back(r, child);
                }
            }
        });
        if (client.isCancelled())
            return Error{ErrorCode::Cancelled, QStringLiteral("cancelled")};

        std::vector<int> nextLevel;
        for (size_t i = 0; i < level.size(); ++i) {
            const int parentIndex = level[i];
            Answer& answer = answers[i];
            if (!answer.children) {
                for (auto& run : nodes[size_t(parentIndex)].runs) {
                    run.childrenNotFetched = true;
                    run.childrenError = answer.children.error().message;
                }
                continue;
            }
            // Group the children's runs by (parent run, workflow id): one node per child the run started.
            QHash<QString, int> runOfParent;
            for (int r = 0; r < int(nodes[size_t(parentIndex)].runs.size()); ++r)
                runOfParent.insert(nodes[size_t(parentIndex)].runs[size_t(r)].runId, r);
            QHash<QString, int> childNode; // "parentRun\nworkflowId" -> node
            auto nodeFor = [&](int parentRun, const QString& workflowId, const QString& type) {
                const QString key = QString::number(parentRun) + QLatin1Char('\n') + workflowId;
                if (auto found = childNode.constFind(key); found != childNode.constEnd())
                    return found.value();
                FamilyTree::Node child;
                child.workflowId = workflowId;
                child.type = type;
                child.depth = nodes[size_t(parentIndex)].depth + 1;
                child.parentNode = parentIndex;
                child.parentRun = parentRun;
                nodes.push_back(std::move(child));
                const int index = int(nodes.size()) - 1;
                childNode.insert(key, index);
                nextLevel.push_back(index);
                return index;
            };
            for (const Info& info : answer.children.value()) {
                const auto parentRun = runOfParent.constFind(text(info.parent_execution().run_id()));
                if (parentRun == runOfParent.constEnd())
                    continue; // a child of another execution that used the same workflow id
                if (runsFound >= maxRuns) {
                    truncated = true;
                    nodes[size_t(parentIndex)].runs[size_t(parentRun.value())].childrenNotFetched = true;
                    continue;
                }
                const int index = nodeFor(parentRun.value(), text(info.execution().workflow_id()), text(info.type().name()));
                nodes[size_t(index)].runs.push_back(runOf(info));
                ++runsFound;
            }
            for (const auto& [parentRun, pending] : answer.pending) {
                const int index = nodeFor(parentRun, text(pending.workflow_id()), text(pending.workflow_type_name()));
                auto& runs = nodes[size_t(index)].runs;
                if (std::any_of(runs.begin(), runs.end(), [&](const FamilyTree::Run& run) { return run.runId == text(pending.run_id()); }))
                    continue;
                FamilyTree::Run run;
                run.runId = text(pending.run_id());
                run.status = enums::WORKFLOW_EXECUTION_STATUS_RUNNING;
                runs.push_back(run);
                ++runsFound;
            }
            if (answer.more) {
                truncated = true;
                for (auto& run : nodes[size_t(parentIndex)].runs)
                    run.childrenNotFetched = true;
            }
        }
        for (int index : nextLevel)
            sortRuns(nodes[size_t(index)].runs);
        // Children in the order their first runs started, as a history reads.
        for (int parentIndex : level) {
            for (auto& run : nodes[size_t(parentIndex)].runs)
                run.children.clear();
        }
        std::vector<int> ordered = nextLevel;
        std::stable_sort(ordered.begin(), ordered.end(), [&](int a, int b) {
            const auto& runsA = nodes[size_t(a)].runs;
            const auto& runsB = nodes[size_t(b)].runs;
            const qint64 startA = runsA.empty() ? 0 : runsA.front().startMs;
            const qint64 startB = runsB.empty() ? 0 : runsB.front().startMs;
            return startA < startB;
        });
        for (int index : ordered) {
            const FamilyTree::Node& child = nodes[size_t(index)];
            nodes[size_t(child.parentNode)].runs[size_t(child.parentRun)].children.push_back(index);
        }
        level = std::move(nextLevel);
        if (progress)
            progress(runsFound);
    }

    // How the runs that did not complete ended: their last event.
    std::vector<std::pair<int, int>> ended; // (node, run)
    for (int n = 0; n < int(nodes.size()); ++n)
        for (int r = 0; r < int(nodes[size_t(n)].runs.size()); ++r)
            if (endsWithEvent(nodes[size_t(n)].runs[size_t(r)].status))
                ended.emplace_back(n, r);
    QMutex notesMutex;
    forEachAtOnce(int(ended.size()), concurrency, [&](int i) {
        const auto [n, r] = ended[size_t(i)];
        FamilyTree::Run& run = nodes[size_t(n)].runs[size_t(r)];
        auto page = client.historyPage({nodes[size_t(n)].workflowId, run.runId}, {}, 1, false, true, 1);
        if (!page) {
            if (page.error().code != ErrorCode::Cancelled) {
                QMutexLocker lock(&notesMutex);
                notes.push_back(QStringLiteral("how %1 ended could not be read (%2)")
                                    .arg(WorkflowRef{nodes[size_t(n)].workflowId, run.runId}.describe(), page.error().message));
            }
            return;
        }
        for (const HistoryPagePtr& events : page->pages) {
            if (events->size() == 0)
                continue;
            const auto& last = events->events().events(0);
            if (last.has_workflow_execution_failed_event_attributes()) {
                const auto& attributes = last.workflow_execution_failed_event_attributes();
                run.failure = std::make_shared<const FamilyTree::Failure>(attributes.failure());
                run.retryState = retryStateName(int(attributes.retry_state()));
            } else if (last.has_workflow_execution_timed_out_event_attributes()) {
                run.retryState = retryStateName(int(last.workflow_execution_timed_out_event_attributes().retry_state()));
            } else if (last.has_workflow_execution_terminated_event_attributes()) {
                const auto& attributes = last.workflow_execution_terminated_event_attributes();
                run.reason = text(attributes.reason());
                if (!attributes.identity().empty())
                    run.reason += QStringLiteral(" (by %1)").arg(text(attributes.identity()));
            } else if (last.has_workflow_execution_canceled_event_attributes()) {
                run.reason = QStringLiteral("canceled");
            }
            break;
        }
    });
    if (client.isCancelled())
        return Error{ErrorCode::Cancelled, QStringLiteral("cancelled")};
    WorkflowRef askedRef{text(described->workflow_execution_info().execution().workflow_id()),
                         text(described->workflow_execution_info().execution().run_id())};
    return FamilyTree(std::move(nodes), std::move(askedRef), client.settings().temporalNamespace, truncated, std::move(notes));
}

} // namespace hl
