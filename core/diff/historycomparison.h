#pragma once

#include "diff/historysteps.h"
#include "diff/jsondiff.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <vector>

namespace hl {

// Two histories compared step by step: their steps aligned by key (SequenceAlignment), then each aligned pair
// compared field by field, payloads decoded and diffed as JSON, failures as their cause chains, timings as deltas.
// A step that only one side has is reported as such; one that both have at another place (a signal that arrived
// earlier) as moved. Immutable once made; safe to read from any thread.
class HistoryComparison {
public:
    struct Options {
        bool ignoreTiming = false;
        // A timing differs when it moved by at least this much and by at least a quarter of the larger value.
        int64_t timingThresholdMicros = 1000000;
        // Paths whose differences are not reported: a field ("attempts", "timing") or a path in a value
        // ("result[0].createdAt"); a path covers everything below it.
        QStringList ignore;
    };

    struct Difference {
        QString field; // the step's field: "result[0]", "failure", "attempts", "timing.duration"
        QString path;  // where in it: "result[0].stock", the field itself for text
        JsonDiff::Kind kind = JsonDiff::Kind::Changed;
        QJsonValue a; // undefined when added
        QJsonValue b; // undefined when removed
    };

    enum class Status { Same, Changed, OnlyA, OnlyB, Moved };
    struct Row {
        Status status = Status::Same;
        int a = -1; // index into a().steps(), -1 when only B has it
        int b = -1;
        std::vector<Difference> differences;
    };

    // Cancelled comparisons return what they have so far with cancelled() set.
    static HistoryComparison compare(std::shared_ptr<const HistorySteps> a, std::shared_ptr<const HistorySteps> b,
                                     const Options& options, const std::atomic_bool* cancel = nullptr);

    const HistorySteps& a() const { return *m_a; }
    const HistorySteps& b() const { return *m_b; }
    const std::shared_ptr<const HistorySteps>& sideA() const { return m_a; }
    const std::shared_ptr<const HistorySteps>& sideB() const { return m_b; }
    // The workflow itself: its type, input, memo, search attributes, outcome, result or failure, duration.
    const Row& workflow() const { return m_workflow; }
    // Every aligned step, in order (B's order where the two disagree).
    const std::vector<Row>& rows() const { return m_rows; }
    // The step a row shows on one side: the workflow itself for workflow(), null where that side lacks the step.
    const HistorySteps::Step* stepOf(const Row& row, bool sideA) const;
    const Options& options() const { return m_options; }
    bool cancelled() const { return m_cancelled; }

    int changedCount() const { return m_changed; }
    int onlyACount() const { return m_onlyA; }
    int onlyBCount() const { return m_onlyB; }
    int movedCount() const { return m_moved; }
    bool equal() const { return m_workflow.differences.empty() && m_changed == 0 && m_onlyA == 0 && m_onlyB == 0 && m_moved == 0; }
    // "4 steps differ, 1 only in B, result differs" or "no differences".
    QString summary() const;

    static QString statusName(Status status); // "same", "changed", "onlyInA", "onlyInB", "moved"
    // A field's value as the comparison sees it: a payload decoded (its JSON, text or message, or why it could not
    // be decoded), a failure as its chain of causes without stack traces, a timing in milliseconds.
    static QJsonValue valueOf(const HistorySteps& side, const HistorySteps::Field& field);

private:
    std::shared_ptr<const HistorySteps> m_a;
    std::shared_ptr<const HistorySteps> m_b;
    Options m_options;
    Row m_workflow;
    std::vector<Row> m_rows;
    int m_changed = 0;
    int m_onlyA = 0;
    int m_onlyB = 0;
    int m_moved = 0;
    bool m_cancelled = false;
};

} // namespace hl
