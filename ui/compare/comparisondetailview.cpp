#include "ui/compare/comparisondetailview.h"

#include "diff/comparisondetail.h"
#include "render/eventgroups.h"

#include "session/workthreads.h"

#include <QFutureWatcher>
#include <QGuiApplication>
#include <QPalette>

namespace hl {

namespace {

using Status = HistoryComparison::Status;
using Colours = ComparisonDetailView::Colours;

Colours coloursNow()
{
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    if (dark)
        return {QStringLiteral("#4b2326"), QStringLiteral("#1f4229"), QStringLiteral("#ff9c9c"), QStringLiteral("#86e09a"),
                QStringLiteral("#8c8c8c"), QStringLiteral("#555555")};
    return {QStringLiteral("#fde2e1"), QStringLiteral("#dcf4e1"), QStringLiteral("#b42318"), QStringLiteral("#1a7f37"),
            QStringLiteral("#6e6e6e"), QStringLiteral("#d0d0d0")};
}

QString escaped(const QString& text)
{
    return text.toHtmlEscaped();
}

QString stepHeading(const HistorySteps& side, const HistorySteps::Step* step, const QString& label)
{
    if (!step)
        return QObject::tr("<b>%1</b>: <i>no such step</i>").arg(label);
    return QStringLiteral("<b>%1</b>: %2 <span style='color:gray'>(%3)</span>").arg(label, escaped(step->title), side.eventRange(*step));
}

// A value's line diff as table rows, long unchanged stretches folded to their context.
QString diffRows(const std::vector<TextDiff::Line>& lines, const Colours& colours)
{
    QString html;
    const int n = int(lines.size());
    std::vector<bool> keep(size_t(n), false);
    for (int i = 0; i < n; ++i) {
        if (lines[size_t(i)].kind == TextDiff::Kind::Same)
            continue;
        for (int k = std::max(0, i - ComparisonDetailView::kContextLines); k <= std::min(n - 1, i + ComparisonDetailView::kContextLines); ++k)
            keep[size_t(k)] = true;
    }
    int drawn = 0;
    for (int i = 0; i < n;) {
        if (drawn >= ComparisonDetailView::kMaxDiffLines) {
            html += QStringLiteral("<tr><td colspan='2' style='color:%1'>⋯ %2</td></tr>")
                        .arg(colours.dim, QObject::tr("%1 more lines not drawn; the paths above name every change").arg(n - i));
            break;
        }
        ++drawn;
        if (!keep[size_t(i)]) {
            int j = i;
            while (j < n && !keep[size_t(j)])
                ++j;
            html += QStringLiteral("<tr><td colspan='2' style='color:%1'>⋯ %2</td></tr>")
                        .arg(colours.dim, j - i == 1 ? QObject::tr("1 unchanged line") : QObject::tr("%1 unchanged lines").arg(j - i));
            i = j;
            continue;
        }
        const TextDiff::Line& line = lines[size_t(i++)];
        QString sign = QStringLiteral("&nbsp;");
        QString style;
        if (line.kind == TextDiff::Kind::Removed) {
            sign = QStringLiteral("−");
            style = QStringLiteral(" style='background:%1;color:%2'").arg(colours.removed, colours.removedInk);
        } else if (line.kind == TextDiff::Kind::Added) {
            sign = QStringLiteral("+");
            style = QStringLiteral(" style='background:%1;color:%2'").arg(colours.added, colours.addedInk);
        }
        html += QStringLiteral("<tr%1><td width='18' align='center'>%2</td><td width='100%'><pre style='margin:0'>%3</pre></td></tr>")
                    .arg(style, sign, escaped(line.text));
    }
    return html;
}

QString valueBlock(const QString& value, const Colours& colours, const QString& style = {})
{
    QStringList lines = value.split(QLatin1Char('\n'));
    QString more;
    if (lines.size() > ComparisonDetailView::kEqualValueLines) {
        more = QStringLiteral("<div style='color:%1'>⋯ %2</div>")
                   .arg(colours.dim, QObject::tr("%1 more lines").arg(lines.size() - ComparisonDetailView::kEqualValueLines));
        lines.resize(ComparisonDetailView::kEqualValueLines);
    }
    return QStringLiteral("<pre style='margin:0 0 0 12px%1'>%2</pre>%3").arg(style, escaped(lines.join(QLatin1Char('\n'))), more);
}

} // namespace

ComparisonDetailView::ComparisonDetailView(QWidget* parent) : QTextBrowser(parent)
{
    setOpenLinks(false);
    setPlaceholderText(tr("Select a step to see how its two runs differ"));
}

void ComparisonDetailView::showRow(std::shared_ptr<const HistoryComparison> comparison, const HistoryComparison::Row* row)
{
    if (comparison == m_comparison && row == m_row && row)
        return; // shown already
    m_comparison = std::move(comparison);
    m_row = m_comparison ? row : nullptr;
    refresh();
}

// The values are decoded, pretty-printed and diffed on the CPU pool; the pane keeps what it shows until the new
// text arrives, and a text for a row no longer selected is dropped.
void ComparisonDetailView::refresh()
{
    const int generation = ++m_generation;
    if (!m_row) {
        m_building = false;
        clear();
        return;
    }
    m_building = true;
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_building = false;
        setHtml(watcher->result());
        Q_EMIT shown();
    });
    watcher->setFuture(WorkThreads::instance().futureOnCpu(
        [comparison = m_comparison, row = m_row, colours = coloursNow()] { return html(*comparison, *row, colours); }));
}

QString ComparisonDetailView::html(const HistoryComparison& comparison, const HistoryComparison::Row& row, const Colours& colours)
{
    const HistorySteps::Step* stepA = comparison.stepOf(row, true);
    const HistorySteps::Step* stepB = comparison.stepOf(row, false);

    QString html = QStringLiteral("<div>%1</div><div>%2</div>")
                       .arg(stepHeading(comparison.a(), stepA, tr("A")), stepHeading(comparison.b(), stepB, tr("B")));
    switch (row.status) {
    case Status::Same: html += tr("<p>The same in both runs.</p>"); break;
    case Status::OnlyA: html += tr("<p>Only A has this step.</p>"); break;
    case Status::OnlyB: html += tr("<p>Only B has this step.</p>"); break;
    case Status::Moved: html += tr("<p>Both runs have this step, at another place: A's step %1 is B's step %2.</p>").arg(row.a + 1).arg(row.b + 1); break;
    case Status::Changed:
        html += row.differences.size() == 1 ? tr("<p>1 difference:</p>") : tr("<p>%1 differences:</p>").arg(row.differences.size());
        break;
    }
    // A timing reads as a duration; the comparison keeps it in milliseconds.
    auto valueText = [](const HistoryComparison::Difference& difference, const QJsonValue& value) {
        if (difference.field.startsWith(QLatin1String("timing.")) && value.isDouble())
            return EventGroups::durationText(qint64(value.toDouble()));
        return ComparisonDetail::oneLine(value, 120);
    };
    // Each difference: its path and kind, then A's value (−) and B's (+), one line each.
    int listed = 0;
    for (const auto& difference : row.differences) {
        if (++listed > ComparisonDetailView::kMaxListedDifferences) {
            html += QStringLiteral("<div style='color:%1'>⋯ %2</div>")
                        .arg(colours.dim, tr("%1 more differences").arg(row.differences.size() - size_t(kMaxListedDifferences)));
            break;
        }
        html += QStringLiteral("<div style='margin-top:4px'><tt><b>%1</b></tt> <span style='color:%2'>%3</span></div>")
                    .arg(escaped(difference.path), colours.dim, JsonDiff::kindName(difference.kind));
        if (!difference.a.isUndefined())
            html += QStringLiteral("<div style='margin-left:12px;color:%1'><tt>−&nbsp;%2</tt></div>")
                        .arg(colours.removedInk, escaped(valueText(difference, difference.a)));
        if (!difference.b.isUndefined())
            html += QStringLiteral("<div style='margin-left:12px;color:%1'><tt>+&nbsp;%2</tt></div>")
                        .arg(colours.addedInk, escaped(valueText(difference, difference.b)));
    }

    for (const ComparisonDetail::FieldPair& field : ComparisonDetail::of(comparison, row)) {
        html += QStringLiteral("<hr style='color:%1'/><div><b><tt>%2</tt></b>").arg(colours.rule, escaped(field.name));
        if (field.differs && field.inA && field.inB) {
            html += QStringLiteral("</div><table cellspacing='0' cellpadding='1' width='100%'>%1</table>").arg(diffRows(field.lines, colours));
        } else if (field.inA && field.inB) {
            html += QStringLiteral(" <span style='color:%1'>%2</span></div>").arg(colours.dim, tr("the same")) + valueBlock(field.a, colours);
        } else if (field.inA) {
            html += QStringLiteral(" <span style='color:%1'>%2</span></div>").arg(colours.removedInk, tr("only in A"))
                    + valueBlock(field.a, colours, QStringLiteral(";color:%1").arg(colours.removedInk));
        } else {
            html += QStringLiteral(" <span style='color:%1'>%2</span></div>").arg(colours.addedInk, tr("only in B"))
                    + valueBlock(field.b, colours, QStringLiteral(";color:%1").arg(colours.addedInk));
        }
    }
    return html;
}

} // namespace hl
