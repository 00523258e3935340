#include "codec/compressioncodec.h"

#include "support/deflater.h"
#include "support/wholeinflater.h"

namespace hl {

std::string CompressionCodec::encoding() const
{
    return m_format == Inflater::Format::Gzip ? "binary/gzip" : "binary/zlib";
}

Result<void> CompressionCodec::decode(const Payload& encoded, Payload* inner, const CodecContext& context) const
{
    auto inflated = WholeInflater::inflate(encoded.data(), m_format, context.maxDecodedPayloadBytes);
    if (!inflated.ok())
        return inflated.error();
    return parseInner(inflated.value(), inner);
}

Result<PayloadCodec::Payload> CompressionCodec::encode(const Payload& plain, const CodecContext&) const
{
    Payload compressed;
    (*compressed.mutable_metadata())["encoding"] = encoding();
    compressed.set_data(Deflater::deflate(plain.SerializeAsString(), m_format));
    return compressed;
}

} // namespace hl
