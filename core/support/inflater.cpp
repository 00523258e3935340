#include "support/inflater.h"

#include "support/readlimits.h"
#include "support/sizeformat.h"

#include <zlib.h>

#include <limits>
#include <memory>

namespace hl {
namespace {

struct StreamDeleter {
    void operator()(z_stream* stream) const
    {
        inflateEnd(stream);
        delete stream;
    }
};

} // namespace

bool Inflater::looksLikeGzip(const char* data, qint64 size)
{
    return size >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b;
}

Result<QByteArray> Inflater::inflate(const char* data, qint64 size, Format format, qint64 maxOutput)
{
    const char* const what = format == Format::Gzip ? "gzip" : "zlib";
    auto raw = new z_stream{};
    if (inflateInit2(raw, format == Format::Gzip ? 16 + MAX_WBITS : MAX_WBITS) != Z_OK) {
        delete raw;
        return Error{ErrorCode::ReadFailed, QStringLiteral("cannot initialise zlib")};
    }
    std::unique_ptr<z_stream, StreamDeleter> stream(raw);

    QByteArray out;
    // Never more room than the bound allows (plus the one byte that shows it was passed).
    qint64 capacity = qMin<qint64>(qMax<qint64>(4096, size * 4), maxOutput + 1);
    out.reserve(capacity + kSourcePadding);
    out.resize(capacity);
    qint64 produced = 0;
    qint64 consumed = 0;
    for (;;) {
        if (produced == capacity) {
            if (capacity > maxOutput) {
                return Error{ErrorCode::TooLarge, QStringLiteral("%1 data expands beyond the %2 limit")
                                                      .arg(QLatin1String(what), formatSize(maxOutput))};
            }
            capacity = qMin(capacity * 2, maxOutput + 1);
            out.reserve(capacity + kSourcePadding);
            out.resize(capacity);
        }
        const qint64 inChunk = qMin<qint64>(size - consumed, std::numeric_limits<uInt>::max());
        const qint64 outChunk = qMin<qint64>(capacity - produced, std::numeric_limits<uInt>::max());
        stream->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data + consumed));
        stream->avail_in = uInt(inChunk);
        stream->next_out = reinterpret_cast<Bytef*>(out.data() + produced);
        stream->avail_out = uInt(outChunk);
        const int rc = ::inflate(stream.get(), Z_NO_FLUSH);
        consumed += inChunk - stream->avail_in;
        produced += outChunk - stream->avail_out;
        if (rc == Z_STREAM_END) {
            // gzip allows several members one after another (what `cat a.gz b.gz` makes).
            if (format == Format::Gzip && consumed < size && looksLikeGzip(data + consumed, size - consumed)) {
                inflateReset(stream.get());
                continue;
            }
            break;
        }
        if (rc == Z_BUF_ERROR && consumed == size && stream->avail_out > 0) {
            return Error{ErrorCode::Truncated,
                         QStringLiteral("%1 data ends early (after %2 of input)").arg(QLatin1String(what)).arg(formatSize(size))};
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            const QString reason = stream->msg ? QString::fromUtf8(stream->msg) : QStringLiteral("error %1").arg(rc);
            return Error{ErrorCode::CorruptCompressedData,
                         QStringLiteral("corrupt %1 data near byte %2: %3").arg(QLatin1String(what)).arg(consumed).arg(reason)};
        }
    }
    if (produced > maxOutput) { // the stream ended on the byte past the bound
        return Error{ErrorCode::TooLarge, QStringLiteral("%1 data expands beyond the %2 limit")
                                              .arg(QLatin1String(what), formatSize(maxOutput))};
    }
    out.resize(produced);
    return out;
}

} // namespace hl
