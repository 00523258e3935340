#include "support/regularfilereader.h"

#include "support/sizeformat.h"

#include <QFile>
#include <QFileInfo>

#ifndef _WIN32
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace hl {

Result<QByteArray> RegularFileReader::read(const QString& path, qint64 maxBytes, const QString& what)
{
    const auto tooLarge = [&] {
        return Error{ErrorCode::TooLarge, QStringLiteral("%1 is larger than %2").arg(what, formatSize(maxBytes)), path};
    };
    const auto notRegular = [&] {
        return Error{ErrorCode::NotAFile, QStringLiteral("%1 must be a regular file, not a folder, FIFO, socket or device").arg(what), path};
    };
#ifndef _WIN32
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int error = errno;
        const ErrorCode code = error == ENOENT ? ErrorCode::NotFound
            : error == EACCES                  ? ErrorCode::PermissionDenied
                                               : ErrorCode::ReadFailed;
        return Error{code, QStringLiteral("cannot read %1: %2").arg(what, QString::fromLocal8Bit(std::strerror(error))), path};
    }
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        ::close(fd);
        return notRegular();
    }
    if (status.st_size > maxBytes) {
        ::close(fd);
        return tooLarge();
    }
    // One buffer, a byte longer than the file: no reallocation leaves a copy of a key behind, and a file that grew
    // while it was read (a rotation half written) is refused; the next look reads it whole.
    QByteArray bytes(qsizetype(status.st_size) + 1, Qt::Uninitialized);
    qint64 used = 0;
    while (used < bytes.size()) {
        const ssize_t got = ::read(fd, bytes.data() + used, size_t(bytes.size() - used));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            const int error = errno;
            ::close(fd);
            return Error{ErrorCode::ReadFailed, QStringLiteral("cannot read %1: %2").arg(what, QString::fromLocal8Bit(std::strerror(error))), path};
        }
        if (got == 0)
            break;
        used += got;
    }
    ::close(fd);
    if (used > status.st_size)
        return Error{ErrorCode::ReadFailed, QStringLiteral("%1 changed while it was read").arg(what), path};
    bytes.truncate(used);
    return bytes;
#else
    const QFileInfo info(path);
    if (!info.exists())
        return Error{ErrorCode::NotFound, QStringLiteral("cannot read %1: no such file").arg(what), path};
    if (!info.isFile())
        return notRegular();
    if (info.size() > maxBytes)
        return tooLarge();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::ReadFailed, QStringLiteral("cannot read %1: %2").arg(what, file.errorString()), path};
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes)
        return tooLarge();
    return bytes;
#endif
}

} // namespace hl
