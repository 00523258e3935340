#include "keys/keydirectory.h"

#include "keys/keyfileaccess.h"

#include <algorithm>

#include <QDir>
#include <QFileInfo>

namespace hl {

namespace {

QStringList keyNames(const QString& folder, bool* tooMany)
{
    QStringList names = QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    names.erase(std::remove_if(names.begin(), names.end(), [](const QString& name) { return name.startsWith(QLatin1Char('.')); }),
                names.end());
    *tooMany = names.size() > KeyDirectory::kMaxEntries;
    return names;
}

} // namespace

Result<std::vector<KeySpec::NamedKey>> KeyDirectory::read(const QString& folder)
{
    const QFileInfo info(folder);
    if (!info.isDir())
        return Error{ErrorCode::NotFound,
                     info.exists() ? QStringLiteral("the key directory is not a folder") : QStringLiteral("no such key directory"),
                     folder};
    // An unlistable folder would otherwise read as "no keys": say whose permissions are wrong instead.
    if (!info.isReadable() || !info.isExecutable())
        return Error{ErrorCode::PermissionDenied,
                     QStringLiteral("this user cannot list the key directory (give its group read and search, e.g. 0750 "
                                    "with the server's group, or a Secret's fsGroup)"),
                     folder};
    bool tooMany = false;
    const QStringList names = keyNames(folder, &tooMany);
    if (tooMany)
        return Error{ErrorCode::TooLarge, QStringLiteral("more than %1 files in the key directory").arg(kMaxEntries), folder};
    std::vector<KeySpec::NamedKey> keys;
    for (const QString& name : names) {
        const QString path = QDir(folder).filePath(name);
        auto bytes = KeyFileAccess::readPrivate(path, KeySpec::kMaxKeyFileBytes);
        if (!bytes)
            return bytes.error();
        auto key = KeySpec::parseStored(bytes.value());
        if (!key)
            return Error{key.error().code, QStringLiteral("key %1: %2").arg(name, key.error().message), path};
        keys.push_back({name, key.value()});
    }
    return keys;
}

QByteArray KeyDirectory::fingerprint(const QString& folder)
{
    QByteArray print;
    bool tooMany = false;
    for (const QString& name : keyNames(folder, &tooMany))
        print += KeyFileAccess::fingerprint(QDir(folder).filePath(name));
    return print;
}

} // namespace hl
