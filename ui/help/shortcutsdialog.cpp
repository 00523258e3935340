#include "ui/help/shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hl {

namespace {

QString plain(QString text)
{
    text.remove(QLatin1Char('&'));
    return text;
}

} // namespace

ShortcutsDialog::ShortcutsDialog(QWidget* window, QWidget* parent) : QDialog(parent), m_list(new QTreeWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({tr("Action"), tr("Shortcut")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    QSet<const QAction*> listed;
    auto add = [this, &listed](const QString& where, const QAction* action) {
        listed.insert(action);
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        if (keys.isEmpty())
            return;
        m_list->addTopLevelItem(new QTreeWidgetItem({where, keys.join(QStringLiteral(", "))}));
    };
    std::function<void(const QMenu*, const QString&)> walk = [&](const QMenu* menu, const QString& path) {
        for (const QAction* action : menu->actions()) {
            if (action->isSeparator())
                continue;
            const QString where = path + QStringLiteral(" \u203a ") + plain(action->text());
            if (action->menu())
                walk(action->menu(), where);
            else
                add(where, action);
        }
    };
    if (auto* bar = window->findChild<QMenuBar*>()) {
        for (const QAction* top : bar->actions()) {
            if (top->menu())
                walk(top->menu(), plain(top->text()));
        }
    }
    // Actions of the widgets inside (the tree's Copy, the find bar's Escape): by their own names, once each.
    QSet<QString> seen;
    for (const QAction* action : window->findChildren<QAction*>()) {
        if (listed.contains(action) || action->shortcuts().isEmpty() || action->text().isEmpty())
            continue;
        const QString key = plain(action->text()) + action->shortcut().toString();
        if (seen.contains(key))
            continue;
        seen.insert(key);
        add(plain(action->text()), action);
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    resize(520, 520);
}

QStringList ShortcutsDialog::entries() const
{
    QStringList out;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        out << m_list->topLevelItem(i)->text(0) + QLatin1Char('\t') + m_list->topLevelItem(i)->text(1);
    return out;
}

} // namespace hl
