#include "keys/keyfileaccess.h"

#include "support/regularfilereader.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#ifndef _WIN32
#include <sys/stat.h>
#endif

namespace hl {

Result<void> KeyFileAccess::checkPrivate(const QString& path)
{
#ifndef _WIN32
    struct stat status {};
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return Error{ErrorCode::NotFound, QStringLiteral("cannot read the key file"), path};
    if ((status.st_mode & S_IRWXO) != 0) {
        return Error{ErrorCode::PermissionDenied,
                     QStringLiteral("other users can %1 this key file (mode %2): chmod o-rwx it (on a Kubernetes Secret "
                                    "volume, defaultMode: 0440 with fsGroup)")
                         .arg((status.st_mode & S_IROTH) ? QStringLiteral("read") : QStringLiteral("open"))
                         .arg(status.st_mode & 07777, 4, 8, QLatin1Char('0')),
                     path};
    }
#else
    Q_UNUSED(path);
#endif
    return {};
}

Result<QByteArray> KeyFileAccess::readPrivate(const QString& path, qint64 maxBytes)
{
    if (auto access = checkPrivate(path); !access)
        return access.error();
    return RegularFileReader::read(path, maxBytes, QStringLiteral("the key file"));
}

QByteArray KeyFileAccess::fingerprint(const QString& path)
{
    const QByteArray name = QFile::encodeName(path);
    QByteArray print = name;
#ifndef _WIN32
    struct stat status {};
    if (::stat(name.constData(), &status) == 0) {
        print += ' ' + QByteArray::number(quint64(status.st_dev)) + ':' + QByteArray::number(quint64(status.st_ino)) + ' '
            + QByteArray::number(qint64(status.st_size)) + ' ' + QByteArray::number(qint64(status.st_mtim.tv_sec)) + '.'
            + QByteArray::number(qint64(status.st_mtim.tv_nsec)) + ' ' + QByteArray::number(qint64(status.st_ctim.tv_sec)) + '.'
            + QByteArray::number(qint64(status.st_ctim.tv_nsec)) + ' ' + QByteArray::number(quint32(status.st_mode), 8);
    }
#else
    const QFileInfo info(path);
    print += ' ' + QByteArray::number(info.size()) + ' ' + QByteArray::number(info.lastModified().toMSecsSinceEpoch());
#endif
    return print + '\n';
}

} // namespace hl
