#pragma once

#include "history/history.h"
#include "render/payloadcontext.h"

#include <QCommandLineOption>
#include <QString>

#include <optional>

class QCommandLineParser;
class QIODevice;

namespace hl {

// `historylens-cli timeline`: a history's timeline as SVG, PNG or its lane model as JSON, for reports and CI
// artifacts. The source options are show's; this adds the picture's.
class TimelineCommand {
public:
    TimelineCommand();

    void addTo(QCommandLineParser& parser) const;
    // Checks the options; an empty string when they are fine, else what is wrong.
    QString check(const QCommandLineParser& parser, const QString& output);
    // Writes the timeline of `history` to `out`; `live` for a frontend's open workflow ("now" is the clock, not the
    // last event). Returns the exit code; errors go to `err`.
    int write(const History& history, const PayloadContext& context, bool live, QIODevice& out, QIODevice& err) const;

    // "2026-12-04T10:00:00Z", or "+90s", "+1.5h", "+250ms" after the workflow's start; nullopt when unreadable.
    static std::optional<int64_t> parseTime(const QString& text, int64_t start);

    static constexpr const char* kOutputHelp = "svg (default), png (to a file: > timeline.png) or json (the lane model)";

private:
    QCommandLineOption m_from;
    QCommandLineOption m_to;
    QCommandLineOption m_width;
    QCommandLineOption m_collapseIdle;
    QCommandLineOption m_workflowTasks;
    QCommandLineOption m_ungrouped;
    QCommandLineOption m_time;
    QCommandLineOption m_theme;

    QString m_output;
    QString m_fromText;
    QString m_toText;
    int m_widthPx = 1600;
    bool m_collapse = false;
    bool m_tasks = false;
    bool m_flat = false;
    QString m_timeFormat = QStringLiteral("utc");
    bool m_dark = false;
};

} // namespace hl
