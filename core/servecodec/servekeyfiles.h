#pragma once

#include "keys/keyspec.h"
#include "servecodec/servekeys.h"

#include <QStringList>

namespace hl {

// The keys serve-codec reads from files, which rotate while it runs: key files (`ID=SPEC` lines, --key-file) and
// key directories (a file per key, --key-dir: a mounted Kubernetes Secret or Docker secret). Every file must be
// private to its owner and group (KeyFileAccess). Keys from here serve every namespace.
class ServeKeyFiles {
public:
    ServeKeyFiles(QStringList keyFiles, QStringList keyDirectories);

    bool isEmpty() const { return m_keyFiles.isEmpty() && m_keyDirectories.isEmpty(); }
    // Every key of every file and folder; the first problem fails the whole read, naming the file.
    Result<std::vector<KeySpec::NamedKey>> read() const;
    // Changes when any of them may have (checked every few seconds, so it reads no key).
    QByteArray fingerprint() const;
    // The keys to serve: `fixed` (the command line's and the keychain's, which win over a file's key of the same
    // id) with every key read here.
    Result<ServeKeys> combine(const ServeKeys& fixed) const;

private:
    QStringList m_keyFiles;
    QStringList m_keyDirectories;
};

} // namespace hl
