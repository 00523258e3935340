#include "ui/compare/comparisonmodel.h"

#include "diff/comparisondetail.h"
#include "render/eventgroups.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include <cmath>

namespace hl {

namespace {

using Status = HistoryComparison::Status;

bool darkPalette()
{
    return QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
}

// A row's tint: amber for a step that differs, red for what only A has, green for what only B has, blue for a step
// that moved.
QColor tint(Status status)
{
    const bool dark = darkPalette();
    switch (status) {
    case Status::Changed: return dark ? QColor(0x4a, 0x3f, 0x1c) : QColor(0xff, 0xf2, 0xcc);
    case Status::OnlyA: return dark ? QColor(0x52, 0x24, 0x27) : QColor(0xfd, 0xdf, 0xdf);
    case Status::OnlyB: return dark ? QColor(0x1f, 0x44, 0x2a) : QColor(0xdc, 0xf4, 0xe1);
    case Status::Moved: return dark ? QColor(0x22, 0x36, 0x55) : QColor(0xe0, 0xea, 0xfb);
    case Status::Same: break;
    }
    return {};
}

QColor ink(Status status)
{
    const bool dark = darkPalette();
    switch (status) {
    case Status::Changed: return dark ? QColor(0xf0, 0xc6, 0x5a) : QColor(0x8a, 0x5a, 0x00);
    case Status::OnlyA: return dark ? QColor(0xff, 0x8a, 0x8a) : QColor(0xb4, 0x23, 0x18);
    case Status::OnlyB: return dark ? QColor(0x7d, 0xd8, 0x8f) : QColor(0x1a, 0x7f, 0x37);
    case Status::Moved: return dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x1a, 0x56, 0xc4);
    case Status::Same: break;
    }
    return {};
}

// Tooltips are shown as rich text when they look like it: titles, paths and values are escaped.
QString toolTip(const QString& text)
{
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped());
}

QString durationOf(int64_t micros)
{
    return EventGroups::durationText(micros / 1000);
}

// "duration +3.20s", "result[0].stock changed", "memo.region added"
QString describe(const HistoryComparison::Difference& difference)
{
    if (difference.field.startsWith(QLatin1String("timing.")) && difference.a.isDouble() && difference.b.isDouble()) {
        const double delta = difference.b.toDouble() - difference.a.toDouble(); // milliseconds
        const QString what = difference.field == QLatin1String("timing.duration") ? QObject::tr("took") : QObject::tr("started");
        return QStringLiteral("%1 %2%3").arg(what, delta < 0 ? QStringLiteral("−") : QStringLiteral("+"),
                                               EventGroups::durationText(qint64(std::abs(delta))));
    }
    switch (difference.kind) {
    case JsonDiff::Kind::Added: return QObject::tr("%1 added").arg(difference.path);
    case JsonDiff::Kind::Removed: return QObject::tr("%1 removed").arg(difference.path);
    case JsonDiff::Kind::Changed: break;
    }
    if (difference.field == difference.path && !difference.a.isObject() && !difference.a.isArray() && !difference.b.isObject()
        && !difference.b.isArray())
        return QStringLiteral("%1: %2 → %3").arg(difference.path, ComparisonDetail::oneLine(difference.a, 24),
                                                ComparisonDetail::oneLine(difference.b, 24));
    return QObject::tr("%1 changed").arg(difference.path);
}

} // namespace

ComparisonModel::ComparisonModel(QObject* parent) : QAbstractTableModel(parent) {}

void ComparisonModel::setComparison(std::shared_ptr<const HistoryComparison> comparison)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    rebuild();
    endResetModel();
}

void ComparisonModel::setShowUnchanged(bool show)
{
    if (show == m_showUnchanged)
        return;
    beginResetModel();
    m_showUnchanged = show;
    rebuild();
    endResetModel();
}

void ComparisonModel::rebuild()
{
    m_entries.clear();
    m_movedEarlier.clear();
    if (!m_comparison)
        return;
    // A moved step came earlier in A when A had it before the step A has just before its place in B's order.
    int lastA = -1;
    for (size_t i = 0; i < m_comparison->rows().size(); ++i) {
        const HistoryComparison::Row& row = m_comparison->rows()[i];
        if (row.status == Status::Moved)
            m_movedEarlier.emplace(int(i), row.a < lastA);
        else if (row.a >= 0)
            lastA = row.a;
    }
    m_entries.push_back({-1, 0});
    const auto& rows = m_comparison->rows();
    const int n = int(rows.size());
    m_entries.reserve(size_t(n) + 1);
    for (int i = 0; i < n;) {
        if (rows[size_t(i)].status != Status::Same) {
            m_entries.push_back({i++, 0});
            continue;
        }
        int j = i;
        while (j < n && rows[size_t(j)].status == Status::Same)
            ++j;
        // Context only where there is a difference to be beside.
        const int lead = i > 0 ? kContext : 0;
        const int trail = j < n ? kContext : 0;
        if (m_showUnchanged || j - i <= lead + trail + 1) {
            for (int k = i; k < j; ++k)
                m_entries.push_back({k, 0});
        } else {
            for (int k = i; k < i + lead; ++k)
                m_entries.push_back({k, 0});
            m_entries.push_back({i + lead, j - i - lead - trail});
            for (int k = j - trail; k < j; ++k)
                m_entries.push_back({k, 0});
        }
        i = j;
    }
}

bool ComparisonModel::isFold(int row) const
{
    return row >= 0 && row < int(m_entries.size()) && m_entries[size_t(row)].count > 0;
}

void ComparisonModel::unfold(int row)
{
    if (!isFold(row))
        return;
    // The fold's row becomes its first step (the selection stays on it), the others come after it.
    const Entry fold = m_entries[size_t(row)];
    m_entries[size_t(row)] = {fold.index, 0};
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    if (fold.count > 1) {
        beginInsertRows({}, row + 1, row + fold.count - 1);
        std::vector<Entry> steps;
        steps.reserve(size_t(fold.count - 1));
        for (int k = 1; k < fold.count; ++k)
            steps.push_back({fold.index + k, 0});
        m_entries.insert(m_entries.begin() + row + 1, steps.begin(), steps.end());
        endInsertRows();
    }
    Q_EMIT unfolded(row);
}

const HistoryComparison::Row* ComparisonModel::comparisonRow(int row) const
{
    if (!m_comparison || row < 0 || row >= int(m_entries.size()) || m_entries[size_t(row)].count > 0)
        return nullptr;
    const int index = m_entries[size_t(row)].index;
    return index < 0 ? &m_comparison->workflow() : &m_comparison->rows()[size_t(index)];
}

int ComparisonModel::tableRowOf(int comparisonRowIndex)
{
    for (int row = 0; row < int(m_entries.size()); ++row) {
        const Entry& entry = m_entries[size_t(row)];
        if (entry.count == 0 && entry.index == comparisonRowIndex)
            return row;
        if (entry.count > 0 && comparisonRowIndex >= entry.index && comparisonRowIndex < entry.index + entry.count) {
            unfold(row);
            return row + comparisonRowIndex - entry.index;
        }
    }
    return -1;
}

int ComparisonModel::nextDifference(int row, bool backwards) const
{
    const int step = backwards ? -1 : 1;
    for (int at = row + step; at >= 0 && at < int(m_entries.size()); at += step) {
        const HistoryComparison::Row* each = comparisonRow(at);
        if (each && each->status != Status::Same)
            return at;
    }
    return -1;
}

int ComparisonModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ComparisonModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StepA: return tr("Step in A");
    case StepB: return tr("Step in B");
    case OutcomeA:
    case OutcomeB: return tr("Outcome");
    case TimeA:
    case TimeB: return tr("Start · took");
    case Difference: return tr("Difference");
    default: return {};
    }
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_entries.size()))
        return {};
    const Entry& entry = m_entries[size_t(index.row())];
    if (entry.count > 0) {
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == StepA ? (entry.count == 1 ? tr("⋯ 1 unchanged step") : tr("⋯ %1 unchanged steps").arg(entry.count))
                                           : QVariant();
        case Qt::ToolTipRole: return tr("Double-click or press Enter to show them");
        case Qt::ForegroundRole: return QGuiApplication::palette().brush(QPalette::PlaceholderText);
        case Qt::TextAlignmentRole: return int(Qt::AlignCenter);
        case StatusRole: return -1;
        case IsFoldRole: return true;
        default: return {};
        }
    }
    const HistoryComparison::Row& row = entry.index < 0 ? m_comparison->workflow() : m_comparison->rows()[size_t(entry.index)];
    const bool isWorkflow = entry.index < 0;
    const Status status = row.status;
    if (role == StatusRole)
        return int(status);
    if (role == IsFoldRole)
        return false;
    if (role == Qt::FontRole && isWorkflow) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (index.column() == Difference) {
        switch (role) {
        case Qt::DisplayRole: return differenceText(row);
        case Qt::ForegroundRole: return status == Status::Same ? QVariant() : QVariant(QBrush(ink(status)));
        case Qt::BackgroundRole: return status == Status::Same ? QVariant() : QVariant(QBrush(tint(status)));
        case Qt::ToolTipRole: {
            QStringList lines;
            for (const auto& difference : row.differences) {
                if (lines.size() == 30) {
                    lines << tr("… and %1 more").arg(row.differences.size() - 30);
                    break;
                }
                lines << QStringLiteral("%1: %2 → %3").arg(difference.path, ComparisonDetail::oneLine(difference.a, 80),
                                                          ComparisonDetail::oneLine(difference.b, 80));
            }
            return lines.isEmpty() ? QVariant() : QVariant(toolTip(lines.join(QLatin1Char('\n'))));
        }
        default: return {};
        }
    }
    const bool sideA = index.column() < Difference;
    return sideData(row, sideA, sideA ? index.column() : index.column() - StepB, role);
}

QVariant ComparisonModel::sideData(const HistoryComparison::Row& row, bool sideA, int column, int role) const
{
    const bool isWorkflow = &row == &m_comparison->workflow();
    const HistorySteps& side = sideA ? m_comparison->a() : m_comparison->b();
    const HistorySteps::Step* step = m_comparison->stepOf(row, sideA);
    const Status status = row.status;
    if (!step) {
        // What the other side has and this one lacks: a hatched gap.
        if (role == Qt::BackgroundRole) {
            QColor hatch = QGuiApplication::palette().color(QPalette::Mid);
            hatch.setAlpha(150);
            return QBrush(hatch, Qt::BDiagPattern);
        }
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case 0: return step->title;
        case 1:
            return step->attempts > 1 ? tr("%1 · %2 attempts").arg(step->outcome.isEmpty() ? tr("Open") : step->outcome).arg(step->attempts)
                                      : step->outcome;
        case 2:
            return isWorkflow ? durationOf(step->duration)
                              : QStringLiteral("+%1 · %2").arg(durationOf(step->startOffset), durationOf(step->duration));
        default: return {};
        }
    case Qt::ToolTipRole: {
        const QString range = side.eventRange(*step);
        return toolTip(QStringLiteral("%1\n%2 (%3)").arg(step->title, range, sideA ? tr("A") : tr("B")));
    }
    case Qt::BackgroundRole: {
        // Only what differs is tinted: both sides of a changed or moved step, the one side of a lone step.
        if (status == Status::Same || (status == Status::OnlyA && !sideA) || (status == Status::OnlyB && sideA))
            return {};
        return QBrush(tint(status));
    }
    case Qt::ForegroundRole:
        if (column == 1 && (step->outcome == QLatin1String("Failed") || step->outcome == QLatin1String("TimedOut")
                            || step->outcome == QLatin1String("Terminated")))
            return QBrush(ink(Status::OnlyA));
        return {};
    default: return {};
    }
}

QString ComparisonModel::differenceText(const HistoryComparison::Row& row) const
{
    switch (row.status) {
    case Status::Same: return {};
    case Status::OnlyA: return tr("only in A");
    case Status::OnlyB: return tr("only in B");
    case Status::Moved: {
        const auto earlier = m_movedEarlier.find(int(&row - m_comparison->rows().data()));
        const QString where = earlier != m_movedEarlier.end() && earlier->second ? tr("moved: earlier in A") : tr("moved: later in A");
        // The first difference of a moved step is its place ("order"); the rest are its fields'.
        const qsizetype more = qsizetype(row.differences.size()) - 1;
        return more > 0 ? tr("%1, %2 more").arg(where).arg(more) : where;
    }
    case Status::Changed: break;
    }
    if (row.differences.empty())
        return {};
    const QString first = describe(row.differences.front());
    const qsizetype more = qsizetype(row.differences.size()) - 1;
    return more > 0 ? tr("%1, %2 more").arg(first).arg(more) : first;
}

} // namespace hl
