#pragma once

#include <QDialog>

class QTreeWidget;

namespace hl {

// Help › Keyboard Shortcuts: every shortcut the window's actions carry, read from the actions themselves (the menus
// first, by menu, then those of the tree, the detail pane and the find bar), so the list cannot go stale.
class ShortcutsDialog : public QDialog {
    Q_OBJECT

public:
    explicit ShortcutsDialog(QWidget* window, QWidget* parent = nullptr);

    // "File › Open…\tCtrl+O" for each listed shortcut, for tests.
    QStringList entries() const;

private:
    QTreeWidget* m_list;
};

} // namespace hl
