#pragma once

#include <QDialog>

class QListWidget;
class QTextBrowser;

namespace hl {

// Help › Documentation: the README and the docs folder, built into the application (so they match its version and
// need no installed files), rendered as Markdown with a list of documents beside them.
class DocumentationDialog : public QDialog {
    Q_OBJECT

public:
    explicit DocumentationDialog(QWidget* parent = nullptr);

    QStringList documents() const;
    void showDocument(const QString& name);
    QString shownText() const;

private:
    QListWidget* m_list;
    QTextBrowser* m_text;
};

} // namespace hl
