#pragma once

#include <QString>

#include <vector>

namespace hl {

// A failure's stack trace read as frames, in the formats the Temporal SDKs write: Java (`pkg.Class.method(File.java:12)`),
// Go (a function line, then its tab-indented `file.go:12 +0x1f`), Python (`File "x.py", line 12, in f` and the code line
// under it), TypeScript/JavaScript (`at f (file.ts:12:3)`) and .NET (`at Ns.Class.Method() in File.cs:line 12`).
// Each frame says whether it points into the SDK or the language runtime, so the user's own frames stand out.
struct StackFrame {
    QString text;     // the frame as written (a Go frame's two lines, a Python frame's code line joined with "  ·  ")
    QString file;     // "feature.java", "/app/workflow.go"; empty when the frame names none
    int line = 0;     // 0 when the frame names none
    bool user = false; // false for SDK, runtime, library and header lines ("Traceback ...", "goroutine 7 [running]:")
};

class StackTrace {
public:
    enum class Dialect { Unknown, Java, Go, Python, JavaScript, DotNet };

    static StackTrace parse(const QString& text);

    Dialect dialect() const { return m_dialect; }
    const std::vector<StackFrame>& frames() const { return m_frames; }
    bool isEmpty() const { return m_frames.empty(); }
    static QString dialectName(Dialect dialect);

private:
    Dialect m_dialect = Dialect::Unknown;
    std::vector<StackFrame> m_frames;
};

} // namespace hl
