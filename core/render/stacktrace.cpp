#include "render/stacktrace.h"

#include <QRegularExpression>
#include <QStringList>

#include <initializer_list>

namespace hl {

namespace {

// Frames of these prefixes belong to the SDKs, the runtimes and common libraries, not to the workflow's code.
bool startsWithAny(const QString& text, std::initializer_list<const char*> prefixes)
{
    for (const char* prefix : prefixes) {
        if (text.startsWith(QLatin1String(prefix)))
            return true;
    }
    return false;
}

bool isJavaLibrary(const QString& symbol)
{
    return startsWithAny(symbol, {"java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.", "scala.",
                                  "io.grpc.", "com.google.", "org.junit.", "io.temporal.internal.", "io.temporal.common.",
                                  "io.temporal.failure.", "io.temporal.client.", "io.temporal.worker.",
                                  "io.temporal.serviceclient.", "io.temporal.activity.", "io.temporal.workflow.Workflow.",
                                  "io.temporal.workflow.Async.", "io.temporal.workflow.unsafe.", "io.temporal.nexus."})
           || symbol.contains(QLatin1String("$Proxy"));
}

bool isGoLibrary(const QString& function, const QString& file)
{
    return startsWithAny(function, {"runtime.", "runtime/", "reflect.", "sync.", "testing.", "go.temporal.io/",
                                    "google.golang.org/", "github.com/stretchr/", "net/", "created by runtime"})
           || file.contains(QLatin1String("/go/src/")) || file.contains(QLatin1String("/pkg/mod/go.temporal.io/"))
           || file.contains(QLatin1String("/libexec/src/"));
}

bool isPythonLibrary(const QString& file)
{
    return file.contains(QLatin1String("/temporalio/")) || file.contains(QLatin1String("\\temporalio\\"))
           || file.contains(QLatin1String("site-packages")) || file.contains(QLatin1String("dist-packages"))
           || file.contains(QRegularExpression(QStringLiteral("[/\\\\]lib[/\\\\]python3[.0-9]*[/\\\\]")))
           || file.startsWith(QLatin1Char('<'));
}

bool isJavaScriptLibrary(const QString& location)
{
    return location.contains(QLatin1String("node_modules")) || location.startsWith(QLatin1String("node:"))
           || location.startsWith(QLatin1String("internal/")) || location.contains(QLatin1String("@temporalio"))
           || location.contains(QLatin1String("webpack/")) || location == QLatin1String("<anonymous>")
           || location == QLatin1String("native");
}

bool isDotNetLibrary(const QString& symbol)
{
    return startsWithAny(symbol, {"System.", "Microsoft.", "Temporalio.Worker.", "Temporalio.Client.", "Temporalio.Common.",
                                  "Temporalio.Converters.", "Temporalio.Workflows.", "Temporalio.Activities.",
                                  "Temporalio.Runtime.", "Temporalio.Bridge.", "Temporalio.Exceptions.",
                                  "Temporalio.Nexus.", "Xunit."});
}

const QRegularExpression& javaFrame()
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*(?:at\s+)?([\w$./<>]+)\(([^():]*)(?::(\d+))?\)\s*$)"));
    return re;
}
const QRegularExpression& goLocation()
{
    static const QRegularExpression re(QStringLiteral(R"(^\t(.+\.go|\?\?):(\d+)(?:\s+\+0x[0-9a-f]+)?\s*$)"));
    return re;
}
const QRegularExpression& pythonFrame()
{
    static const QRegularExpression re(QStringLiteral(R"re(^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$)re"));
    return re;
}
const QRegularExpression& javaScriptFrame()
{
    // "at f (file:12:3)", "at async f (file:12:3)", "at file:12:3", "at f (native)"
    static const QRegularExpression re(QStringLiteral(R"(^\s*at\s+(?:(.*?)\s+\((.*?)\)|(.*?))\s*$)"));
    return re;
}
const QRegularExpression& javaScriptLocation()
{
    static const QRegularExpression re(QStringLiteral(R"(^(.*?):(\d+)(?::\d+)?$)"));
    return re;
}
const QRegularExpression& dotNetFrame()
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*at\s+(.+?)(?:\s+in\s+(.+):line\s+(\d+))?\s*$)"));
    return re;
}

StackTrace::Dialect guess(const QStringList& lines)
{
    for (const QString& line : lines) {
        if (pythonFrame().match(line).hasMatch() || line.startsWith(QLatin1String("Traceback (most recent call last)")))
            return StackTrace::Dialect::Python;
        if (goLocation().match(line).hasMatch() || line.startsWith(QLatin1String("goroutine ")))
            return StackTrace::Dialect::Go;
        if (line.contains(QLatin1String(":line ")) && dotNetFrame().match(line).hasMatch())
            return StackTrace::Dialect::DotNet;
        if (javaFrame().match(line).hasMatch() && line.contains(QLatin1Char('(')) && !line.contains(QLatin1Char(' ')))
            return StackTrace::Dialect::Java;
        if (line.trimmed().startsWith(QLatin1String("at "))) {
            const QString rest = line.trimmed().mid(3);
            if (javaFrame().match(line).hasMatch() && !rest.contains(QLatin1Char(' ')) && rest.contains(QLatin1String(".java:")))
                return StackTrace::Dialect::Java;
            if (rest.contains(QLatin1String(" in ")) || rest.contains(QLatin1String("+<")) || rest.startsWith(QLatin1String("System.")))
                return StackTrace::Dialect::DotNet;
            return StackTrace::Dialect::JavaScript;
        }
    }
    return StackTrace::Dialect::Unknown;
}

} // namespace

QString StackTrace::dialectName(Dialect dialect)
{
    switch (dialect) {
    case Dialect::Java:
        return QStringLiteral("Java");
    case Dialect::Go:
        return QStringLiteral("Go");
    case Dialect::Python:
        return QStringLiteral("Python");
    case Dialect::JavaScript:
        return QStringLiteral("TypeScript/JavaScript");
    case Dialect::DotNet:
        return QStringLiteral(".NET");
    case Dialect::Unknown:
        break;
    }
    return {};
}

StackTrace StackTrace::parse(const QString& text)
{
    StackTrace trace;
    QString normalized = text;
    normalized.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    QStringList lines = normalized.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    while (!lines.isEmpty() && lines.first().trimmed().isEmpty())
        lines.removeFirst();
    trace.m_dialect = guess(lines);

    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString& line = lines[i];
        // Python 3.11's markers under a code line (^^^^ ~~~~) say nothing a reader of the frame needs.
        static const QRegularExpression markers(QStringLiteral(R"(^\s*[\^~]+\s*$)"));
        if (trace.m_dialect == Dialect::Python && markers.match(line).hasMatch())
            continue;
        StackFrame frame;
        frame.text = line;
        switch (trace.m_dialect) {
        case Dialect::Java:
            if (const auto match = javaFrame().match(line); match.hasMatch()) {
                frame.file = match.captured(2);
                frame.line = match.captured(3).toInt();
                frame.user = !isJavaLibrary(match.captured(1));
            }
            break;
        case Dialect::Go:
            // A function line, then where it is: one frame.
            if (i + 1 < lines.size() && !line.startsWith(QLatin1Char('\t'))) {
                if (const auto match = goLocation().match(lines[i + 1]); match.hasMatch()) {
                    frame.text = line + QStringLiteral("  ·  ") + lines[i + 1].trimmed();
                    frame.file = match.captured(1);
                    frame.line = match.captured(2).toInt();
                    frame.user = !isGoLibrary(line, frame.file);
                    ++i;
                }
            }
            break;
        case Dialect::Python:
            if (const auto match = pythonFrame().match(line); match.hasMatch()) {
                frame.file = match.captured(1);
                frame.line = match.captured(2).toInt();
                frame.user = !isPythonLibrary(frame.file);
                // The source line under it belongs to the frame.
                if (i + 1 < lines.size() && !pythonFrame().match(lines[i + 1]).hasMatch()
                    && lines[i + 1].startsWith(QLatin1String("    ")) && !markers.match(lines[i + 1]).hasMatch()) {
                    frame.text = line.trimmed() + QStringLiteral("  ·  ") + lines[i + 1].trimmed();
                    ++i;
                } else {
                    frame.text = line.trimmed();
                }
            }
            break;
        case Dialect::JavaScript:
            if (const auto match = javaScriptFrame().match(line); match.hasMatch()) {
                const QString location = match.captured(2).isEmpty() ? match.captured(3) : match.captured(2);
                if (const auto where = javaScriptLocation().match(location); where.hasMatch()) {
                    frame.file = where.captured(1);
                    frame.line = where.captured(2).toInt();
                }
                frame.user = !frame.file.isEmpty() && !isJavaScriptLibrary(location);
                frame.text = line.trimmed();
            }
            break;
        case Dialect::DotNet:
            if (const auto match = dotNetFrame().match(line); match.hasMatch()) {
                frame.file = match.captured(2);
                frame.line = match.captured(3).toInt();
                frame.user = !isDotNetLibrary(match.captured(1));
                frame.text = line.trimmed();
            }
            break;
        case Dialect::Unknown:
            break;
        }
        trace.m_frames.push_back(std::move(frame));
    }
    return trace;
}

} // namespace hl
