#pragma once

#include "codec/payloadcodec.h"

namespace hl {

// binary/encrypted as the Go, Java, Python, TypeScript, .NET and Ruby samples write it: AES-GCM over the serialized
// inner Payload, the key named by the `encryption-key-id` metadata. The Java sample's key id is the key itself
// (marked by `encryption-cipher: AES/GCM/NoPadding`); such payloads decode without a key being given.
class EncryptionCodec : public PayloadCodec {
public:
    static constexpr const char* kEncoding = "binary/encrypted";
    static constexpr const char* kKeyIdMetadata = "encryption-key-id";
    static constexpr const char* kCipherMetadata = "encryption-cipher";
    static constexpr const char* kJavaCipher = "AES/GCM/NoPadding";

    std::string encoding() const override { return kEncoding; }
    std::string describe(const Payload& encoded) const override;
    Result<void> decode(const Payload& encoded, Payload* inner, const CodecContext& context) const override;
    Result<Payload> encode(const Payload& plain, const CodecContext& context) const override;
};

} // namespace hl
