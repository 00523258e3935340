#include "codec/encryptioncodec.h"

#include "codec/aesgcm.h"
#include "codec/aesgcmopener.h"
#include "codec/aesgcmselftest.h"
#include "codec/codecscratch.h"

namespace hl {

std::string EncryptionCodec::describe(const Payload& encoded) const
{
    const auto found = encoded.metadata().find(kKeyIdMetadata);
    if (found == encoded.metadata().end())
        return kEncoding;
    return std::string(kEncoding) + "(key " + found->second + ")";
}

Result<void> EncryptionCodec::decode(const Payload& encoded, Payload* inner, const CodecContext& context) const
{
    if (auto checked = AesGcmSelfTest::status(); !checked)
        return checked.error();
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

    thread_local std::string plaintext; // reused: payloads are decoded by the thousand
    AesGcmOpener oneOff;
    AesGcmOpener& opener = context.scratch ? *context.scratch->opener : oneOff;
    if (auto opened = opener.open(*key, encoded.data(), &plaintext); !opened.ok()) {
        const Error& error = opened.error();
        const QString whose = javaConvention ? QStringLiteral("key id `%1` used as the key (Java sample convention)").arg(shownId)
                                             : QStringLiteral("key `%1`").arg(shownId);
        return Error{error.code, QStringLiteral("%1 (%2)").arg(error.message, whose)};
    }
    return parseInner(plaintext, inner);
}

Result<PayloadCodec::Payload> EncryptionCodec::encode(const Payload& plain, const CodecContext& context) const
{
    if (auto checked = AesGcmSelfTest::status(); !checked)
        return checked.error();
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
