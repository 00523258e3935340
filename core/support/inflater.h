#pragma once

#include "support/result.h"

#include <QByteArray>

namespace hl {

// zlib inflation with an output bound, so a decompression bomb fails cleanly instead of exhausting memory.
class Inflater {
public:
    enum class Format {
        Zlib, // RFC 1950
        Gzip, // RFC 1952, including several concatenated members
    };

    static Result<QByteArray> inflate(const char* data, qint64 size, Format format, qint64 maxOutput);

    static bool looksLikeGzip(const char* data, qint64 size);
};

} // namespace hl
