#include "servecodec/servekeyfiles.h"

#include "keys/keydirectory.h"
#include "keys/keyfileaccess.h"

namespace hl {

ServeKeyFiles::ServeKeyFiles(QStringList keyFiles, QStringList keyDirectories)
    : m_keyFiles(std::move(keyFiles))
    , m_keyDirectories(std::move(keyDirectories))
{
}

Result<std::vector<KeySpec::NamedKey>> ServeKeyFiles::read() const
{
    std::vector<KeySpec::NamedKey> keys;
    for (const QString& path : m_keyFiles) {
        // The file and every file: key it names must be private to the server's user and group.
        auto read = KeySpec::readKeyFile(path, KeySpec::FileAccess::PrivateOnly);
        if (!read)
            return read.error();
        std::move(read.value().begin(), read.value().end(), std::back_inserter(keys));
    }
    for (const QString& folder : m_keyDirectories) {
        auto read = KeyDirectory::read(folder);
        if (!read)
            return read.error();
        std::move(read.value().begin(), read.value().end(), std::back_inserter(keys));
    }
    return keys;
}

QByteArray ServeKeyFiles::fingerprint() const
{
    QByteArray print;
    for (const QString& path : m_keyFiles)
        print += KeyFileAccess::fingerprint(path);
    for (const QString& folder : m_keyDirectories)
        print += KeyDirectory::fingerprint(folder);
    return print;
}

Result<ServeKeys> ServeKeyFiles::combine(const ServeKeys& fixed) const
{
    auto read = this->read();
    if (!read)
        return read.error();
    ServeKeys keys = fixed;
    for (const KeySpec::NamedKey& key : read.value())
        keys.add(QString(), key.id.toStdString(), key.key);
    return keys;
}

} // namespace hl
