#pragma once

#include "render/eventcategory.h"

#include <QColor>
#include <QIcon>

namespace hl {

// A small round icon per event category (and a marked one for problems), drawn once, and the colour problems are
// shown in; both follow the light or dark palette.
class EventIcons {
public:
    static QIcon forCategory(EventCategory::Kind category, bool problem);
    static QColor problemColor();
    // The background of rows a search found.
    static QColor matchColor();
    // Retried events and groups (an attempt after the first).
    static QColor retryColor();
};

} // namespace hl
