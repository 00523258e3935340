#include "servecodec/jwkset.h"

#include "servecodec/base64url.h"

#include <cjose/jwk.h>
#include <simdjson.h>

namespace hl {

namespace {

std::string stringField(simdjson::dom::object object, const char* name)
{
    std::string_view value;
    if (object[name].get_string().get(value))
        return {};
    return std::string(value);
}

} // namespace

Result<std::shared_ptr<const JwkSet>> JwkSet::parse(std::string_view json, const QString& origin)
{
    if (json.size() > kMaxBytes)
        return Error{ErrorCode::TooLarge, QStringLiteral("the key set is larger than 1 MiB"), origin};
    simdjson::dom::parser parser;
    simdjson::padded_string padded(json);
    simdjson::dom::element root;
    if (auto error = parser.parse(padded).get(root))
        return Error{ErrorCode::InvalidJson,
                     QStringLiteral("the key set is not JSON (%1)").arg(QLatin1String(simdjson::error_message(error))),
                     origin};
    simdjson::dom::array keys;
    if (root["keys"].get_array().get(keys))
        return Error{ErrorCode::InvalidStructure, QStringLiteral("the key set has no \"keys\" array (RFC 7517 §5)"),
                     origin};
    auto set = std::make_shared<JwkSet>();
    for (simdjson::dom::element element : keys) {
        if (set->m_keys.size() >= kMaxKeys)
            return Error{ErrorCode::TooLarge, QStringLiteral("the key set holds more than %1 keys").arg(kMaxKeys), origin};
        simdjson::dom::object object;
        if (element.get_object().get(object)) {
            ++set->m_skipped;
            continue;
        }
        Key key;
        key.keyId = stringField(object, "kid");
        key.type = stringField(object, "kty");
        key.algorithm = stringField(object, "alg");
        key.curve = stringField(object, "crv");
        const std::string use = stringField(object, "use");
        // Only public signing keys: a private member (`d`) or a symmetric key in a published set is a mistake that
        // must not turn into a way to forge tokens.
        const bool isPrivate = !stringField(object, "d").empty();
        if ((key.type != "RSA" && key.type != "EC") || (!use.empty() && use != "sig") || isPrivate) {
            ++set->m_skipped;
            continue;
        }
        // cjose reads a key rebuilt from the members it needs, each checked first (see Base64Url): never the
        // publisher's JSON as it came.
        std::string text;
        const auto member = [&](const char* name) {
            const std::string value = stringField(object, name);
            if (value.empty() || !Base64Url::isWellFormed(value))
                return false;
            text += std::string(",\"") + name + "\":\"" + value + '"';
            return true;
        };
        bool complete = false;
        if (key.type == "RSA") {
            text = "{\"kty\":\"RSA\"";
            complete = member("n") && member("e");
        } else if (key.curve == "P-256" || key.curve == "P-384" || key.curve == "P-521") {
            text = "{\"kty\":\"EC\",\"crv\":\"" + key.curve + '"';
            complete = member("x") && member("y");
        }
        if (!complete) {
            ++set->m_skipped;
            continue;
        }
        text += '}';
        cjose_err error{};
        cjose_jwk_t* jwk = cjose_jwk_import(text.data(), text.size(), &error);
        if (!jwk) {
            ++set->m_skipped;
            continue;
        }
        key.jwk.reset(jwk, [](cjose_jwk_t* k) { cjose_jwk_release(k); });
        set->m_keys.push_back(std::move(key));
    }
    if (set->m_keys.empty())
        return Error{ErrorCode::InvalidStructure,
                     QStringLiteral("the key set holds no RSA or EC public signing key (%1 left out)").arg(set->m_skipped),
                     origin};
    return std::shared_ptr<const JwkSet>(std::move(set));
}

const JwkSet::Key* JwkSet::find(std::string_view keyId) const
{
    if (keyId.empty())
        return m_keys.size() == 1 ? &m_keys.front() : nullptr;
    for (const Key& key : m_keys) {
        if (key.keyId == keyId)
            return &key;
    }
    return nullptr;
}

} // namespace hl
