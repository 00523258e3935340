#pragma once

#include "diff/historycomparison.h"
#include "diff/textdiff.h"

#include <QString>

#include <vector>

namespace hl {

// One row of a comparison as a reader inspects it: every field of the two steps, each side's value pretty-printed
// (decoded payloads as indented JSON, failures as their cause chains, timings as durations), and for a field that
// differs, the two values as a line diff. What the comparison was told to ignore is shown but not marked.
class ComparisonDetail {
public:
    // A value longer than this is cut (with a note) before it is diffed: a reader compares the start of a 2 MiB
    // payload on screen, and the paths above the diff name every change in it.
    static constexpr qsizetype kMaxValueChars = 512 * 1024;

    struct FieldPair {
        QString name;      // "result[0]", "attempts", "timing.duration"
        bool inA = false;
        bool inB = false;
        bool differs = false; // the comparison reported a difference in it
        QString a;            // the value as text; empty when the side lacks the field
        QString b;
        std::vector<TextDiff::Line> lines; // a and b as a line diff, when it differs and both sides have it
    };

    // `row` is comparison.workflow() or one of comparison.rows().
    static std::vector<FieldPair> of(const HistoryComparison& comparison, const HistoryComparison::Row& row);
    // A JSON value as a reader reads it: objects and arrays indented, strings quoted, numbers as JSON writes them.
    static QString pretty(const QJsonValue& value);
    // A value on one line, compact JSON cut to `maxChars` with an ellipsis; "(none)" when undefined.
    static QString oneLine(const QJsonValue& value, qsizetype maxChars);
};

} // namespace hl
