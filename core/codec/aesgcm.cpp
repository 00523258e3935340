#include "codec/aesgcm.h"

#include "codec/aesgcmopener.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <memory>

namespace hl {

namespace {

struct ContextDeleter {
    void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, ContextDeleter>;

const unsigned char* bytes(std::string_view text)
{
    return reinterpret_cast<const unsigned char*>(text.data());
}

Error invalidKey(size_t size)
{
    return Error{ErrorCode::InvalidKey, QStringLiteral("the key is %1 bytes; AES-GCM needs 16, 24 or 32").arg(size)};
}

} // namespace

const EVP_CIPHER* AesGcm::cipherFor(size_t keySize)
{
    switch (keySize) {
    case 16:
        return EVP_aes_128_gcm();
    case 24:
        return EVP_aes_192_gcm();
    default:
        return EVP_aes_256_gcm();
    }
}

Result<std::string> AesGcm::open(const SecretBytes& key, std::string_view sealed)
{
    AesGcmOpener opener;
    std::string plaintext;
    if (auto opened = opener.open(key, sealed, &plaintext); !opened.ok())
        return opened.error();
    return plaintext;
}

Result<std::string> AesGcm::seal(const SecretBytes& key, std::string_view nonce, std::string_view plaintext)
{
    if (!isValidKeySize(key.size()))
        return invalidKey(key.size());
    if (nonce.size() != kNonceSize || plaintext.size() > size_t(INT_MAX) - kNonceSize - kTagSize)
        return Error{ErrorCode::UsageError, QStringLiteral("AES-GCM needs a 12-byte nonce and less than 2 GiB")};
    std::string sealed(nonce);
    sealed.resize(kNonceSize + plaintext.size() + kTagSize);
    auto* out = reinterpret_cast<unsigned char*>(sealed.data()) + kNonceSize;
    CipherContext context(EVP_CIPHER_CTX_new());
    int length = 0;
    int finalLength = 0;
    const bool ok = context
                    && EVP_EncryptInit_ex(context.get(), cipherFor(key.size()), nullptr, key.data(), bytes(nonce)) == 1
                    && EVP_EncryptUpdate(context.get(), out, &length, bytes(plaintext), int(plaintext.size())) == 1
                    && EVP_EncryptFinal_ex(context.get(), out + length, &finalLength) == 1
                    && EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, int(kTagSize),
                                           out + plaintext.size())
                           == 1;
    if (!ok)
        return Error{ErrorCode::ReadFailed, QStringLiteral("AES-GCM encryption failed")};
    return sealed;
}

Result<std::string> AesGcm::randomNonce()
{
    // Never a fallback nonce: reusing one under a key would leak plaintext.
    std::string nonce(kNonceSize, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), int(kNonceSize)) != 1)
        return Error{ErrorCode::ReadFailed, QStringLiteral("the system has no random bytes for a nonce")};
    return nonce;
}

} // namespace hl
