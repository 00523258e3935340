#include "cli/timelinecommand.h"

#include "json/prototime.h"
#include "picture/timelineexport.h"
#include "timeline/timelinebuilder.h"
#include "timeline/timelinejson.h"
#include "support/terminaltext.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QIODevice>
#include <QRegularExpression>

#include <memory>

namespace hl {

TimelineCommand::TimelineCommand()
    : m_from(QStringLiteral("from"),
             QStringLiteral("Start of the range drawn: a time (2026-12-04T10:00:00Z) or an offset from the workflow's start "
                            "(+90s, +250ms, +1.5h, +2d)"),
             QStringLiteral("T")),
      m_to(QStringLiteral("to"), QStringLiteral("End of the range drawn, as --from"), QStringLiteral("T")),
      m_width(QStringLiteral("width"), QStringLiteral("Width of the picture in pixels (default 1600)"), QStringLiteral("PX")),
      m_collapseIdle(QStringLiteral("collapse-idle"), QStringLiteral("Fold stretches where nothing runs into break marks")),
      m_workflowTasks(QStringLiteral("workflow-tasks"), QStringLiteral("Draw the workflow tasks' lane")),
      m_ungrouped(QStringLiteral("ungrouped"),
                  QStringLiteral("A row per lane even past %1 lanes (grouped by type there otherwise)").arg(TimelineRows::kGroupAt)),
      m_time(QStringLiteral("time"), QStringLiteral("Axis labels: utc (default), local or relative (since the start)"),
             QStringLiteral("FORMAT")),
      m_theme(QStringLiteral("theme"), QStringLiteral("light (default) or dark"), QStringLiteral("THEME"))
{
}

void TimelineCommand::addTo(QCommandLineParser& parser) const
{
    parser.addOptions({m_from, m_to, m_width, m_collapseIdle, m_workflowTasks, m_ungrouped, m_time, m_theme});
}

QString TimelineCommand::check(const QCommandLineParser& parser, const QString& output)
{
    if (output != QLatin1String("svg") && output != QLatin1String("png") && output != QLatin1String("json"))
        return QStringLiteral("unknown output format '%1' (use svg, png or json)").arg(output);
    m_output = output;
    m_fromText = parser.value(m_from);
    m_toText = parser.value(m_to);
    if (!m_fromText.isEmpty() && !parseTime(m_fromText, 0))
        return QStringLiteral("--from takes a time (2026-12-04T10:00:00Z) or an offset from the start (+90s), not %1").arg(m_fromText);
    if (!m_toText.isEmpty() && !parseTime(m_toText, 0))
        return QStringLiteral("--to takes a time (2026-12-04T10:00:00Z) or an offset from the start (+90s), not %1").arg(m_toText);
    if (parser.isSet(m_width)) {
        bool ok = false;
        m_widthPx = parser.value(m_width).toInt(&ok);
        if (!ok || m_widthPx < 400 || m_widthPx > 16384)
            return QStringLiteral("--width takes a whole number of pixels from 400 to 16384");
    }
    m_collapse = parser.isSet(m_collapseIdle);
    m_tasks = parser.isSet(m_workflowTasks);
    m_flat = parser.isSet(m_ungrouped);
    if (parser.isSet(m_time)) {
        m_timeFormat = parser.value(m_time);
        if (m_timeFormat != QLatin1String("utc") && m_timeFormat != QLatin1String("local") && m_timeFormat != QLatin1String("relative"))
            return QStringLiteral("--time takes utc, local or relative");
    }
    if (parser.isSet(m_theme)) {
        const QString theme = parser.value(m_theme);
        if (theme != QLatin1String("light") && theme != QLatin1String("dark"))
            return QStringLiteral("--theme takes light or dark");
        m_dark = theme == QLatin1String("dark");
    }
    return {};
}

std::optional<int64_t> TimelineCommand::parseTime(const QString& text, int64_t start)
{
    static const QRegularExpression offset(QStringLiteral("^\\+(\\d+(?:\\.\\d+)?)(us|µs|ms|s|m|h|d)$"));
    if (const QRegularExpressionMatch match = offset.match(text); match.hasMatch()) {
        const double value = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        const double scale = unit == QLatin1String("us") || unit == QStringLiteral("µs") ? 1.0
                             : unit == QLatin1String("ms")                              ? 1e3
                             : unit == QLatin1String("s")                               ? 1e6
                             : unit == QLatin1String("m")                               ? 60e6
                             : unit == QLatin1String("h")                               ? 3600e6
                                                                                        : 86400e6;
        const double micros = value * scale;
        if (micros > 1e17)
            return std::nullopt;
        return start + int64_t(micros);
    }
    int64_t seconds = 0;
    int32_t nanos = 0;
    const QByteArray utf8 = text.toUtf8();
    if (!ProtoTime::parseTimestamp(std::string_view(utf8.constData(), size_t(utf8.size())), &seconds, &nanos))
        return std::nullopt;
    return seconds * 1000000 + nanos / 1000;
}

int TimelineCommand::write(const History& history, const PayloadContext& context, bool live, QIODevice& out, QIODevice& err) const
{
    auto fail = [&err](const QString& message) {
        err.write(QStringLiteral("historylens-cli: %1\n").arg(TerminalText::clean(message)).toUtf8());
        return 1;
    };
    if (history.isEmpty())
        return fail(QStringLiteral("the history has no events"));
    // A file is a snapshot: what was open stays open up to its last event. A frontend's open workflow runs until now.
    const int64_t lastEvent = TimelineBuilder::timeOf(history.event(history.eventCount() - 1));
    const int64_t now = live ? std::max<int64_t>(lastEvent, QDateTime::currentMSecsSinceEpoch() * 1000) : lastEvent;
    auto timeline = std::make_shared<const Timeline>(TimelineBuilder::build(history, context, now));
    const int64_t from = m_fromText.isEmpty() ? timeline->start() : *parseTime(m_fromText, timeline->start());
    // A history whose events share one instant still gets a millisecond to be drawn in.
    const int64_t to = m_toText.isEmpty() ? std::max(timeline->end(), from + 1000) : *parseTime(m_toText, timeline->start());
    if (to <= from)
        return fail(QStringLiteral("--to must come after --from"));
    if (m_output == QLatin1String("json")) {
        const std::string json = TimelineJson::write(*timeline, history, from, to);
        return out.write(json.data(), qint64(json.size())) == qint64(json.size()) ? 0 : fail(QStringLiteral("cannot write the output"));
    }
    TimelineRows::Options options;
    options.workflowTasks = m_tasks;
    options.grouped = !m_flat && int(timeline->lanes().size()) > TimelineRows::kGroupAt;
    TimelineRows rows(timeline, options);
    const TimelineScale scale = m_collapse ? TimelineScale::collapsingIdle(*timeline, m_tasks)
                                           : TimelineScale(timeline->start(), std::max(timeline->end(), timeline->start() + 1000));
    TimelineExport::Picture picture;
    picture.rows = &rows;
    picture.scale = &scale;
    picture.width = m_widthPx;
    picture.font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    picture.title = QStringLiteral("%1 %2").arg(history.workflowType(), history.workflowId());
    picture.view.axisFrom = scale.toAxis(std::clamp(from, scale.start(), scale.end()));
    picture.view.axisTo = std::max(picture.view.axisFrom + 1, scale.toAxis(std::clamp(to, scale.start(), scale.end())));
    picture.view.format = m_timeFormat == QLatin1String("local") ? TimelineTicks::Format::Local
                          : m_timeFormat == QLatin1String("relative") ? TimelineTicks::Format::SinceStart
                                                                      : TimelineTicks::Format::Utc;
    picture.view.dark = m_dark;
    auto written = TimelineExport::write(picture, m_output == QLatin1String("png") ? TimelineExport::Format::Png : TimelineExport::Format::Svg, out);
    return written ? 0 : fail(written.error().message);
}

} // namespace hl
