#pragma once

#include "codec/codeccontext.h"
#include "support/result.h"

#include <temporal/api/common/v1/message.pb.h>

#include <string>

namespace hl {

// One layer of a payload codec, named by the `encoding` metadata it writes (binary/encrypted, binary/zlib, ...).
// Decoding removes exactly one layer; the chain repeats until no codec encoding is left. Implementations are
// stateless and used from several threads at once.
class PayloadCodec {
public:
    using Payload = temporal::api::common::v1::Payload;

    virtual ~PayloadCodec() = default;

    virtual std::string encoding() const = 0;
    // How a person reads this layer of `encoded`, e.g. "binary/encrypted(key test)".
    virtual std::string describe(const Payload& encoded) const { (void)encoded; return encoding(); }

    // Writes the inner payload to `inner` (replacing what it held; its buffers are reused, as the chain decodes
    // thousands of payloads through a few scratch payloads).
    virtual Result<void> decode(const Payload& encoded, Payload* inner, const CodecContext& context) const = 0;
    virtual Result<Payload> encode(const Payload& plain, const CodecContext& context) const = 0;

protected:
    // The inner payload after a layer's bytes are undone; errors name the layer.
    Result<void> parseInner(std::string_view bytes, Payload* inner) const;
    static const std::string& metadata(const Payload& payload, const std::string& key);
};

} // namespace hl
