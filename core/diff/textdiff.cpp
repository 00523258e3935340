#include "diff/textdiff.h"

#include "diff/sequencealignment.h"

#include <QStringList>

#include <unordered_map>

namespace hl {

namespace {

QStringList linesOf(const QString& text)
{
    if (text.isEmpty())
        return {};
    QStringList lines = text.split(QLatin1Char('\n'));
    if (lines.size() > TextDiff::kMaxLines) {
        const qsizetype left = lines.size() - TextDiff::kMaxLines;
        lines.resize(TextDiff::kMaxLines);
        lines << QStringLiteral("… %1 more lines not compared").arg(left);
    }
    return lines;
}

} // namespace

std::vector<TextDiff::Line> TextDiff::of(const QString& a, const QString& b)
{
    const QStringList linesA = linesOf(a);
    const QStringList linesB = linesOf(b);
    std::unordered_map<QString, int> ids;
    auto idsOf = [&ids](const QStringList& lines) {
        std::vector<int> keys;
        keys.reserve(size_t(lines.size()));
        for (const QString& line : lines)
            keys.push_back(ids.try_emplace(line, int(ids.size())).first->second);
        return keys;
    };
    const std::vector<int> keysA = idsOf(linesA);
    const std::vector<int> keysB = idsOf(linesB);

    std::vector<Line> out;
    out.reserve(size_t(std::max(linesA.size(), linesB.size())));
    // Within a stretch where the two part, every removed line comes before every added one.
    std::vector<int> removed;
    std::vector<int> added;
    auto flush = [&] {
        for (const int i : removed)
            out.push_back({Kind::Removed, linesA[i]});
        for (const int j : added)
            out.push_back({Kind::Added, linesB[j]});
        removed.clear();
        added.clear();
    };
    for (const auto& pair : SequenceAlignment::align(keysA, keysB)) {
        if (pair.a >= 0 && pair.b >= 0) {
            flush();
            out.push_back({Kind::Same, linesA[pair.a]});
        } else if (pair.a >= 0) {
            removed.push_back(pair.a);
        } else {
            added.push_back(pair.b);
        }
    }
    flush();
    return out;
}

} // namespace hl
