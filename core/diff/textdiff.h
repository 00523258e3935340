#pragma once

#include <QString>

#include <vector>

namespace hl {

// Two texts compared line by line, as a unified diff shows them: lines both have, and where they part, what only the
// first has followed by what only the second has. The lines are aligned by SequenceAlignment, so long texts that
// share little stay fast. At most kMaxLines of each text are compared; a longer text ends in a line that says so.
class TextDiff {
public:
    static constexpr int kMaxLines = 20000;

    enum class Kind { Same, Removed, Added };
    struct Line {
        Kind kind = Kind::Same;
        QString text;
    };

    static std::vector<Line> of(const QString& a, const QString& b);
};

} // namespace hl
