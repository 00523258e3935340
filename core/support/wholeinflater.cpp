#include "support/wholeinflater.h"

#include <libdeflate.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace hl {

namespace {

struct DecompressorDeleter {
    void operator()(libdeflate_decompressor* decompressor) const { libdeflate_free_decompressor(decompressor); }
};

// One per thread: a decompressor is not thread-safe, and making one per payload costs more than the work.
struct ThreadState {
    std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> decompressor{libdeflate_alloc_decompressor()};
    std::unique_ptr<char[]> buffer;
    size_t capacity = 0;

    char* reserve(size_t size)
    {
        if (size > capacity) {
            buffer.reset(new char[size]); // not zeroed: the decompressor overwrites what it returns
            capacity = size;
        }
        return buffer.get();
    }
};

} // namespace

Result<std::string_view> WholeInflater::inflate(std::string_view data, Inflater::Format format, qint64 maxOutput)
{
    thread_local ThreadState state;
    size_t capacity = size_t(std::min<qint64>(qint64(data.size()) * 8 + 1024, maxOutput));
    while (state.decompressor) {
        char* out = state.reserve(capacity);
        size_t consumed = 0;
        size_t produced = 0;
        const libdeflate_result result =
            format == Inflater::Format::Gzip
                ? libdeflate_gzip_decompress_ex(state.decompressor.get(), data.data(), data.size(), out, capacity, &consumed, &produced)
                : libdeflate_zlib_decompress_ex(state.decompressor.get(), data.data(), data.size(), out, capacity, &consumed, &produced);
        if (result == LIBDEFLATE_SUCCESS && consumed == data.size())
            return std::string_view(out, produced);
        if (result != LIBDEFLATE_INSUFFICIENT_SPACE || qint64(capacity) >= maxOutput)
            break; // bad data, trailing members, or over the bound: the streaming inflater tells which
        capacity = size_t(std::min<qint64>(qint64(capacity) * 4, maxOutput));
    }
    auto streamed = Inflater::inflate(data.data(), qint64(data.size()), format, maxOutput);
    if (!streamed.ok())
        return streamed.error();
    char* out = state.reserve(size_t(streamed->size()));
    std::memcpy(out, streamed->constData(), size_t(streamed->size()));
    return std::string_view(out, size_t(streamed->size()));
}

} // namespace hl
