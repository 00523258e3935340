// hl_iconrender: renders the application's scalable icon into the raster sizes desktops and installers ask for,
// so every PNG, the Windows .ico and the macOS iconset come from the one SVG.
//
//   hl_iconrender ICON.svg OUTDIR NAME
//
// writes OUTDIR/hicolor/<N>x<N>/apps/NAME.png for the freedesktop sizes, OUTDIR/NAME.ico (16 to 256 px) and
// OUTDIR/NAME.iconset/icon_<N>x<N>[@2x].png (the layout macOS's iconutil turns into an .icns).
#include <QBuffer>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>
#include <vector>

namespace {

QImage render(QSvgRenderer& svg, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter, QRectF(0, 0, size, size));
    painter.end();
    return image;
}

bool save(const QImage& image, const QString& path, const char* format)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QImageWriter writer(path, format);
    if (writer.write(image))
        return true;
    std::fprintf(stderr, "hl_iconrender: cannot write %s: %s\n", qPrintable(path), qPrintable(writer.errorString()));
    return false;
}

// An .ico of PNG images. Qt's ICO plugin writes one image per file, and Windows (Vista and later) reads PNG entries
// at every size, so the container is written here: a 6-byte header, a 16-byte entry per image, then the PNGs.
bool writeIco(QSvgRenderer& svg, const QString& path)
{
    const std::vector<int> sizes = {256, 128, 64, 48, 32, 24, 16};
    std::vector<QByteArray> images;
    for (int size : sizes) {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!render(svg, size).save(&buffer, "PNG"))
            return false;
        images.push_back(png);
    }
    QByteArray ico;
    QDataStream stream(&ico, QIODevice::WriteOnly);
    stream.setByteOrder(QDataStream::LittleEndian);
    stream << quint16(0) << quint16(1) << quint16(sizes.size());
    quint32 offset = 6 + 16 * quint32(sizes.size());
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const quint8 side = sizes[i] >= 256 ? 0 : quint8(sizes[i]); // 0 means 256
        stream << side << side << quint8(0) << quint8(0) << quint16(1) << quint16(32)
               << quint32(images[i].size()) << offset;
        offset += quint32(images[i].size());
    }
    for (const QByteArray& png : images)
        ico += png;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(ico) != ico.size()) {
        std::fprintf(stderr, "hl_iconrender: cannot write %s\n", qPrintable(path));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    // Rendering needs no display; the offscreen platform keeps this runnable on build machines without one.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: hl_iconrender ICON.svg OUTDIR NAME\n");
        return 2;
    }
    QSvgRenderer svg(args.at(1));
    if (!svg.isValid()) {
        std::fprintf(stderr, "hl_iconrender: %s is not a valid SVG\n", qPrintable(args.at(1)));
        return 1;
    }
    const QString out = args.at(2);
    const QString name = args.at(3);

    for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512}) {
        const QString path = QStringLiteral("%1/hicolor/%2x%2/apps/%3.png").arg(out).arg(size).arg(name);
        if (!save(render(svg, size), path, "png"))
            return 1;
    }

    if (!writeIco(svg, QStringLiteral("%1/%2.ico").arg(out, name)))
        return 1;

    for (int size : {16, 32, 128, 256, 512}) {
        const QString base = QStringLiteral("%1/%2.iconset/icon_%3x%3").arg(out, name).arg(size);
        if (!save(render(svg, size), base + QStringLiteral(".png"), "png")
            || !save(render(svg, size * 2), base + QStringLiteral("@2x.png"), "png"))
            return 1;
    }
    return 0;
}
