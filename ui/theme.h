#pragma once

#include <QString>

namespace hl {

// View › Theme: the platform's own look (System), or Fusion with a light or a dark palette, whatever the desktop
// says. Qt 6.4 cannot ask the platform for a colour scheme, so Light and Dark set the palette themselves. Colours
// in the app (categories, JSON, failures) follow the palette's lightness, so they stay legible in both.
class Theme {
public:
    enum Kind { System, Light, Dark };

    static void apply(Kind kind);
    static Kind current();
    // The saved choice (System when none).
    static Kind saved();
    static void save(Kind kind);
    static QString name(Kind kind);
};

} // namespace hl
