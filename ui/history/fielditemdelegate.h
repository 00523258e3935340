#pragma once

#include <QStyledItemDelegate>

namespace hl {

// Draws a field row, which spans the whole width of the tree, as its name and then its value: the first column
// stays as narrow as an event id and the value gets the room the Details column has on event rows.
class FieldItemDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    // Values line up this far from where the name starts (longer names push their value on).
    static constexpr int kNameWidth = 150;

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace hl
