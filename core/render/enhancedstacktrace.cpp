#include "render/enhancedstacktrace.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace hl {

namespace {

// Line `line` (from 1) of `content`, without reading more of it than needed.
QString lineOf(const QString& content, int line)
{
    if (line <= 0)
        return {};
    qsizetype start = 0;
    for (int current = 1; current < line; ++current) {
        start = content.indexOf(QLatin1Char('\n'), start);
        if (start < 0)
            return {};
        ++start;
    }
    qsizetype end = content.indexOf(QLatin1Char('\n'), start);
    if (end < 0)
        end = content.size();
    return content.mid(start, std::min<qsizetype>(end - start, EnhancedStackTrace::kMaxSourceLine)).trimmed();
}

} // namespace

EnhancedStackTrace EnhancedStackTrace::fromJson(const QJsonValue& answer)
{
    EnhancedStackTrace trace;
    const QJsonObject object = answer.toObject();
    const QJsonObject sdk = object.value(QStringLiteral("sdk")).toObject();
    trace.m_sdk = QStringLiteral("%1 %2").arg(sdk.value(QStringLiteral("name")).toString(), sdk.value(QStringLiteral("version")).toString()).trimmed();
    const QJsonObject sources = object.value(QStringLiteral("sources")).toObject();
    const bool outermostFirst = sdk.value(QStringLiteral("name")).toString() == QLatin1String("sdk-python");
    for (const auto& stackValue : object.value(QStringLiteral("stacks")).toArray()) {
        if (int(trace.m_stacks.size()) >= kMaxStacks) {
            trace.m_truncated = true;
            break;
        }
        std::vector<Frame> frames;
        for (const auto& locationValue : stackValue.toObject().value(QStringLiteral("locations")).toArray()) {
            if (int(frames.size()) >= kMaxFrames) {
                trace.m_truncated = true;
                break;
            }
            const QJsonObject location = locationValue.toObject();
            Frame frame;
            frame.function = location.value(QStringLiteral("functionName")).toString();
            frame.file = location.value(QStringLiteral("filePath")).toString();
            frame.line = location.value(QStringLiteral("line")).toInt();
            frame.column = location.value(QStringLiteral("column")).toInt();
            // A source may be a slice of its file: its first line is line `lineOffset` + 1.
            if (const QJsonValue source = sources.value(frame.file); source.isObject())
                frame.code = lineOf(source.toObject().value(QStringLiteral("content")).toString(),
                                    frame.line - source.toObject().value(QStringLiteral("lineOffset")).toInt());
            frames.push_back(std::move(frame));
        }
        // The Python SDK lists a stack outermost first (the TypeScript SDK, from V8's call sites, innermost first); a
        // reader starts where it waits.
        if (outermostFirst)
            std::reverse(frames.begin(), frames.end());
        if (!frames.empty())
            trace.m_stacks.push_back(std::move(frames));
    }
    return trace;
}

bool EnhancedStackTrace::dropQueryHandlers()
{
    const auto before = m_stacks.size();
    m_stacks.erase(std::remove_if(m_stacks.begin(), m_stacks.end(),
                                  [](const std::vector<Frame>& frames) {
                                      return std::any_of(frames.begin(), frames.end(), [](const Frame& frame) {
                                          return frame.function == QLatin1String("run_query")
                                              && frame.file.endsWith(QLatin1String("temporalio/worker/_workflow_instance.py"));
                                      });
                                  }),
                   m_stacks.end());
    return m_stacks.size() != before;
}

QStringList EnhancedStackTrace::lines(bool shortPaths) const
{
    QStringList lines;
    if (!m_sdk.isEmpty())
        lines << QStringLiteral("From %1").arg(m_sdk);
    const int count = int(m_stacks.size());
    for (int s = 0; s < count; ++s) {
        lines << QString() << QStringLiteral("Stack %1 of %2:").arg(s + 1).arg(count);
        for (const Frame& frame : m_stacks[size_t(s)]) {
            QString where = frame.file;
            if (shortPaths && where.count(QLatin1Char('/')) > 3)
                where = QStringLiteral("…/") + where.section(QLatin1Char('/'), -3);
            if (frame.line > 0)
                where += QStringLiteral(":%1").arg(frame.line);
            lines << QStringLiteral("  %1  %2").arg(frame.function.isEmpty() ? QStringLiteral("?") : frame.function, where);
            if (!frame.code.isEmpty())
                lines << QStringLiteral("      ") + frame.code;
        }
    }
    if (m_truncated)
        lines << QString() << QStringLiteral("(more stacks or frames than are shown)");
    return lines;
}

} // namespace hl
