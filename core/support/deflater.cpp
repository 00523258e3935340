#include "support/deflater.h"

#include <zlib.h>

namespace hl {

std::string Deflater::deflate(std::string_view bytes, Inflater::Format format)
{
    z_stream stream{};
    const int windowBits = format == Inflater::Format::Gzip ? 16 + MAX_WBITS : MAX_WBITS;
    deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&stream, uLong(bytes.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = uInt(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = uInt(out.size());
    ::deflate(&stream, Z_FINISH); // the bound guarantees one call is enough
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

} // namespace hl
