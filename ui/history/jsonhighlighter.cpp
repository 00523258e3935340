#include "ui/history/jsonhighlighter.h"

#include <QGuiApplication>
#include <QPalette>

namespace hl {

JsonHighlighter::JsonHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document),
      m_token(QStringLiteral(R"(("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b)"))
{
}

void JsonHighlighter::highlightBlock(const QString& text)
{
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    QTextCharFormat key;
    key.setForeground(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x1a, 0x4f, 0xa0));
    QTextCharFormat string;
    string.setForeground(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x2e, 0x7d, 0x32));
    QTextCharFormat number;
    number.setForeground(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0xb3, 0x3c, 0x00));
    QTextCharFormat literal;
    literal.setForeground(dark ? QColor(0xc7, 0x92, 0xea) : QColor(0x7b, 0x1f, 0xa2));

    auto matches = m_token.globalMatch(text);
    while (matches.hasNext()) {
        const auto match = matches.next();
        if (match.capturedLength(1) > 0)
            setFormat(int(match.capturedStart(1)), int(match.capturedLength(1)), match.capturedLength(2) > 0 ? key : string);
        else if (match.capturedLength(3) > 0)
            setFormat(int(match.capturedStart(3)), int(match.capturedLength(3)), number);
        else
            setFormat(int(match.capturedStart(4)), int(match.capturedLength(4)), literal);
    }
}

} // namespace hl
