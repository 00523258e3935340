#include "servecodec/accesstoken.h"

#include "servecodec/base64url.h"

#include <cjose/header.h>

#include <cstdlib>
#include <cjose/jws.h>
#include <simdjson.h>

#include <cmath>
#include <cstring>

namespace hl {

namespace {

Error refused(const QString& why)
{
    return Error{ErrorCode::Unauthenticated, QStringLiteral("access token refused: ") + why};
}

struct JwsDeleter {
    void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};

// The key type and curve each accepted algorithm needs (RFC 7518 §3.1).
struct AlgorithmNeeds {
    const char* name;
    const char* keyType;
    const char* curve;
};
constexpr AlgorithmNeeds kAccepted[] = {
    {"RS256", "RSA", nullptr}, {"RS384", "RSA", nullptr}, {"RS512", "RSA", nullptr},
    {"PS256", "RSA", nullptr}, {"PS384", "RSA", nullptr}, {"PS512", "RSA", nullptr},
    {"ES256", "EC", "P-256"},  {"ES384", "EC", "P-384"},  {"ES512", "EC", "P-521"},
};

const AlgorithmNeeds* acceptedAlgorithm(std::string_view name)
{
    for (const auto& algorithm : kAccepted) {
        if (name == algorithm.name)
            return &algorithm;
    }
    return nullptr;
}

QString text(std::string_view value)
{
    // Header fields are attacker-chosen: shown short, never whole.
    const std::string_view shown = value.substr(0, 40);
    return QString::fromUtf8(shown.data(), qsizetype(shown.size())) + (value.size() > 40 ? QStringLiteral("…") : QString());
}

// A NumericDate claim (RFC 7519 §2): seconds since the epoch, possibly fractional.
bool numericDate(simdjson::dom::object claims, const char* name, qint64* out, bool* present)
{
    simdjson::dom::element value;
    *present = !claims[name].get(value);
    if (!*present)
        return true;
    double seconds = 0;
    if (value.get_double().get(seconds) || !std::isfinite(seconds) || std::fabs(seconds) > 1e13)
        return false;
    *out = qint64(seconds);
    return true;
}

} // namespace

AccessTokenVerifier::AccessTokenVerifier(Options options, KeySetSource keys)
    : m_options(std::move(options)), m_keys(std::move(keys))
{
}

Result<TokenClaims> AccessTokenVerifier::verify(std::string_view authorization, const QDateTime& now) const
{
    if (authorization.empty())
        return refused(QStringLiteral("the request has no Authorization header (Bearer token)"));
    constexpr std::string_view kBearer = "bearer ";
    if (authorization.size() <= kBearer.size()
        || QByteArray(authorization.data(), int(kBearer.size())).toLower() != QByteArray(kBearer.data(), int(kBearer.size())))
        return refused(QStringLiteral("the Authorization header is not a Bearer token"));
    std::string_view token = authorization.substr(kBearer.size());
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
        token.remove_suffix(1);
    if (token.size() > kMaxTokenBytes)
        return refused(QStringLiteral("the token is longer than 16 KiB"));
    if (std::count(token.begin(), token.end(), '.') != 2)
        return refused(QStringLiteral("not a signed JWT (a JWS in compact form has three parts)"));
    for (size_t start = 0; start <= token.size();) {
        const size_t end = std::min(token.find('.', start), token.size());
        if (!Base64Url::isWellFormed(token.substr(start, end - start)))
            return refused(QStringLiteral("not a signed JWT (a part is not unpadded base64url)"));
        start = end + 1;
    }

    cjose_err error{};
    std::unique_ptr<cjose_jws_t, JwsDeleter> jws(cjose_jws_import(token.data(), token.size(), &error));
    if (!jws)
        return refused(QStringLiteral("not a readable JWS (%1)").arg(QString::fromUtf8(error.message ? error.message : "")));
    cjose_header_t* header = cjose_jws_get_protected(jws.get());
    const char* algorithmName = header ? cjose_header_get(header, CJOSE_HDR_ALG, &error) : nullptr;
    if (!algorithmName)
        return refused(QStringLiteral("the token names no algorithm"));
    const AlgorithmNeeds* algorithm = acceptedAlgorithm(algorithmName);
    if (!algorithm)
        return refused(QStringLiteral("algorithm %1 is not accepted (RS256, RS384, RS512, PS256, PS384, PS512, ES256, "
                                      "ES384, ES512 are)")
                           .arg(text(algorithmName)));
    // RFC 7515 §4.1.11: a header parameter listed in `crit` must be understood, and this verifier understands no
    // extension, so any `crit` (well-formed or not) refuses the token.
    if (char* critical = cjose_header_get_raw(header, "crit", &error)) {
        const QString listed = text(critical);
        std::free(critical);
        return refused(QStringLiteral("the token has critical header parameters this server does not understand (crit: %1)").arg(listed));
    }
    const char* keyIdText = cjose_header_get(header, CJOSE_HDR_KID, &error);
    const std::string keyId = keyIdText ? keyIdText : "";

    std::shared_ptr<const JwkSet> keys = m_keys ? m_keys(false) : nullptr;
    const JwkSet::Key* key = keys ? keys->find(keyId) : nullptr;
    if (!key && m_keys) {
        keys = m_keys(true);
        key = keys ? keys->find(keyId) : nullptr;
    }
    if (!keys)
        return refused(QStringLiteral("no key set to verify it with"));
    if (!key)
        return refused(keyId.empty() ? QStringLiteral("the token names no key (kid) and the key set holds %1").arg(keys->keys().size())
                                     : QStringLiteral("no key %1 in the key set").arg(text(keyId)));
    if (key->type != algorithm->keyType || (algorithm->curve && key->curve != algorithm->curve)
        || (!key->algorithm.empty() && key->algorithm != algorithm->name))
        return refused(QStringLiteral("algorithm %1 does not fit key %2 (%3%4)")
                           .arg(QLatin1String(algorithm->name), text(key->keyId), QString::fromStdString(key->type),
                                key->algorithm.empty() ? QString() : QStringLiteral(", ") + QString::fromStdString(key->algorithm)));
    if (!cjose_jws_verify(jws.get(), key->jwk.get(), &error))
        return refused(QStringLiteral("the signature does not verify with key %1").arg(text(key->keyId)));

    uint8_t* plaintext = nullptr;
    size_t plaintextSize = 0;
    if (!cjose_jws_get_plaintext(jws.get(), &plaintext, &plaintextSize, &error))
        return refused(QStringLiteral("no claims"));
    simdjson::dom::parser parser;
    simdjson::padded_string padded(reinterpret_cast<const char*>(plaintext), plaintextSize);
    simdjson::dom::object claims;
    if (parser.parse(padded).get_object().get(claims))
        return refused(QStringLiteral("the claims are not a JSON object"));

    const qint64 nowSeconds = now.toSecsSinceEpoch();
    qint64 expires = 0, notBefore = 0;
    bool hasExpiry = false, hasNotBefore = false;
    if (!numericDate(claims, "exp", &expires, &hasExpiry) || !numericDate(claims, "nbf", &notBefore, &hasNotBefore))
        return refused(QStringLiteral("exp or nbf is not a number of seconds"));
    if (!hasExpiry)
        return refused(QStringLiteral("the token has no expiry (exp)"));
    if (nowSeconds > expires + m_options.leewaySeconds)
        return refused(QStringLiteral("the token expired at %1").arg(QDateTime::fromSecsSinceEpoch(expires, Qt::UTC).toString(Qt::ISODate)));
    if (hasNotBefore && nowSeconds + m_options.leewaySeconds < notBefore)
        return refused(QStringLiteral("the token is not valid before %1")
                           .arg(QDateTime::fromSecsSinceEpoch(notBefore, Qt::UTC).toString(Qt::ISODate)));

    TokenClaims result;
    std::string_view value;
    if (!claims["iss"].get_string().get(value))
        result.issuer = std::string(value);
    if (!m_options.issuer.empty() && result.issuer != m_options.issuer)
        return refused(QStringLiteral("issuer %1 is not %2").arg(text(result.issuer), QString::fromStdString(m_options.issuer)));
    if (!m_options.audiences.empty()) {
        std::vector<std::string> audiences;
        simdjson::dom::element audience;
        if (!claims["aud"].get(audience)) {
            simdjson::dom::array list;
            if (!audience.get_string().get(value)) {
                audiences.emplace_back(value);
            } else if (!audience.get_array().get(list)) {
                for (auto entry : list) {
                    if (!entry.get_string().get(value))
                        audiences.emplace_back(value);
                }
            }
        }
        bool matched = false;
        for (const std::string& wanted : m_options.audiences)
            matched = matched || std::find(audiences.begin(), audiences.end(), wanted) != audiences.end();
        if (!matched)
            return refused(QStringLiteral("the audience (aud) is not %1")
                               .arg(QString::fromStdString(m_options.audiences.front())));
    }
    if (!claims["sub"].get_string().get(value))
        result.subject = std::string(value);
    if (!claims["email"].get_string().get(value))
        result.email = std::string(value);
    // Only the JSON boolean `true` verifies an address; `"false"`, `"true"`, 1 or null as given do not.
    simdjson::dom::element emailVerified;
    if (!claims["email_verified"].get(emailVerified)) {
        bool verified = false;
        result.emailVerified = !emailVerified.get_bool().get(verified) && verified;
    }
    simdjson::dom::array permissions;
    if (!m_options.permissionsClaim.empty() && !claims[m_options.permissionsClaim].get_array().get(permissions)) {
        for (auto entry : permissions) {
            if (!entry.get_string().get(value) && result.permissions.size() < 1000)
                result.permissions.emplace_back(value);
        }
    }
    return result;
}

} // namespace hl
