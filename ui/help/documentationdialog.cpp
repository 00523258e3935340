#include "ui/help/documentationdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QListWidget>
#include <QRegularExpression>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace hl {

namespace {

const QString kRoot = QStringLiteral(":/docs");

QString titleOf(const QString& markdown, const QString& fallback)
{
    static const QRegularExpression heading(QStringLiteral("^#\\s+(.+)$"), QRegularExpression::MultilineOption);
    const auto match = heading.match(markdown);
    return match.hasMatch() ? match.captured(1).trimmed() : fallback;
}

} // namespace

DocumentationDialog::DocumentationDialog(QWidget* parent)
    : QDialog(parent), m_list(new QListWidget(this)), m_text(new QTextBrowser(this))
{
    setWindowTitle(tr("HistoryLens Documentation"));
    m_text->setOpenExternalLinks(true);
    QStringList names{QStringLiteral("README.md")};
    for (const QString& name : QDir(kRoot + QStringLiteral("/docs")).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name))
        names << QStringLiteral("docs/") + name;
    for (const QString& name : names) {
        QFile file(kRoot + QLatin1Char('/') + name);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        auto* item = new QListWidgetItem(titleOf(QString::fromUtf8(file.readAll()), name), m_list);
        item->setData(Qt::UserRole, name);
        item->setToolTip(name);
    }
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item)
            showDocument(item->data(Qt::UserRole).toString());
    });
    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_text);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 700});
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(960, 680);
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
}

QStringList DocumentationDialog::documents() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->data(Qt::UserRole).toString();
    return out;
}

void DocumentationDialog::showDocument(const QString& name)
{
    QFile file(kRoot + QLatin1Char('/') + name);
    if (!file.open(QIODevice::ReadOnly))
        return;
    QString markdown = QString::fromUtf8(file.readAll());
    // Screenshots are not built in: their captions stand in for them.
    static const QRegularExpression image(QStringLiteral(R"(!\[([^\]]*)\]\([^)]*\))"));
    markdown.replace(image, QStringLiteral("*(Screenshot: \\1)*"));
    m_text->setMarkdown(markdown);
}

QString DocumentationDialog::shownText() const
{
    return m_text->toPlainText();
}

} // namespace hl
