#include "codec/compressioncodec.h"

#include "support/deflater.h"

namespace hl {

std::string CompressionCodec::encoding() const
{
    return m_format == Inflater::Format::Gzip ? "binary/gzip" : "binary/zlib";
}

Result<PayloadCodec::Payload> CompressionCodec::decode(const Payload& encoded, const CodecContext& context) const
{
    const std::string& data = encoded.data();
    auto inflated = Inflater::inflate(data.data(), qint64(data.size()), m_format, context.maxDecodedPayloadBytes);
    if (!inflated.ok())
        return inflated.error();
    return parseInner(std::string_view(inflated->constData(), size_t(inflated->size())));
}

Result<PayloadCodec::Payload> CompressionCodec::encode(const Payload& plain, const CodecContext&) const
{
    Payload compressed;
    (*compressed.mutable_metadata())["encoding"] = encoding();
    compressed.set_data(Deflater::deflate(plain.SerializeAsString(), m_format));
    return compressed;
}

} // namespace hl
