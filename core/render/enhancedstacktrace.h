#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <vector>

namespace hl {

// A worker's answer to __enhanced_stack_trace (the SDKs' temporal.api.sdk.v1.EnhancedStackTrace, decoded): which SDK,
// each coroutine's or goroutine's frames (function, file, line) and, where the worker sent its sources, the line of
// code each frame is on. Bounded: an answer is not trusted to be small.
class EnhancedStackTrace {
public:
    static constexpr int kMaxStacks = 500;
    static constexpr int kMaxFrames = 200; // a stack
    static constexpr int kMaxSourceLine = 300; // characters of one line of code shown

    struct Frame {
        QString function;
        QString file;
        int line = 0;
        int column = 0;
        QString code; // the source line, trimmed, when the answer carried the file (or the slice of it holding the line)
    };

    static EnhancedStackTrace fromJson(const QJsonValue& answer);

    bool isEmpty() const { return m_stacks.empty(); }
    // Leaves out the stacks of the SDK's own query handling (the Python SDK lists the task answering this very
    // query); true when one was.
    bool dropQueryHandlers();
    QString sdk() const { return m_sdk; }
    const std::vector<std::vector<Frame>>& stacks() const { return m_stacks; }
    // "Stack 1 of 3:", then "  function  file:line" and the code beneath, innermost frame first, as a debugger lists.
    // `shortPaths`: files by their last three path segments ("…/temporalio/worker/_workflow.py"), for a narrow pane.
    QStringList lines(bool shortPaths = false) const;

private:
    QString m_sdk;
    std::vector<std::vector<Frame>> m_stacks;
    bool m_truncated = false;
};

} // namespace hl
