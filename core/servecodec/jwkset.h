#pragma once

#include "support/result.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct _cjose_jwk_int;

namespace hl {

// The public keys of a JSON Web Key Set (RFC 7517) that may verify access tokens: RSA and EC signing keys, imported
// with cjose. Keys for encryption (`"use": "enc"`), private or symmetric keys and key types cjose cannot read are
// left out and counted, so a set that holds none that can verify says so. Immutable once read; used from any thread.
class JwkSet {
public:
    struct Key {
        std::string keyId; // `kid`, possibly empty
        std::string type;  // `kty`: "RSA" or "EC"
        std::string algorithm; // `alg` when the set names one (then only it may be used with this key)
        std::string curve;     // `crv` of an EC key: "P-256", "P-384", "P-521"
        std::shared_ptr<_cjose_jwk_int> jwk;
    };

    static constexpr size_t kMaxBytes = 1024 * 1024;
    static constexpr size_t kMaxKeys = 100;

    // `origin` names where the set came from, for errors ("jwks.json", "https://idp/.well-known/jwks.json").
    static Result<std::shared_ptr<const JwkSet>> parse(std::string_view json, const QString& origin);

    const std::vector<Key>& keys() const { return m_keys; }
    // The key named `kid`; with no `kid` in a token, the only key (a set of several needs the token to name one).
    const Key* find(std::string_view keyId) const;
    int skipped() const { return m_skipped; }

private:
    std::vector<Key> m_keys;
    int m_skipped = 0;
};

} // namespace hl
