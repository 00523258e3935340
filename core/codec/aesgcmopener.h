#pragma once

#include "keys/secretbytes.h"
#include "support/result.h"

#include <string>
#include <string_view>

struct evp_cipher_ctx_st;

namespace hl {

// Opens AES-GCM sealed data (nonce || ciphertext || tag) one after another, keeping the last key's schedule so a
// run of payloads under one key pays for it once. The schedule is wiped when the opener is destroyed; keep one per
// thread for the length of one decoding run.
class AesGcmOpener {
public:
    AesGcmOpener();
    ~AesGcmOpener();
    AesGcmOpener(const AesGcmOpener&) = delete;
    AesGcmOpener& operator=(const AesGcmOpener&) = delete;

    // Errors: InvalidKey, Truncated, AuthenticationFailed. `plaintext`'s capacity is reused.
    Result<void> open(const SecretBytes& key, std::string_view sealed, std::string* plaintext);

private:
    evp_cipher_ctx_st* m_context;
    const SecretBytes* m_key = nullptr; // the key whose schedule m_context holds
};

} // namespace hl
