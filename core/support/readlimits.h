#pragma once

#include <QtGlobal>

namespace hl {

// Size bounds for every read of untrusted bytes. The defaults leave room for the largest history Temporal allows
// (51,200 events, 50 MiB of protobuf), pretty-printed as JSON; a caller can raise or lower them.
struct ReadLimits {
    static constexpr qint64 kMiB = 1024 * 1024;
    static constexpr qint64 kDefaultMaxSourceBytes = 512 * kMiB;
    static constexpr qint64 kDefaultMaxDecompressedBytes = 512 * kMiB;
    static constexpr int kDefaultMaxJsonDepth = 96;

    qint64 maxSourceBytes = kDefaultMaxSourceBytes;             // bytes read from a file or stdin
    qint64 maxDecompressedBytes = kDefaultMaxDecompressedBytes; // bytes a gzip source may expand to
    int maxJsonDepth = kDefaultMaxJsonDepth;                    // nesting of objects and arrays
};

// Extra zeroed capacity kept after the bytes of a source, so the JSON parser can read it without copying.
constexpr int kSourcePadding = 64;

} // namespace hl
