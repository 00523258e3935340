#include "fuzztargets.h"

#include "frontend/clientconfig.h"
#include "servecodec/accessrules.h"

namespace hl::fuzz {

// The TOML files HistoryLens reads: temporal.toml client profiles (the temporal CLI's and the SDKs' envconfig
// format) and serve-codec's access rules. Both parsers see every input.
int profileToml(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)ClientConfig::parseProfiles(text, QStringLiteral("fuzz.toml"));
    auto rules = AccessRules::parse(text, QStringLiteral("fuzz.toml"));
    if (rules) {
        Result<TokenClaims> claims = TokenClaims{"user-1", "user@example.com", true, "https://idp/", {"default:read"}};
        (void)rules->decide(claims, "default", AccessRules::Operation::Decode);
        (void)rules->decide(claims, "default", AccessRules::Operation::Encode);
    }
    return 0;
}

} // namespace hl::fuzz
