#pragma once

#include "keys/secretbytes.h"
#include "support/result.h"

#include <string>
#include <string_view>

struct evp_cipher_st;

namespace hl {

// AES-GCM as every Temporal encryption sample lays it out: nonce(12) || ciphertext || tag(16), no associated data,
// AES-128/192/256 by key size.
class AesGcm {
public:
    static constexpr size_t kNonceSize = 12;
    static constexpr size_t kTagSize = 16;

    static bool isValidKeySize(size_t size) { return size == 16 || size == 24 || size == 32; }
    // EVP's AES-128/192/256-GCM for a valid key size.
    static const evp_cipher_st* cipherFor(size_t keySize);

    // Errors: InvalidKey, Truncated, AuthenticationFailed. For many payloads, AesGcmOpener is faster.
    static Result<std::string> open(const SecretBytes& key, std::string_view sealed);
    // `nonce` must be kNonceSize bytes and never repeat under one key.
    static Result<std::string> seal(const SecretBytes& key, std::string_view nonce, std::string_view plaintext);
    static Result<std::string> randomNonce();
};

} // namespace hl
