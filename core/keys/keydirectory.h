#pragma once

#include "keys/keyspec.h"

#include <QString>

#include <vector>

namespace hl {

// A folder of codec keys, one file per key: the file's name is the key's encryption-key-id, its content the key
// (raw bytes, or a hex:/base64:/text: SPEC). This is what a mounted Kubernetes Secret or Docker secret looks like;
// names starting with '.' (a Secret's ..data and its timestamped folders) are not keys. Every entry must be private
// (KeyFileAccess). Bounded: kMaxEntries files of KeySpec::kMaxKeyFileBytes at most.
class KeyDirectory {
public:
    static constexpr int kMaxEntries = 1000;

    // Every key, by name; the first bad entry fails the whole read, naming the file and why (never the key).
    static Result<std::vector<KeySpec::NamedKey>> read(const QString& folder);
    // What read() would look at, cheaply: each entry's name and its target's identity, size and change time, so a
    // rotation (a Secret's ..data link swapped, a file rewritten or renamed over) changes it.
    static QByteArray fingerprint(const QString& folder);
};

} // namespace hl
