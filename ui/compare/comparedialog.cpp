#include "ui/compare/comparedialog.h"

#include "ui/history/historytab.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace hl {

CompareDialog::CompareDialog(const QList<HistoryTab*>& tabs, HistoryTab* first, OpenFile openFile, QWidget* parent)
    : QDialog(parent), m_problem(new QLabel(this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      m_openFile(std::move(openFile))
{
    setWindowTitle(tr("Compare Two Runs"));
    auto* intro = new QLabel(tr("Compare two histories step by step: what only one has, and what differs in outcome, "
                                "attempts, decoded inputs, results and failures, and timing. Each side is an open tab "
                                "(a file or a workflow from a frontend) and is compared again when it changes."),
                             this);
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    for (int side = 0; side < 2; ++side) {
        m_combos[side] = new QComboBox(this);
        m_combos[side]->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_combos[side]->setMinimumContentsLength(48);
        m_combos[side]->setObjectName(side == 0 ? QStringLiteral("sideA") : QStringLiteral("sideB"));
        auto* open = new QPushButton(tr("Open File…"), this);
        connect(open, &QPushButton::clicked, this, [this, side] {
            const QString path = QFileDialog::getOpenFileName(this, tr("Open a workflow history"), QString(),
                                                              tr("Histories (*.json *.jsonl *.bin *.binpb *.pb *.gz);;All files (*)"));
            if (!path.isEmpty() && m_openFile) {
                if (HistoryTab* tab = m_openFile(path))
                    addTab(tab, side);
            }
        });
        auto* row = new QHBoxLayout;
        row->addWidget(m_combos[side], 1);
        row->addWidget(open);
        auto* label = new QLabel(side == 0 ? tr("&A (the run that worked):") : tr("&B (the run to explain):"), this);
        label->setBuddy(m_combos[side]);
        form->addRow(label, row);
        connect(m_combos[side], &QComboBox::currentIndexChanged, this, &CompareDialog::updateButtons);
    }
    // Items hold an index into m_tabs, whose pointers turn null if a tab closes while the dialog is open.
    for (HistoryTab* tab : tabs) {
        m_tabs << tab;
        for (QComboBox* combo : m_combos) {
            combo->addItem(tab->title(), int(m_tabs.size() - 1));
            combo->setItemData(combo->count() - 1, tab->sourceText().toHtmlEscaped(), Qt::ToolTipRole);
        }
        // A tab that closes while the dialog is open cannot be compared.
        connect(tab, &QObject::destroyed, this, [this] { QTimer::singleShot(0, this, &CompareDialog::updateButtons); });
    }
    if (first)
        setSide(0, first);
    // B: the latest opened tab that is not A.
    for (qsizetype i = tabs.size() - 1; i >= 0; --i) {
        if (tabs[i] != side(0)) {
            setSide(1, tabs[i]);
            break;
        }
    }
    m_problem->setForegroundRole(QPalette::PlaceholderText);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Compare"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    updateButtons();
}

HistoryTab* CompareDialog::side(int side) const
{
    const QVariant index = m_combos[side]->currentData();
    return index.isValid() ? m_tabs.value(index.toInt()).data() : nullptr;
}

void CompareDialog::setSide(int side, HistoryTab* tab)
{
    const qsizetype at = m_tabs.indexOf(tab);
    const int index = at < 0 ? -1 : m_combos[side]->findData(int(at));
    if (index >= 0)
        m_combos[side]->setCurrentIndex(index);
}

void CompareDialog::addTab(HistoryTab* tab, int side)
{
    m_tabs << tab;
    const int at = int(m_tabs.size() - 1);
    for (QComboBox* combo : m_combos) {
        combo->addItem(tab->title(), at);
        combo->setItemData(combo->count() - 1, tab->sourceText().toHtmlEscaped(), Qt::ToolTipRole);
    }
    connect(tab, &QObject::destroyed, this, [this] { QTimer::singleShot(0, this, &CompareDialog::updateButtons); });
    // A file's title is known once it is read; the lists follow it.
    connect(tab, &HistoryTab::changed, this, [this, tab, at] {
        for (QComboBox* combo : m_combos) {
            if (const int index = combo->findData(at); index >= 0)
                combo->setItemText(index, tab->title());
        }
    });
    setSide(side, tab);
}

void CompareDialog::updateButtons()
{
    const HistoryTab* a = side(0);
    const HistoryTab* b = side(1);
    QString problem;
    if (!a || !b)
        problem = tr("Pick a history for each side, or open a file for it.");
    else if (a == b)
        problem = tr("A and B are the same tab: pick another for one of them.");

    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace hl
