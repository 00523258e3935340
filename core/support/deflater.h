#pragma once

#include "support/inflater.h"

#include <string>
#include <string_view>

namespace hl {

// zlib/gzip compression at the default level, as Go's compress/zlib, Java's Deflater and Python's gzip write it.
class Deflater {
public:
    static std::string deflate(std::string_view bytes, Inflater::Format format);
};

} // namespace hl
