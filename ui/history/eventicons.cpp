#include "ui/history/eventicons.h"

#include <QGuiApplication>
#include <QHash>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace hl {

namespace {

bool darkPalette()
{
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

QColor categoryColor(EventCategory::Kind category)
{
    switch (category) {
    case EventCategory::Workflow: return QColor(0x2e, 0x7d, 0x32);
    case EventCategory::WorkflowTask: return QColor(0x9e, 0x9e, 0x9e);
    case EventCategory::Activity: return QColor(0x15, 0x65, 0xc0);
    case EventCategory::Timer: return QColor(0xef, 0x6c, 0x00);
    case EventCategory::Signal: return QColor(0x6a, 0x1b, 0x9a);
    case EventCategory::ChildWorkflow: return QColor(0x00, 0x83, 0x8f);
    case EventCategory::Update: return QColor(0xad, 0x14, 0x57);
    case EventCategory::Nexus: return QColor(0x45, 0x5a, 0x64);
    case EventCategory::Marker: return QColor(0x79, 0x55, 0x48);
    case EventCategory::Other: break;
    }
    return QColor(0x75, 0x75, 0x75);
}

} // namespace

QIcon EventIcons::forCategory(EventCategory::Kind category, bool problem)
{
    static QHash<int, QIcon> cache;
    const int key = int(category) * 2 + (problem ? 1 : 0) + (darkPalette() ? 100 : 0);
    const auto found = cache.constFind(key);
    if (found != cache.constEnd())
        return *found;
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    QColor color = categoryColor(category);
    if (darkPalette())
        color = color.lighter(140);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(5, 5, 22, 22));
    if (problem) { // a ring in the problem colour
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(problemColor(), 5));
        painter.drawEllipse(QRectF(4, 4, 24, 24));
    }
    painter.end();
    return cache[key] = QIcon(pixmap);
}

QColor EventIcons::problemColor()
{
    return darkPalette() ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28);
}

} // namespace hl

namespace hl {

QColor EventIcons::retryColor()
{
    return darkPalette() ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb2, 0x5e, 0x00);
}

QColor EventIcons::matchColor()
{
    return darkPalette() ? QColor(0x5d, 0x4b, 0x00) : QColor(0xff, 0xf1, 0x76);
}

} // namespace hl
