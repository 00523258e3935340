#pragma once

#include "servecodec/jwkset.h"

#include <QDateTime>

#include <functional>
#include <string>
#include <vector>

namespace hl {

// What a verified access token says about who sent a request.
struct TokenClaims {
    std::string subject;  // `sub`
    std::string email;    // `email`, when present
    bool emailVerified = true; // false when the token has `email_verified` as anything but the JSON boolean true
    std::string issuer;   // `iss`
    std::vector<std::string> permissions; // the role claim's entries, "<namespace>:<role>"
};

// Verifies `Authorization: Bearer <JWT>` access tokens (RFC 7519) against a JSON Web Key Set, with cjose doing the
// signature. Only asymmetric algorithms are accepted (RS, PS and ES families): `none` and HMAC are refused before any
// key is touched, and the algorithm must fit the key's type and curve, which closes the algorithm-confusion attacks
// where a public key is used as an HMAC secret. `exp` is required; `nbf`, `iss` and `aud` are checked as configured.
class AccessTokenVerifier {
public:
    struct Options {
        std::string issuer;                 // empty: any
        std::vector<std::string> audiences; // empty: any; else the token's `aud` must hold one of them
        std::string permissionsClaim = "permissions";
        int leewaySeconds = 60;             // clock skew allowed on exp and nbf
    };
    // The key set to verify with; `refresh` asks for a fresh copy because the token names a key the set lacks (a
    // rotated key). May return null when no set could be read.
    using KeySetSource = std::function<std::shared_ptr<const JwkSet>(bool refresh)>;

    static constexpr size_t kMaxTokenBytes = 16 * 1024;

    AccessTokenVerifier(Options options, KeySetSource keys);

    // `authorization` is the whole header value. Errors are Unauthenticated, with a reason that names what failed
    // (and never echoes the token).
    Result<TokenClaims> verify(std::string_view authorization, const QDateTime& now = QDateTime::currentDateTimeUtc()) const;

    const Options& options() const { return m_options; }

private:
    Options m_options;
    KeySetSource m_keys;
};

} // namespace hl
