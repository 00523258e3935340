#pragma once

#include "diff/comparisonjson.h"
#include "diff/historycomparison.h"

#include <QIODevice>
#include <QStringList>

namespace hl {

// `historylens-cli diff A B`: two histories compared step by step (HistoryComparison). A and B are files or
// `-w ID [-r RUN]` on one frontend. Exit codes as diff's: 0 equal, 1 different, 2 trouble.
class DiffCommand {
public:
    enum ExitCode { Equal = 0, Different = 1, Trouble = 2 };

    DiffCommand(QIODevice& out, QIODevice& err) : m_out(out), m_err(err) {}

    int run(const QStringList& arguments);

    // The comparison for a terminal or a file: the sides, each differing step with its differences, unchanged runs
    // as a count, the summary last. `colour` adds ANSI colours.
    static QString text(const HistoryComparison& comparison, const ComparisonJson::Side& a, const ComparisonJson::Side& b, bool colour);

private:
    int usage(const QString& message);
    void print(QIODevice& device, const QString& text);

    QIODevice& m_out;
    QIODevice& m_err;
};

} // namespace hl
