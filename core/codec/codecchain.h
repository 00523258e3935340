#pragma once

#include "codec/decodedpayload.h"
#include "codec/payloadcodec.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hl {

// The codecs HistoryLens knows, by encoding. Decoding applies them layer after layer until the payload's encoding
// is no codec encoding (samples-go puts binary/zlib inside binary/encrypted). Thread-safe once built.
class CodecChain {
public:
    static constexpr int kMaxLayers = 8;

    // binary/encrypted, binary/zlib, binary/gzip, binary/snappy.
    static CodecChain standard();

    void add(std::shared_ptr<const PayloadCodec> codec);
    const PayloadCodec* codecFor(const std::string& encoding) const;

    // Never fails as a whole: the result says what happened to this payload. When `inner` is given and every layer
    // came off, it receives the decoded payload.
    DecodedPayload decode(const temporal::api::common::v1::Payload& payload, const CodecContext& context,
                          temporal::api::common::v1::Payload* inner = nullptr) const;

    // Applies `encodings` last to first, as the SDKs do, so the first one named is the outermost layer.
    Result<temporal::api::common::v1::Payload> encode(const temporal::api::common::v1::Payload& payload,
                                                     const std::vector<std::string>& encodings,
                                                     const CodecContext& context) const;

    // The encodings payload converters write (json/plain, binary/null, ...): decoding stops there.
    static bool isValueEncoding(const std::string& encoding);

private:
    std::map<std::string, std::shared_ptr<const PayloadCodec>> m_codecs;
};

} // namespace hl
