#include "fuzzdata.h"
#include "fuzztargets.h"

#include "servecodec/accesstoken.h"
#include "servecodec/jwkset.h"
#include "support/sourcereader.h"

#include <QDateTime>

namespace hl::fuzz {

namespace {

std::shared_ptr<const JwkSet> fixtureKeys()
{
    const QString path = fixtureFile("jwks.json");
    if (path.isEmpty())
        return nullptr;
    auto bytes = SourceReader::readFile(path, JwkSet::kMaxBytes);
    if (!bytes)
        return nullptr;
    auto set = JwkSet::parse(bytes->toStdString(), path);
    return set ? set.value() : nullptr;
}

} // namespace

// An even first byte: the rest is an Authorization header, verified against the fixture's JWKS (signature, alg
// against key, exp, nbf, iss, aud) as of when the run started. An odd one: the rest
// is a JWKS as a file or an identity provider serves it, and every key it yields is looked up.
int accessToken(const uint8_t* data, size_t size)
{
    if (size < 1)
        return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] % 2 == 1) {
        auto set = JwkSet::parse(rest, QStringLiteral("fuzz"));
        if (set) {
            for (const auto& key : set.value()->keys())
                (void)set.value()->find(key.keyId);
            (void)set.value()->find({});
        }
        return 0;
    }
    static const std::shared_ptr<const JwkSet> keys = fixtureKeys();
    AccessTokenVerifier::Options options;
    options.issuer = "https://idp.historylens.test/";
    options.audiences = {"historylens-codec"};
    static const QDateTime now = QDateTime::currentDateTimeUtc();
    const AccessTokenVerifier verifier(options, [](bool) { return keys; });
    auto claims = verifier.verify(rest, now);
    if (!claims) {
        // A refusal never repeats the token.
        const QByteArray reason = claims.error().toString().toUtf8();
        const std::string_view token = credentialOf(rest);
        if (!token.empty() && reason.contains(QByteArray(token.data(), qsizetype(token.size()))))
            std::abort();
    }
    return 0;
}

} // namespace hl::fuzz
