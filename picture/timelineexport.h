#pragma once

#include "picture/timelinepainter.h"
#include "support/result.h"

#include <QFont>
#include <QString>

class QIODevice;

namespace hl {

// A timeline as a picture: SVG (through QSvgGenerator) or PNG, of the rows and the stretch of time given. Used by
// the app's Export and by `historylens-cli timeline -o svg|png`.
class TimelineExport {
public:
    enum class Format { Svg, Png };

    struct Picture {
        const TimelineRows* rows = nullptr;
        const TimelineScale* scale = nullptr;
        TimelinePainter::View view; // time range, selection, highlights, theme
        QFont font;
        int width = 1600;          // pixels, labels included
        int firstRow = 0;          // rows drawn: from this one...
        int rowCount = -1;         // ...this many (-1: all the rest)
        int labelWidth = 240;
        QString title;             // the SVG's title
    };

    // The tallest picture written, in pixels: a PNG of every lane of a 51,200-event history would need gigabytes.
    static constexpr int kMaxHeight = 16384;

    static Result<void> write(const Picture& picture, Format format, QIODevice& out);
    // Rows that fit under kMaxHeight at this font.
    static int maxRows(const TimelinePainter& painter);
};

} // namespace hl
