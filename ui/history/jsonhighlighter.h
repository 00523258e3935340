#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>

namespace hl {

// Colours JSON in the detail pane: keys, strings, numbers and literals, in the light or dark palette.
class JsonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT

public:
    explicit JsonHighlighter(QTextDocument* document);

protected:
    void highlightBlock(const QString& text) override;

private:
    QRegularExpression m_token;
};

} // namespace hl
