#include "support/sourcereader.h"

#include "support/hugepages.h"
#include "support/readlimits.h"
#include "support/sizeformat.h"

#include <QFile>
#include <QFileInfo>

namespace hl {
namespace {

Error tooLarge(qint64 maxBytes)
{
    return Error{ErrorCode::TooLarge,
                 QStringLiteral("larger than the %1 read limit (raise it with --max-size)").arg(formatSize(maxBytes))};
}

} // namespace

QString SourceReader::displayName(const QString& path)
{
    return path == QLatin1String("-") ? QStringLiteral("standard input") : path;
}

Result<QByteArray> SourceReader::readFile(const QString& path, qint64 maxBytes)
{
    if (path == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Error{ErrorCode::ReadFailed, QStringLiteral("cannot open standard input"), displayName(path)};
        return readDevice(in, displayName(path), maxBytes);
    }

    const QFileInfo info(path);
    if (!info.exists())
        return Error{ErrorCode::NotFound, QStringLiteral("no such file"), path};
    if (info.isDir())
        return Error{ErrorCode::NotAFile, QStringLiteral("is a directory, not a history file"), path};
    if (info.isFile() && info.size() > maxBytes)
        return tooLarge(maxBytes).withSource(path);
    if (!info.isReadable())
        return Error{ErrorCode::PermissionDenied, QStringLiteral("permission denied"), path};

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        const ErrorCode code =
            file.error() == QFileDevice::PermissionsError ? ErrorCode::PermissionDenied : ErrorCode::ReadFailed;
        const QString reason = code == ErrorCode::PermissionDenied ? QStringLiteral("permission denied")
                                                                     : QStringLiteral("cannot open: ") + file.errorString();
        return Error{code, reason, path};
    }
    return readDevice(file, path, maxBytes);
}

Result<QByteArray> SourceReader::readDevice(QIODevice& device, const QString& name, qint64 maxBytes)
{
    // Pipes and character devices (stdin, /dev/zero) report no size, so the bound is enforced while reading.
    const qint64 announced = device.isSequential() ? 0 : device.size() - device.pos();
    if (announced > maxBytes)
        return tooLarge(maxBytes).withSource(name);

    QByteArray bytes;
    qint64 capacity = announced > 0 ? announced : 64 * 1024;
    qint64 used = 0;
    for (;;) {
        if (used == capacity) {
            // A file of known size is read in one go; one more byte tells whether it grew meanwhile.
            char probe;
            const qint64 extra = device.read(&probe, 1);
            if (extra <= 0)
                break;
            if (used + 1 > maxBytes)
                return tooLarge(maxBytes).withSource(name);
            capacity = qMin(capacity * 2, maxBytes + 1);
            bytes.reserve(capacity + kSourcePadding);
            bytes.resize(used + 1);
            bytes[used++] = probe;
        }
        bytes.reserve(capacity + kSourcePadding);
        HugePages::advise(bytes.data(), size_t(capacity)); // before read() first writes it
        bytes.resize(capacity);
        const qint64 got = device.read(bytes.data() + used, capacity - used);
        if (got < 0)
            return Error{ErrorCode::ReadFailed, QStringLiteral("read failed: ") + device.errorString(), name};
        if (got == 0)
            break;
        used += got;
        if (used > maxBytes)
            return tooLarge(maxBytes).withSource(name);
    }
    bytes.resize(used);
    if (bytes.capacity() - used < kSourcePadding)
        bytes.reserve(used + kSourcePadding);
    return bytes;
}

} // namespace hl
