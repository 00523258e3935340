#include "ui/history/fielditemdelegate.h"

#include "ui/history/historytreemodel.h"

#include <QApplication>
#include <QPainter>

namespace hl {

void FieldItemDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (index.column() != HistoryTreeModel::NameColumn || !index.data(HistoryTreeModel::IsFieldRole).toBool())
        return QStyledItemDelegate::paint(painter, option, index);
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    const QString name = opt.text;
    const QModelIndex valueIndex = index.siblingAtColumn(HistoryTreeModel::DetailsColumn);
    const QString value = valueIndex.data(Qt::DisplayRole).toString();
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect text = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(2, 0, -2, 0);
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    QColor nameColor = selected ? opt.palette.color(group, QPalette::HighlightedText) : opt.palette.color(group, QPalette::Text);
    if (!selected) {
        if (const QVariant foreground = index.data(Qt::ForegroundRole); foreground.canConvert<QBrush>())
            nameColor = foreground.value<QBrush>().color();
    }
    QColor valueColor = nameColor;
    if (!selected && nameColor == opt.palette.color(group, QPalette::Text))
        valueColor = opt.palette.color(group, QPalette::Text);

    painter->save();
    painter->setFont(opt.font);
    painter->setPen(nameColor);
    const QFontMetrics metrics(opt.font);
    const QString shownName = metrics.elidedText(name, Qt::ElideRight, text.width());
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, shownName);
    const int valueLeft = text.left() + std::max(kNameWidth, metrics.horizontalAdvance(shownName) + metrics.horizontalAdvance(QLatin1Char(' ')) * 2);
    if (!value.isEmpty() && valueLeft < text.right()) {
        QFont valueFont = opt.font;
        valueFont.setBold(false);
        painter->setFont(valueFont);
        painter->setPen(valueColor);
        const QRect valueRect(valueLeft, text.top(), text.right() - valueLeft, text.height());
        const QString line = QString(value).replace(QLatin1Char('\n'), QStringLiteral(" \u21b5 "));
        painter->drawText(valueRect, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(valueFont).elidedText(line, Qt::ElideRight, valueRect.width()));
    }
    painter->restore();
}

} // namespace hl
