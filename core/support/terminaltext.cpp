#include "support/terminaltext.h"

#include <algorithm>

namespace hl {

namespace {

QString escapeOf(QChar c)
{
    switch (c.unicode()) {
    case '\n': return QStringLiteral("\\n");
    case '\r': return QStringLiteral("\\r");
    case '\t': return QStringLiteral("\\t");
    case 0x1b: return QStringLiteral("\\e");
    default: break;
    }
    if (c.unicode() < 0x100)
        return QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
    return QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
}

} // namespace

bool TerminalText::needsEscaping(QChar c)
{
    const char16_t u = c.unicode();
    return u < 0x20 || (u >= 0x7f && u <= 0x9f) // C0, DEL, C1 (CSI and OSC among them)
        || (u >= 0x202a && u <= 0x202e)          // embeddings and overrides
        || (u >= 0x2066 && u <= 0x2069)          // isolates
        || u == 0x200e || u == 0x200f || u == 0x061c; // marks
}

QString TerminalText::clean(const QString& text)
{
    if (std::none_of(text.begin(), text.end(), needsEscaping))
        return text;
    QString escaped;
    escaped.reserve(text.size() + 16);
    for (const QChar c : text) {
        if (needsEscaping(c))
            escaped += escapeOf(c);
        else
            escaped += c;
    }
    return escaped;
}

QString TerminalText::cleanLines(const QStringList& lines)
{
    QStringList cleaned;
    cleaned.reserve(lines.size());
    for (const QString& line : lines)
        cleaned << clean(line);
    return cleaned.join(QLatin1Char('\n'));
}

QString TerminalText::shellQuoted(const QString& text)
{
    if (std::none_of(text.begin(), text.end(), needsEscaping)) {
        QString quoted = text;
        return QLatin1Char('\'') + quoted.replace(QLatin1Char('\''), QLatin1String("'\\''")) + QLatin1Char('\'');
    }
    // $'...' takes \n, \r, \t, \e, \xHH and \uHHHH as clean() writes them; a quote or backslash is escaped too.
    QString quoted = QStringLiteral("$'");
    for (const QChar c : text) {
        if (needsEscaping(c))
            quoted += escapeOf(c);
        else if (c == QLatin1Char('\'') || c == QLatin1Char('\\'))
            quoted += QLatin1Char('\\') + QString(c);
        else
            quoted += c;
    }
    return quoted + QLatin1Char('\'');
}

} // namespace hl
