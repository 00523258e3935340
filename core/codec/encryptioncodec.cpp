#include "codec/encryptioncodec.h"

#include "codec/aesgcm.h"

namespace hl {

std::string EncryptionCodec::describe(const Payload& encoded) const
{
    const auto found = encoded.metadata().find(kKeyIdMetadata);
    if (found == encoded.metadata().end())
        return kEncoding;
    return std::string(kEncoding) + "(key " + found->second + ")";
}

Result<PayloadCodec::Payload> EncryptionCodec::decode(const Payload& encoded, const CodecContext& context) const
{
    const auto found = encoded.metadata().find(kKeyIdMetadata);
    if (found == encoded.metadata().end())
        return Error{ErrorCode::InvalidStructure, QStringLiteral("encrypted payload has no encryption-key-id metadata")};
    const std::string& keyId = found->second;
    const QString shownId = QString::fromUtf8(keyId.data(), int(keyId.size()));

    SecretPtr key = context.keys ? context.keys->find(keyId) : nullptr;
    const bool javaConvention = !key && metadata(encoded, kCipherMetadata) == kJavaCipher
                                && AesGcm::isValidKeySize(keyId.size());
    if (javaConvention)
        key = std::make_shared<SecretBytes>(keyId);
    if (!key) {
        return Error{ErrorCode::UnknownKey,
                     QStringLiteral("unknown key id `%1`").arg(shownId)};
    }

    auto plaintext = AesGcm::open(*key, encoded.data());
    if (!plaintext.ok()) {
        const Error& error = plaintext.error();
        const QString whose = javaConvention ? QStringLiteral("key id `%1` used as the key (Java sample convention)").arg(shownId)
                                             : QStringLiteral("key `%1`").arg(shownId);
        return Error{error.code, QStringLiteral("%1 (%2)").arg(error.message, whose)};
    }
    return parseInner(plaintext.value());
}

Result<PayloadCodec::Payload> EncryptionCodec::encode(const Payload& plain, const CodecContext& context) const
{
    const std::string& keyId = context.encryptionKeyId;
    SecretPtr key = context.keys ? context.keys->find(keyId) : nullptr;
    if (!key) {
        return Error{ErrorCode::UnknownKey,
                     QStringLiteral("unknown key id `%1`").arg(QString::fromUtf8(keyId.data(), int(keyId.size())))};
    }
    auto nonce = AesGcm::randomNonce();
    if (!nonce.ok())
        return nonce.error();
    auto sealed = AesGcm::seal(*key, nonce.value(), plain.SerializeAsString());
    if (!sealed.ok())
        return sealed.error();
    Payload encrypted;
    (*encrypted.mutable_metadata())["encoding"] = kEncoding;
    (*encrypted.mutable_metadata())[kKeyIdMetadata] = keyId;
    encrypted.set_data(std::move(sealed.value()));
    return encrypted;
}

} // namespace hl
