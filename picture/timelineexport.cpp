#include "picture/timelineexport.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

namespace hl {

int TimelineExport::maxRows(const TimelinePainter& painter)
{
    return (kMaxHeight - painter.headerHeight()) / painter.rowHeight();
}

Result<void> TimelineExport::write(const Picture& picture, Format format, QIODevice& out)
{
    if (!picture.rows || !picture.scale || !picture.rows->timeline())
        return Error(ErrorCode::Empty, QStringLiteral("there is no timeline to draw"));
    TimelinePainter painter(*picture.rows, *picture.scale, picture.font);
    painter.setLabelWidth(picture.labelWidth);
    const int total = int(picture.rows->rows().size());
    const int first = std::clamp(picture.firstRow, 0, total);
    const int count = picture.rowCount < 0 ? total - first : std::min(picture.rowCount, total - first);
    if (count > maxRows(painter))
        return Error(ErrorCode::TooLarge,
                     QStringLiteral("%1 rows do not fit in one picture (at most %2): group the lanes by type, or choose fewer")
                         .arg(count)
                         .arg(maxRows(painter)));
    const QSize size(std::max(picture.width, picture.labelWidth + 200), painter.headerHeight() + count * painter.rowHeight());
    TimelinePainter::View view = picture.view;
    view.rowScroll = first * painter.rowHeight();
    const QRect area(QPoint(0, 0), size);
    if (format == Format::Svg) {
        QSvgGenerator generator;
        QBuffer buffer;
        generator.setOutputDevice(&buffer);
        generator.setSize(size);
        generator.setViewBox(area);
        generator.setTitle(picture.title);
        generator.setDescription(QStringLiteral("Timeline drawn by HistoryLens"));
        QPainter p;
        if (!p.begin(&generator))
            return Error(ErrorCode::WriteFailed, QStringLiteral("cannot draw the SVG"));
        painter.paint(p, area, view);
        p.end();
        if (out.write(buffer.data()) != buffer.size())
            return Error(ErrorCode::WriteFailed, QStringLiteral("cannot write the SVG: %1").arg(out.errorString()));
        return {};
    }
    QImage image(size, QImage::Format_RGB32);
    if (image.isNull())
        return Error(ErrorCode::TooLarge, QStringLiteral("not enough memory for a %1 × %2 picture").arg(size.width()).arg(size.height()));
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::TextAntialiasing, true);
        painter.paint(p, area, view);
    }
    if (!image.save(&out, "PNG"))
        return Error(ErrorCode::WriteFailed, QStringLiteral("cannot write the PNG: %1").arg(out.errorString()));
    return {};
}

} // namespace hl
