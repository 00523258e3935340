#include "ui/theme.h"

#include "session/settingswriter.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace hl {

namespace {

Theme::Kind g_current = Theme::System;

// The style and palette the application started with: System goes back to them.
struct Original {
    QString style;
    QPalette palette;
};

Original& original()
{
    static Original saved{QApplication::style()->name(), QApplication::palette()};
    return saved;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xdf, 0xe1, 0xe5);
    const QColor dimText(0x80, 0x84, 0x8a);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, dimText);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xff));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::Mid, QColor(0x2f, 0x31, 0x34));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, dimText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x44, 0x47, 0x4a));
    return p;
}

} // namespace

void Theme::apply(Kind kind)
{
    const Original& start = original(); // remembered before the first change
    switch (kind) {
    case System:
        QApplication::setStyle(QStyleFactory::create(start.style));
        QApplication::setPalette(start.palette);
        break;
    case Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        break;
    }
    g_current = kind;
}

Theme::Kind Theme::current()
{
    return g_current;
}

Theme::Kind Theme::saved()
{
    const int value = SettingsWriter::value(QStringLiteral("view/theme"), int(System)).toInt();
    return value == Light || value == Dark ? Kind(value) : System;
}

void Theme::save(Kind kind)
{
    SettingsWriter::setValue(QStringLiteral("view/theme"), int(kind));
}

QString Theme::name(Kind kind)
{
    switch (kind) {
    case System:
        return QApplication::tr("&System");
    case Light:
        return QApplication::tr("&Light");
    case Dark:
        return QApplication::tr("&Dark");
    }
    return {};
}

} // namespace hl
