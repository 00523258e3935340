#pragma once

#include <QString>

#include <map>
#include <optional>

namespace hl {

// One `[profile.<name>]` of Temporal's client configuration file (temporal.toml), as written: every key is
// optional, and what is unset falls through to the next source. The API key and codec auth may be here because a
// user put them in the file; HistoryLens itself never writes a secret into it.
struct ClientProfile {
    std::optional<QString> address;
    std::optional<QString> temporalNamespace;
    std::optional<QString> apiKey;
    std::optional<QString> authority;

    bool hasTlsTable = false; // `[profile.x.tls]` present: TLS on unless `disabled`
    std::optional<bool> tlsDisabled;
    std::optional<QString> clientCertPath, clientCertData;
    std::optional<QString> clientKeyPath, clientKeyData;
    std::optional<QString> serverCaCertPath, serverCaCertData;
    std::optional<QString> serverName;
    std::optional<bool> disableHostVerification;

    std::optional<QString> codecEndpoint;
    std::optional<QString> codecAuth;

    std::map<QString, QString> grpcMeta; // keys as normalized: lower case, '_' as '-'
};

} // namespace hl
