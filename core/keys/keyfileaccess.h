#pragma once

#include "support/result.h"

#include <QString>

namespace hl {

// Whether a file holding keys is private enough to serve from: a key file or key directory entry that other users
// can read (or write) is refused, as ssh refuses a private key. Group access is allowed, because a Kubernetes Secret
// volume mounted for a non-root user (fsGroup) is group-readable; "others" never need a key.
class KeyFileAccess {
public:
    // Follows symbolic links (a mounted Secret's entries are links into its ..data folder). On Windows, where the
    // mode bits do not describe access, every file passes.
    static Result<void> checkPrivate(const QString& path);
    // A key file a server reads: private (checkPrivate), then read as a regular file only, opened without blocking
    // (RegularFileReader), so a FIFO or device put in its place is refused, never waited on.
    static Result<QByteArray> readPrivate(const QString& path, qint64 maxBytes);
    // The path and its target's identity, size, change times and mode: cheap to take every few seconds, and
    // different once the file is rewritten, renamed over or re-linked (a Secret's rotation).
    static QByteArray fingerprint(const QString& path);
};

} // namespace hl
