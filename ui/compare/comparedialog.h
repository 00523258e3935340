#pragma once

#include <QDialog>
#include <QList>
#include <QPointer>

#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace hl {

class HistoryTab;

// File › Compare…: which two histories to compare, from the open tabs, or a file opened here for either side.
class CompareDialog : public QDialog {
    Q_OBJECT

public:
    // Opens a file in a tab of its own and returns it (the dialog picks it for the side that asked).
    using OpenFile = std::function<HistoryTab*(const QString& path)>;

    // `tabs` are the open histories; `first` (one of them, or null) is A. B starts as another tab, the latest opened.
    CompareDialog(const QList<HistoryTab*>& tabs, HistoryTab* first, OpenFile openFile, QWidget* parent = nullptr);

    HistoryTab* side(int side) const; // 0 for A, 1 for B
    void setSide(int side, HistoryTab* tab);
    // Adds a tab opened meanwhile to both lists and picks it for `side`.
    void addTab(HistoryTab* tab, int side);

private:
    void updateButtons();

    QList<QPointer<HistoryTab>> m_tabs;
    QComboBox* m_combos[2];
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
    OpenFile m_openFile;
};

} // namespace hl
