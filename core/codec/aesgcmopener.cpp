#include "codec/aesgcmopener.h"

#include "support/opensslruntime.h"

#include "codec/aesgcm.h"

#include <openssl/evp.h>

#include <algorithm>
#include <climits>

namespace hl {

namespace {

// Before any decoding thread touches OpenSSL (see OpenSslRuntime): at load, on the main thread.
[[maybe_unused]] const bool kOpenSslReady = (OpenSslRuntime::initialize(), true);

} // namespace

namespace {

const unsigned char* bytes(std::string_view text)
{
    return reinterpret_cast<const unsigned char*>(text.data());
}

} // namespace

AesGcmOpener::AesGcmOpener() : m_context(EVP_CIPHER_CTX_new()) {}

AesGcmOpener::~AesGcmOpener()
{
    EVP_CIPHER_CTX_free(m_context); // cleanses the key schedule
}

Result<void> AesGcmOpener::open(const SecretBytes& key, std::string_view sealed, std::string* plaintext)
{
    if (!AesGcm::isValidKeySize(key.size()))
        return Error{ErrorCode::InvalidKey, QStringLiteral("the key is %1 bytes; AES-GCM needs 16, 24 or 32").arg(key.size())};
    if (sealed.size() < AesGcm::kNonceSize + AesGcm::kTagSize) {
        return Error{ErrorCode::Truncated, QStringLiteral("encrypted data is %1 bytes, shorter than nonce and tag (%2 bytes)")
                                               .arg(sealed.size())
                                               .arg(AesGcm::kNonceSize + AesGcm::kTagSize)};
    }
    if (sealed.size() > size_t(INT_MAX))
        return Error{ErrorCode::TooLarge, QStringLiteral("encrypted data is too large")};
    if (!m_context)
        return Error{ErrorCode::ReadFailed, QStringLiteral("OpenSSL has no cipher context")};

    const std::string_view nonce = sealed.substr(0, AesGcm::kNonceSize);
    const std::string_view ciphertext = sealed.substr(AesGcm::kNonceSize, sealed.size() - AesGcm::kNonceSize - AesGcm::kTagSize);
    unsigned char tag[AesGcm::kTagSize];
    std::copy(sealed.end() - AesGcm::kTagSize, sealed.end(), tag);

    // A new key sets cipher and key; the same key again only a new nonce.
    const bool sameKey = m_key == &key;
    const bool started = sameKey ? EVP_DecryptInit_ex(m_context, nullptr, nullptr, nullptr, bytes(nonce)) == 1
                                 : EVP_DecryptInit_ex(m_context, AesGcm::cipherFor(key.size()), nullptr, key.data(), bytes(nonce)) == 1;
    m_key = started ? &key : nullptr;
    plaintext->resize(ciphertext.size());
    auto* out = reinterpret_cast<unsigned char*>(plaintext->data());
    int length = 0;
    int finalLength = 0;
    const bool ok = started
                    && EVP_DecryptUpdate(m_context, out, &length, bytes(ciphertext), int(ciphertext.size())) == 1
                    && EVP_CIPHER_CTX_ctrl(m_context, EVP_CTRL_GCM_SET_TAG, int(AesGcm::kTagSize), tag) == 1
                    && EVP_DecryptFinal_ex(m_context, out + length, &finalLength) == 1;
    if (!ok) {
        plaintext->clear();
        return Error{ErrorCode::AuthenticationFailed, QStringLiteral("authentication failed: wrong key, or the data was changed")};
    }
    plaintext->resize(size_t(length + finalLength));
    return {};
}

} // namespace hl
