#pragma once

#include <string>
#include <string_view>

namespace hl {

// Whether and how serve-codec compresses an answer. Measured on loopback (docs/performance.md), any compression
// costs more than it saves, and Brotli costs 40 times what gzip does; over a network a large answer is worth gzip's
// fastest level. So: gzip only, only for answers from 64 KiB, only to a client that is not on this machine and that
// accepts gzip.
class AnswerCompression {
public:
    static constexpr size_t kMinimumBytes = 64 * 1024;

    static bool worthIt(std::string_view acceptEncoding, size_t bodyBytes, bool clientIsLocal);
    // The gzip member of `body` at libdeflate's level 1; empty when it would not be smaller.
    static std::string gzip(std::string_view body);
};

} // namespace hl
