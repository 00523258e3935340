#include "family/familytracer.h"

#include "frontend/frontendclient.h"
#include "frontend/pagingguard.h"

#include <temporal/api/enums/v1/workflow.pb.h>
#include <temporal/api/history/v1/message.pb.h>

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QThreadPool>

#include <algorithm>
#include <atomic>
#include <limits>

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

// One execution a visibility query listed, kept small (an Info carries its memo and search attributes).
struct Listed {
    FamilyTree::Run run;
    QString workflowId;
    QString type;
    QString parentWorkflowId;
    QString parentRunId;
    QString firstRunId;
};

// Every execution a visibility query lists while `budget` lasts (each one takes one from it; the budget may be shared
// by lists running at once); `*more` is set when it ran out first. A server that pages without end (a token it sent
// before, empty pages for ever) is stopped by a PagingGuard.
Result<std::vector<Listed>> listAll(FrontendClient& client, const QString& query, std::atomic<int>& budget, bool* more)
{
    std::vector<Listed> all;
    QByteArray token;
    *more = false;
    PagingGuard guard(0, QStringLiteral("executions"), QString());
    do {
        const int wanted = std::clamp(budget.load() + 1, 1, kPageSize);
        auto page = client.list(query, wanted, token);
        if (!page)
            return page.error();
        for (const Info& info : page->executions()) {
            if (budget.fetch_sub(1) <= 0) {
                budget.fetch_add(1);
                *more = true;
                return all;
            }
            Listed listed;
            listed.run = runOf(info);
            listed.workflowId = text(info.execution().workflow_id());
            listed.type = text(info.type().name());
            listed.parentWorkflowId = text(info.parent_execution().workflow_id());
            listed.parentRunId = text(info.parent_execution().run_id());
            listed.firstRunId = text(info.first_run_id());
            all.push_back(std::move(listed));
        }
        token = QByteArray::fromStdString(page->next_page_token());
        if (auto accepted = guard.accept(page->executions_size(), token); !accepted)
            return accepted.error();
    } while (!token.isEmpty());
    return all;
}

// Start times for ordering: one not known yet (a child just started) comes last.
qint64 orderOf(qint64 startMs)
{
    return startMs > 0 ? startMs : std::numeric_limits<qint64>::max();
}

// The runs of one workflow id, in the order they started.
void sortRuns(std::vector<FamilyTree::Run>& runs)
{
    std::stable_sort(runs.begin(), runs.end(), [](const FamilyTree::Run& a, const FamilyTree::Run& b) {
        return orderOf(a.startMs) != orderOf(b.startMs) ? orderOf(a.startMs) < orderOf(b.startMs) : a.runId < b.runId;
    });
}

// What went wrong on the way, each reason once and at most kMaxNotes of them.
void addNote(std::vector<QString>& notes, int& dropped, const QString& note)
{
    if (std::find(notes.begin(), notes.end(), note) != notes.end())
        return;
    if (int(notes.size()) >= FamilyTracer::kMaxNotes) {
        ++dropped;
        return;
    }
    notes.push_back(note);
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
    int droppedNotes = 0;
    bool truncated = false;

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
                addNote(notes, droppedNotes, QStringLiteral("the root %1 could not be read (%2); the tree begins lower")
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
                addNote(notes, droppedNotes, QStringLiteral("the parent %1 could not be read (%2); the tree begins below it")
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
        std::atomic<int> budget{maxRuns};
        auto runs = listAll(client, QStringLiteral("WorkflowId = %1").arg(quoted(first.workflowId)), budget, &more);
        const QString firstRun = text(firstInfo.first_run_id());
        const QString parentId = text(firstInfo.parent_execution().workflow_id());
        qint64 chainStartMs = 0;
        if (runs) {
            for (const Listed& listed : runs.value()) {
                if (listed.run.runId == firstRun)
                    chainStartMs = listed.run.startMs;
            }
            for (Listed& listed : runs.value()) {
                if (listed.parentWorkflowId != parentId)
                    continue;
                if (!listed.firstRunId.isEmpty() && !firstRun.isEmpty() && listed.firstRunId != firstRun)
                    continue;
                if (chainStartMs > 0 && listed.run.startMs > 0 && listed.run.startMs < chainStartMs)
                    continue;
                node.runs.push_back(std::move(listed.run));
            }
            truncated |= more;
        } else {
            addNote(notes, droppedNotes, QStringLiteral("the runs of %1 could not be listed (%2)").arg(first.workflowId, runs.error().message));
        }
        // The described run is there even when visibility has not caught up with it.
        const QString describedRun = text(firstInfo.execution().run_id());
        if (std::none_of(node.runs.begin(), node.runs.end(), [&](const FamilyTree::Run& run) { return run.runId == describedRun; }))
            node.runs.push_back(runOf(firstInfo));
        sortRuns(node.runs);
        nodes.push_back(std::move(node));
    }

    int runsFound = int(nodes.front().runs.size());
    std::vector<int> level{0};
    for (int depth = 0; !level.empty(); ++depth) {
        // Below the depth asked, or past the bound: this level's children are left to be asked for.
        const bool deepEnough = options.depth >= 0 && depth >= options.depth;
        if (deepEnough || runsFound >= maxRuns) {
            truncated |= !deepEnough;
            for (int index : level)
                for (auto& run : nodes[size_t(index)].runs)
                    run.childrenNotFetched = true;
            break;
        }
        // Ask, for every node of this level at once: its children's runs, and the children its running run has
        // started that visibility may not list yet.
        struct Answer {
            Result<std::vector<Listed>> children = std::vector<Listed>();
            bool more = false;
            std::vector<std::pair<int, temporal::api::workflow::v1::PendingChildExecutionInfo>> pending; // (run, child)
        };
        std::vector<Answer> answers(level.size());
        // One budget for the whole level, shared by its lists as they run: what they hold at once stays bounded.
        std::atomic<int> budget{maxRuns - runsFound};
        forEachAtOnce(int(level.size()), concurrency, [&](int i) {
            const FamilyTree::Node& node = nodes[size_t(level[size_t(i)])];
            Answer& answer = answers[size_t(i)];
            answer.children = listAll(client, QStringLiteral("ParentWorkflowId = %1").arg(quoted(node.workflowId)), budget, &answer.more);
            for (int r = 0; r < int(node.runs.size()); ++r) {
                if (node.runs[size_t(r)].status != enums::WORKFLOW_EXECUTION_STATUS_RUNNING)
                    continue;
                if (auto description = client.describe({node.workflowId, node.runs[size_t(r)].runId})) {
                    for (const auto& child : description->pending_children()) {
                        if (int(answer.pending.size()) >= maxRuns)
                            break;
                        if (!child.run_id().empty()) // not started yet: it has no run to show
                            answer.pending.emplace_back(r, child);
                    }
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
            QHash<QString, int> childNode; // keyOf(parent run, workflow id) -> node
            auto keyOf = [](int parentRun, const QString& workflowId) -> QString { return QString::number(parentRun) + QLatin1Char('\n') + workflowId; };
            auto nodeFor = [&](int parentRun, const QString& workflowId, const QString& type) {
                const QString key = keyOf(parentRun, workflowId);
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
            for (Listed& listed : answer.children.value()) {
                const auto parentRun = runOfParent.constFind(listed.parentRunId);
                if (parentRun == runOfParent.constEnd())
                    continue; // a child of another execution that used the same workflow id
                if (runsFound >= maxRuns) {
                    truncated = true;
                    nodes[size_t(parentIndex)].runs[size_t(parentRun.value())].childrenNotFetched = true;
                    continue;
                }
                const int index = nodeFor(parentRun.value(), listed.workflowId, listed.type);
                nodes[size_t(index)].runs.push_back(std::move(listed.run));
                ++runsFound;
            }
            for (const auto& [parentRun, pending] : answer.pending) {
                const QString runId = text(pending.run_id());
                const QString workflowId = text(pending.workflow_id());
                if (const auto known = childNode.constFind(keyOf(parentRun, workflowId)); known != childNode.constEnd()) {
                    const auto& runs = nodes[size_t(known.value())].runs;
                    if (std::any_of(runs.begin(), runs.end(), [&](const FamilyTree::Run& run) { return run.runId == runId; }))
                        continue;
                }
                if (runsFound >= maxRuns) {
                    truncated = true;
                    nodes[size_t(parentIndex)].runs[size_t(parentRun)].childrenNotFetched = true;
                    continue;
                }
                const int index = nodeFor(parentRun, workflowId, text(pending.workflow_type_name()));
                FamilyTree::Run run;
                run.runId = runId;
                run.status = enums::WORKFLOW_EXECUTION_STATUS_RUNNING;
                nodes[size_t(index)].runs.push_back(run);
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
        std::vector<int> ordered = nextLevel;
        std::stable_sort(ordered.begin(), ordered.end(), [&](int a, int b) {
            const auto& runsA = nodes[size_t(a)].runs;
            const auto& runsB = nodes[size_t(b)].runs;
            const qint64 startA = orderOf(runsA.empty() ? 0 : runsA.front().startMs);
            const qint64 startB = orderOf(runsB.empty() ? 0 : runsB.front().startMs);
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
                addNote(notes, droppedNotes, QStringLiteral("how %1 ended could not be read (%2)")
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
            }
            break;
        }
    });
    if (client.isCancelled())
        return Error{ErrorCode::Cancelled, QStringLiteral("cancelled")};
    if (droppedNotes > 0)
        notes.push_back(QStringLiteral("and %1 more like these").arg(droppedNotes));
    WorkflowRef askedRef{text(described->workflow_execution_info().execution().workflow_id()),
                         text(described->workflow_execution_info().execution().run_id())};
    return FamilyTree(std::move(nodes), std::move(askedRef), client.settings().temporalNamespace, truncated, std::move(notes));
}

} // namespace hl
