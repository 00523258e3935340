#pragma once

#include "support/inflater.h"

#include <string_view>

namespace hl {

// Decompresses a whole zlib or gzip buffer at once (libdeflate, about twice zlib's speed), for payloads: small,
// many, and each complete. Output is bounded like Inflater's. Errors are Inflater's, worded the same: when the
// fast path rejects the data, the streaming inflater says precisely why (truncated, corrupt, where).
class WholeInflater {
public:
    // The bytes are in a buffer of this thread, valid until its next call: a caller parses them at once, and no
    // payload pays for an allocation or for zeroing memory that is about to be overwritten.
    static Result<std::string_view> inflate(std::string_view data, Inflater::Format format, qint64 maxOutput);
};

} // namespace hl
