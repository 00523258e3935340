#pragma once

#include "codec/payloadcodec.h"

namespace hl {

// binary/snappy as samples-go's codec-server and snappycompress samples write it: Snappy block format (not the
// framing format) of the serialized inner Payload.
class SnappyCodec : public PayloadCodec {
public:
    std::string encoding() const override { return "binary/snappy"; }
    Result<void> decode(const Payload& encoded, Payload* inner, const CodecContext& context) const override;
    Result<Payload> encode(const Payload& plain, const CodecContext& context) const override;
};

} // namespace hl
