#include "servecodec/accessrules.h"

#include "support/regularfilereader.h"

#include <QFile>

// toml++ reports parse errors as exceptions; they are caught here and become Errors.
#include <toml++/toml.h>

#include <algorithm>

namespace hl {

namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

// A string or a list of strings.
bool strings(const toml::node* node, std::vector<std::string>* out)
{
    if (!node)
        return true;
    if (auto text = node->value<std::string>()) {
        out->push_back(*text);
        return true;
    }
    const toml::array* array = node->as_array();
    if (!array)
        return false;
    for (const toml::node& entry : *array) {
        auto text = entry.value<std::string>();
        if (!text)
            return false;
        out->push_back(*text);
    }
    return true;
}

} // namespace

Result<AccessRules> AccessRules::readFile(const QString& path)
{
    auto bytes = RegularFileReader::read(path, 1024 * 1024, QStringLiteral("the rules file"));
    if (!bytes)
        return bytes.error();
    return parse(std::string_view(bytes.value().constData(), size_t(bytes.value().size())), path);
}

Result<AccessRules> AccessRules::parse(std::string_view text, const QString& origin)
{
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error& error) {
        return Error{ErrorCode::InvalidStructure, QString::fromUtf8(error.description().data(), qsizetype(error.description().size())),
                     origin, QStringLiteral("line %1").arg(error.source().begin.line)};
    }
    auto bad = [&](const char* key, const char* what) {
        return Error{ErrorCode::InvalidStructure, QStringLiteral("%1 must be %2").arg(QLatin1String(key), QLatin1String(what)), origin};
    };
    for (auto&& [key, value] : root) {
        if (key != "token" && key != "access")
            return Error{ErrorCode::InvalidStructure, QStringLiteral("unknown section [%1] (token, access)").arg(QString::fromUtf8(key.data(), qsizetype(key.length()))), origin};
    }
    AccessRules rules;
    if (const toml::table* token = root["token"].as_table()) {
        for (auto&& [key, value] : *token) {
            if (key != "issuer" && key != "audience" && key != "permissions_claim" && key != "leeway_seconds")
                return Error{ErrorCode::InvalidStructure, QStringLiteral("unknown key token.%1").arg(QString::fromUtf8(key.data(), qsizetype(key.length()))), origin};
        }
        if (const toml::node* issuer = token->get("issuer")) {
            if (!issuer->is_string())
                return bad("token.issuer", "a string");
            rules.m_token.issuer = *issuer->value<std::string>();
        }
        if (!strings(token->get("audience"), &rules.m_token.audiences))
            return bad("token.audience", "a string or a list of strings");
        if (const toml::node* claim = token->get("permissions_claim")) {
            if (!claim->is_string())
                return bad("token.permissions_claim", "a string");
            rules.m_token.permissionsClaim = *claim->value<std::string>();
        }
        if (const toml::node* leeway = token->get("leeway_seconds")) {
            // Only a TOML integer: toml++'s value<int64_t>() converts a float too, with undefined behaviour when it
            // is out of int64's range (4.4e75).
            const toml::value<int64_t>* integer = leeway->as_integer();
            const std::optional<int64_t> seconds = integer ? std::optional<int64_t>(integer->get()) : std::nullopt;
            if (!seconds || *seconds < 0 || *seconds > 3600)
                return bad("token.leeway_seconds", "0 to 3600");
            rules.m_token.leewaySeconds = int(*seconds);
        }
    }
    if (const toml::table* access = root["access"].as_table()) {
        for (auto&& [key, value] : *access) {
            if (key != "email_domains" && key != "subjects" && key != "check_roles" && key != "on_denied")
                return Error{ErrorCode::InvalidStructure, QStringLiteral("unknown key access.%1").arg(QString::fromUtf8(key.data(), qsizetype(key.length()))), origin};
        }
        std::vector<std::string> domains;
        if (!strings(access->get("email_domains"), &domains))
            return bad("access.email_domains", "a list of strings");
        for (std::string& domain : domains) {
            domain = lower(domain);
            if (!domain.empty() && domain.front() == '@')
                domain.erase(0, 1);
            if (domain.empty())
                return bad("access.email_domains", "a list of domain names");
            rules.m_emailDomains.push_back(domain);
        }
        if (!strings(access->get("subjects"), &rules.m_subjects))
            return bad("access.subjects", "a list of strings");
        if (const toml::node* check = access->get("check_roles")) {
            if (!check->is_boolean())
                return bad("access.check_roles", "true or false");
            rules.m_checkRoles = *check->value<bool>();
        }
        if (const toml::node* denied = access->get("on_denied")) {
            const auto value = denied->value<std::string>();
            if (!value || (*value != "reject" && *value != "return-encoded"))
                return bad("access.on_denied", "\"reject\" or \"return-encoded\"");
            rules.m_returnEncoded = *value == "return-encoded";
        }
    }
    return rules;
}

int AccessRules::rolesIn(const std::vector<std::string>& permissions, const std::string& temporalNamespace)
{
    int roles = 0;
    for (const std::string& entry : permissions) {
        const size_t colon = entry.rfind(':');
        if (colon == std::string::npos)
            continue;
        const std::string space = entry.substr(0, colon);
        if (space != temporalNamespace && space != "temporal-system")
            continue;
        const std::string role = lower(entry.substr(colon + 1));
        if (role == "read" || role == "reader")
            roles |= RoleReader;
        else if (role == "write" || role == "writer")
            roles |= RoleWriter;
        else if (role == "worker")
            roles |= RoleWorker;
        else if (role == "admin")
            roles |= RoleAdmin;
    }
    return roles;
}

AccessRules::Decision AccessRules::decide(const Result<TokenClaims>& claims, const std::string& temporalNamespace,
                                          Operation operation) const
{
    Decision decision;
    auto deny = [&](Outcome outcome, QString reason) {
        // Payloads go back unchanged only for decoding: an unencoded answer to /encode would put plaintext into the
        // history.
        decision.outcome = m_returnEncoded && operation == Operation::Decode ? Outcome::ReturnEncoded : outcome;
        decision.reason = std::move(reason);
        return decision;
    };
    if (!claims)
        return deny(Outcome::Unauthenticated, claims.error().message);
    const TokenClaims& token = claims.value();
    decision.subject = !token.email.empty() ? token.email : token.subject;
    if (!m_emailDomains.empty() || !m_subjects.empty()) {
        bool admitted = std::find(m_subjects.begin(), m_subjects.end(), token.subject) != m_subjects.end();
        const size_t at = token.email.rfind('@');
        if (!admitted && at != std::string::npos && token.emailVerified) {
            const std::string domain = lower(token.email.substr(at + 1));
            admitted = std::find(m_emailDomains.begin(), m_emailDomains.end(), domain) != m_emailDomains.end();
        }
        if (!admitted)
            return deny(Outcome::Forbidden, QStringLiteral("%1 is not among the allowed subjects or email domains")
                                                .arg(QString::fromStdString(decision.subject)));
    }
    if (m_checkRoles) {
        const int roles = rolesIn(token.permissions, temporalNamespace);
        const int needed = operation == Operation::Decode ? RoleReader : RoleWriter;
        if (roles < needed)
            return deny(Outcome::Forbidden, QStringLiteral("%1 has no %2 role in namespace %3 (claim %4)")
                                                .arg(QString::fromStdString(decision.subject),
                                                     operation == Operation::Decode ? QStringLiteral("read") : QStringLiteral("write"),
                                                     QString::fromStdString(temporalNamespace),
                                                     QString::fromStdString(m_token.permissionsClaim)));
    }
    return decision;
}

} // namespace hl
