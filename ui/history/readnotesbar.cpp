#include "ui/history/readnotesbar.h"

#include "render/noticetext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <map>
#include <tuple>

namespace hl {

namespace {

constexpr int kMaxRows = 500; // a list, not a log: past this, a last row says how many more

constexpr int kEventRole = Qt::UserRole;

} // namespace

ReadNotesBar::ReadNotesBar(const History& history, QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_toggle(new QToolButton(this)), m_list(new QListWidget(this))
{
    const std::vector<Notice> notices = history.notices();
    m_noteCount = int(notices.size());

    // Same kind, field and message: one row, in the order first seen.
    struct Row {
        const Notice* first = nullptr;
        int count = 0;
    };
    std::map<std::tuple<int, QString, QString>, size_t> rowOf;
    std::vector<Row> rows;
    for (const Notice& notice : notices) {
        const auto key = std::make_tuple(int(notice.kind), notice.fieldPath, notice.message);
        const auto [it, added] = rowOf.emplace(key, rows.size());
        if (added)
            rows.push_back({&notice, 0});
        ++rows[it->second].count;
    }
    for (size_t i = 0; i < rows.size() && i < size_t(kMaxRows); ++i) {
        const Notice& notice = *rows[i].first;
        QString text = NoticeText::of(notice, history);
        if (rows[i].count == 2)
            text = tr("%1 (and 1 more event alike)").arg(text);
        else if (rows[i].count > 2)
            text = tr("%1 (and %2 more events alike)").arg(text, QString::number(rows[i].count - 1));
        auto* item = new QListWidgetItem(QStringLiteral("%1: %2").arg(Notice::kindName(notice.kind), text), m_list);
        item->setData(kEventRole, notice.eventIndex);
        item->setToolTip(item->text());
    }
    if (rows.size() > size_t(kMaxRows))
        new QListWidgetItem(tr("… and %1 more kinds of note").arg(rows.size() - size_t(kMaxRows)), m_list);

    if (!notices.empty()) {
        const QString first = NoticeText::of(notices.front(), history);
        m_summaryText = notices.size() == 1 ? tr("Read with a note: %1").arg(first)
                                            : tr("Read with %1 notes, first: %2").arg(QString::number(notices.size()), first);
    }
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setToolTip(m_summaryText + QStringLiteral("\n\n")
                          + tr("What the reader kept aside, repaired or could not read; the rest of the history is shown."));
    m_summary->setMinimumWidth(1); // elided by the layout rather than widening the window
    auto* icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(size, size));
    icon->setAlignment(Qt::AlignCenter);

    m_toggle->setAutoRaise(true);
    connect(m_toggle, &QToolButton::clicked, this, [this] { setListVisible(m_list->isHidden()); });
    m_list->setMaximumHeight(8 * fontMetrics().height());
    m_list->setUniformItemSizes(true);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const QVariant event = item->data(kEventRole);
        if (event.isValid() && event.toInt() >= 0)
            Q_EMIT eventActivated(event.toInt());
    });

    auto* line = new QHBoxLayout;
    line->setContentsMargins(6, 3, 6, 3);
    line->addWidget(icon);
    line->addWidget(m_summary, 1);
    line->addWidget(m_toggle);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(line);
    layout->addWidget(m_list);
    setListVisible(false);
    setVisible(!notices.empty());
    elideSummary();
}

void ReadNotesBar::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    elideSummary();
}

// The whole text is in the list and the tooltip; the line shows what fits.
void ReadNotesBar::elideSummary()
{
    m_summary->setText(m_summary->fontMetrics().elidedText(m_summaryText, Qt::ElideRight, qMax(0, m_summary->width())));
}

QStringList ReadNotesBar::rows() const
{
    QStringList texts;
    for (int i = 0; i < m_list->count(); ++i)
        texts << m_list->item(i)->text();
    return texts;
}

void ReadNotesBar::setListVisible(bool visible)
{
    m_list->setVisible(visible);
    m_toggle->setText(visible ? tr("Hide notes") : tr("Show notes"));
}

} // namespace hl
