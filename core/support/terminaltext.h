#pragma once

#include <QString>
#include <QStringList>

namespace hl {

// Text from a history, a server or any peer made safe to print on a terminal or in a log line. Control characters
// (C0, DEL, C1) and the bidirectional controls that reorder what a reader sees are written as escapes (\n, \r, \t,
// \e, \xNN, \u202E), so a workflow type or a key id cannot move the cursor, set a window title, start a line of
// its own, or turn a suggested command into another.
class TerminalText {
public:
    static bool needsEscaping(QChar c);
    // `text` with every such character escaped; the text itself when it holds none.
    static QString clean(const QString& text);
    // Lines, each cleaned (a line break inside one is escaped), joined by line breaks.
    static QString cleanLines(const QStringList& lines);
    // `text` as one word for a POSIX shell: in single quotes, or, when it holds a character clean() escapes, in
    // bash and zsh's $'...' with those characters escaped, so the command runs with exactly this text.
    static QString shellQuoted(const QString& text);
};

} // namespace hl
