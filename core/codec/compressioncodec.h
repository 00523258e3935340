#pragma once

#include "codec/payloadcodec.h"
#include "support/inflater.h"

namespace hl {

// binary/zlib (Go's NewZlibCodec, Java's ZlibPayloadCodec) and binary/gzip (samples-python external_storage): the
// serialized inner Payload, compressed. Decompression is bounded, so a bomb fails instead of filling memory.
class CompressionCodec : public PayloadCodec {
public:
    explicit CompressionCodec(Inflater::Format format) : m_format(format) {}

    std::string encoding() const override;
    Result<void> decode(const Payload& encoded, Payload* inner, const CodecContext& context) const override;
    Result<Payload> encode(const Payload& plain, const CodecContext& context) const override;

private:
    Inflater::Format m_format;
};

} // namespace hl
