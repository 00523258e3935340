#include "codec/snappycodec.h"

#include "support/sizeformat.h"

#include <snappy.h>

namespace hl {

Result<void> SnappyCodec::decode(const Payload& encoded, Payload* inner, const CodecContext& context) const
{
    const std::string& data = encoded.data();
    size_t length = 0;
    if (!snappy::GetUncompressedLength(data.data(), data.size(), &length))
        return Error{ErrorCode::CorruptCompressedData, QStringLiteral("corrupt snappy data: no valid length header")};
    if (qint64(length) > context.maxDecodedPayloadBytes) {
        return Error{ErrorCode::TooLarge, QStringLiteral("snappy data expands to %1, beyond the %2 limit")
                                              .arg(formatSize(qint64(length)), formatSize(context.maxDecodedPayloadBytes))};
    }
    thread_local std::string inflated; // reused: payloads are decoded by the thousand
    if (!snappy::Uncompress(data.data(), data.size(), &inflated))
        return Error{ErrorCode::CorruptCompressedData, QStringLiteral("corrupt or truncated snappy data")};
    return parseInner(inflated, inner);
}

Result<PayloadCodec::Payload> SnappyCodec::encode(const Payload& plain, const CodecContext&) const
{
    Payload compressed;
    (*compressed.mutable_metadata())["encoding"] = encoding();
    const std::string bytes = plain.SerializeAsString();
    snappy::Compress(bytes.data(), bytes.size(), compressed.mutable_data());
    return compressed;
}

} // namespace hl
