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
    // Temporal stops a history at 51,200 events by default (limit.historyCount.error); a cluster may raise that, so
    // twice the room. The same bound holds for a history paged from a frontend.
    static constexpr qint64 kDefaultMaxEvents = 102400;
    // No real event takes fewer bytes than this in any dialect (the smallest protobuf event is about 20 bytes, the
    // smallest JSON one over 100): a source with more events per byte is a bomb of empty events, each of which would
    // cost hundreds of bytes of memory.
    static constexpr int kMinBytesPerEvent = 16;

    qint64 maxSourceBytes = kDefaultMaxSourceBytes;             // bytes read from a file or stdin
    qint64 maxDecompressedBytes = kDefaultMaxDecompressedBytes; // bytes a gzip source may expand to
    int maxJsonDepth = kDefaultMaxJsonDepth;                    // nesting of objects and arrays
    qint64 maxEvents = kDefaultMaxEvents;                       // events in one history; <= 0: no bound

    // The events a source of `bytes` (decompressed) may hold in all its histories.
    static qint64 maxEventsIn(qint64 bytes) { return qMax<qint64>(1024, bytes / kMinBytesPerEvent); }
};

// Extra zeroed capacity kept after the bytes of a source, so the JSON parser can read it without copying.
constexpr int kSourcePadding = 64;

} // namespace hl
