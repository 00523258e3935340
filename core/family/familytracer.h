#pragma once

#include "family/familytree.h"
#include "frontend/workflowref.h"
#include "support/result.h"

#include <functional>

namespace hl {

class FrontendClient;

// Finds a workflow's family on a frontend: its root (DescribeWorkflowExecution's root execution, else its parents one
// by one), then level by level each run's children from visibility (ParentWorkflowId, every run of a child: its
// continue-as-new chain, retries and cron runs) and from a running run's description (children started but not yet
// visible), and how each failed, timed-out, terminated or canceled run ended (its last event). Blocking: run it off
// the GUI thread; the frontend is called from up to `concurrency` threads of its own at once, and the caller's
// FrontendClient::cancel() ends it.
class FamilyTracer {
public:
    static constexpr int kMaxNotes = 20; // what went wrong on the way: each reason once, then counted

    struct Options {
        int depth = -1;          // levels of children below the first node; -1: any
        int maxRuns = 5000;      // runs in all; past it, runs' children are not asked for (FamilyTree::truncated)
        int concurrency = 10;    // frontend calls at once
        bool fromRoot = true;    // begin at the asked workflow's root, else at the asked workflow itself
    };

    // `progress(runsFound)` is called from the tracing thread as levels complete (may be empty).
    static Result<FamilyTree> trace(FrontendClient& client, const WorkflowRef& asked, const Options& options,
                                    const std::function<void(int)>& progress = {});

    // A visibility query's string literal: "x" with quotes and backslashes escaped.
    static QString quoted(const QString& value);
};

} // namespace hl
