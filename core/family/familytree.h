#pragma once

#include "frontend/workflowref.h"
#include "render/payloadcontext.h"
#include "session/decoderequest.h"

#include <temporal/api/failure/v1/message.pb.h>

#include <QString>

#include <memory>
#include <vector>

namespace hl {

// A workflow's family as FamilyTracer found it: the root and its children to some depth, each workflow id a node
// whose runs (continue-as-new, retries, cron) are in the order they started, each run with the children it started.
// Immutable once traced; what a run's failure says is read with the decoded payloads of decodeRequest().
class FamilyTree {
public:
    using Failure = temporal::api::failure::v1::Failure;

    struct Run {
        QString runId;
        int status = 0;       // temporal::api::enums::v1::WorkflowExecutionStatus
        qint64 startMs = 0;   // since the epoch; 0 when not known
        qint64 closeMs = 0;   // 0 while running
        QString taskQueue;
        // How it closed, from its last event (for failed, timed out, terminated and canceled runs): the failure as
        // stored (its message may be in encoded attributes), the retry state, a termination's reason and identity.
        std::shared_ptr<const Failure> failure;
        QString retryState;   // "InProgress", "MaximumAttemptsReached", ... (empty when none was given)
        QString reason;       // a termination's reason (and who asked)
        std::vector<int> children; // node indexes, in the order they started
        // Its children were not asked for: below the depth asked, past the node bound, or the asking failed
        // (`childrenError` then says why).
        bool childrenNotFetched = false;
        QString childrenError;
    };

    struct Node {
        QString workflowId;
        QString type;
        int depth = 0;
        int parentNode = -1; // -1 for the root
        int parentRun = -1;  // the index of the parent's run that started it
        std::vector<Run> runs;
    };

    FamilyTree() = default;
    FamilyTree(std::vector<Node> nodes, WorkflowRef asked, QString namespaceName, bool truncated, std::vector<QString> notes);

    bool isEmpty() const { return m_nodes.empty(); }
    // Node 0 is the root.
    const std::vector<Node>& nodes() const { return m_nodes; }
    const Node& node(int index) const { return m_nodes[size_t(index)]; }
    int runCount() const;
    // The workflow the trace was asked about (it may be below the root).
    const WorkflowRef& asked() const { return m_asked; }
    const QString& namespaceName() const { return m_namespace; }
    // The node bound stopped the walk: some runs' children were not asked for.
    bool truncated() const { return m_truncated; }
    // What went wrong on the way without stopping it ("the parent of x could not be read: ...").
    const std::vector<QString>& notes() const { return m_notes; }

    // The failures' encoded attributes, to decode with the workflow's keys or Codec Server (the tree keeps them alive).
    DecodeRequest decodeRequest(const std::shared_ptr<const FamilyTree>& self) const;
    // A run's failure message, restored from encoded attributes when they were decoded, with its causes' messages
    // after it (" <- "); empty when the run has no failure.
    static QString failureMessage(const Run& run, const PayloadContext& context);
    // "Completed", "Failed", "Continued as new", ...
    static QString statusName(int status);
    // What the temporal CLI's trace marks a status with: ✓ ! » x ⏱ ▷.
    static QString statusIcon(int status);

private:
    std::vector<Node> m_nodes;
    WorkflowRef m_asked;
    QString m_namespace;
    bool m_truncated = false;
    std::vector<QString> m_notes;
};

} // namespace hl
