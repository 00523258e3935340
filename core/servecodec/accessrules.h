#pragma once

#include "servecodec/accesstoken.h"

#include <QString>

#include <string>
#include <vector>

namespace hl {

// Who may use a serve-codec server that requires access tokens, read from a TOML file:
//
//   [token]
//   issuer = "https://idp.example.com/"     # the token's iss must equal it
//   audience = ["historylens"]              # its aud must hold one of them
//   permissions_claim = "permissions"       # where "<namespace>:<role>" entries are (Temporal's default mapper)
//   leeway_seconds = 60
//
//   [access]
//   email_domains = ["example.com"]         # the token's (verified) email must be in one of them, or
//   subjects = ["user-123"]                 # its sub one of these; with neither list, any valid token passes
//   check_roles = true                      # decode needs read, encode needs write, in the request's namespace
//   on_denied = "reject"                    # or "return-encoded": payloads come back as they were sent
//
// A request either passes or is denied with a reason; what a denial becomes (401, 403 or the payloads unchanged)
// is decided here too, so no caller can forget a case.
class AccessRules {
public:
    enum class Operation { Decode, Encode };
    enum class Outcome {
        Allow,
        Unauthenticated, // 401: no token, or one that does not verify
        Forbidden,       // 403: a valid token the rules do not admit
        ReturnEncoded,   // 200 with the payloads as they came (decode only)
    };
    struct Decision {
        Outcome outcome = Outcome::Allow;
        QString reason; // for the log and the error body; never the token
        std::string subject;
    };

    // The roles of Temporal's authorizer, as bits; a role in "temporal-system" holds for every namespace.
    enum Role { RoleWorker = 1, RoleReader = 2, RoleWriter = 4, RoleAdmin = 8 };

    static Result<AccessRules> readFile(const QString& path);
    static Result<AccessRules> parse(std::string_view toml, const QString& origin);

    const AccessTokenVerifier::Options& tokenOptions() const { return m_token; }

    // `claims` is the verified token, or the reason it failed.
    Decision decide(const Result<TokenClaims>& claims, const std::string& temporalNamespace, Operation operation) const;
    // The role bits `permissions` give in `temporalNamespace`.
    static int rolesIn(const std::vector<std::string>& permissions, const std::string& temporalNamespace);

private:
    AccessTokenVerifier::Options m_token;
    std::vector<std::string> m_emailDomains; // lower case, no '@'
    std::vector<std::string> m_subjects;
    bool m_checkRoles = false;
    bool m_returnEncoded = false;
};

} // namespace hl
