#pragma once

#include "keys/keystore.h"

#include <QString>

#include <vector>

namespace hl {

// Keys as people write them on a command line or in a key file:
//   hex:00112233...   base64:ABEiMw==   text:test-key-test-key-test-key-test!   file:/path/to/raw-key
// Errors say what is wrong and where, never what the key is.
class KeySpec {
public:
    struct NamedKey {
        QString id;
        SecretPtr key;
    };

    static constexpr qint64 kMaxKeyFileBytes = 64 * 1024;

    // Whether a key file (or a `file:` key's target) may be readable by other users. A server refuses it, as ssh
    // refuses a private key; the command line and the desktop app take what the user points them at.
    enum class FileAccess { Any, PrivateOnly };

    // One SPEC, refused unless it is an AES key size (16, 24 or 32 bytes). A `file:` key is the file's raw bytes; a line break at its end is dropped unless the file is exactly
    // an AES key size (16, 24 or 32 bytes) with it.
    static Result<SecretPtr> parse(const QString& spec, FileAccess access = FileAccess::Any);
    // A key as a file holds it (a key directory's entry, a mounted Secret): a SPEC when it starts with hex:, base64:
    // or text:, else the raw bytes (a line break at the end dropped as for file:). `bytes` is wiped.
    static Result<SecretPtr> parseStored(QByteArray& bytes);
    // `ID=SPEC`, split at the first '=', spaces around either side dropped.
    static Result<NamedKey> parseAssignment(const QString& assignment, FileAccess access = FileAccess::Any);
    // A key file: one `ID=SPEC` per line; blank lines and lines starting with '#' are skipped.
    static Result<std::vector<NamedKey>> readKeyFile(const QString& path, FileAccess access = FileAccess::Any);
    // Every `ID=SPEC` of `assignments` (--key options) as codec keys in `store`; the first bad one fails, named.
    static Result<void> insertAssignments(const QStringList& assignments, class SessionKeyStore& store);
    // The command line's --key options and --key-file files into `store`; the error names the option.
    static Result<void> insertOptions(const QStringList& keyOptions, const QStringList& keyFiles, class SessionKeyStore& store);
};

} // namespace hl
