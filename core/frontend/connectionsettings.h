#pragma once

#include "keys/keystore.h"

#include <QByteArray>
#include <QString>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace hl {

// How to reach a Temporal frontend: what the temporal CLI's client flags, TEMPORAL_* variables and a temporal.toml
// profile say, after precedence was applied. Secrets (the API key) are held in wiped memory and never printed.
struct ConnectionSettings {
    static constexpr const char* kDefaultAddress = "localhost:7233";
    static constexpr const char* kDefaultNamespace = "default";

    QString profile;    // the profile these came from ("default" when none was named); for titles and messages
    QString address = QString::fromLatin1(kDefaultAddress);
    QString temporalNamespace = QString::fromLatin1(kDefaultNamespace);
    QString authority;  // :authority override

    SecretPtr apiKey;   // sent as "authorization: Bearer <key>"

    // TLS: on when asked for, when any TLS setting is given, or when an API key is set; `tls` false forces it off.
    std::optional<bool> tls;
    QString serverCaCertPath;
    QByteArray serverCaCertData;
    QString clientCertPath;
    QByteArray clientCertData;
    QString clientKeyPath;
    SecretPtr clientKeyData; // a private key is a secret too
    SecretPtr clientKeyPassphrase; // for an encrypted client key (PEM "ENCRYPTED PRIVATE KEY")
    QString serverName;      // SNI and host-verification override
    bool disableHostVerification = false;

    std::vector<std::pair<QString, QString>> grpcMeta; // extra metadata, keys lower-cased

    int callTimeoutMs = 0; // a deadline for each call (0: the client's default); a long poll gets its own

    QString codecEndpoint; // remote Codec Server (used by the Codec Server client)
    SecretPtr codecAuth;

    // Sets metadata `key` (already lower case), replacing an earlier value for it.
    void setGrpcMeta(const QString& key, const QString& value)
    {
        removeGrpcMeta(key);
        grpcMeta.emplace_back(key, value);
    }
    void removeGrpcMeta(const QString& key)
    {
        grpcMeta.erase(std::remove_if(grpcMeta.begin(), grpcMeta.end(), [&](const auto& entry) { return entry.first == key; }),
                       grpcMeta.end());
    }

    bool tlsEnabled() const
    {
        if (tls)
            return *tls;
        return apiKey || !serverCaCertPath.isEmpty() || !serverCaCertData.isEmpty() || !clientCertPath.isEmpty()
            || !clientCertData.isEmpty() || !clientKeyPath.isEmpty() || clientKeyData || !serverName.isEmpty()
            || disableHostVerification;
    }

    // "localhost:7233 (namespace default)": for messages, never with a secret.
    QString describe() const
    {
        return QStringLiteral("%1 (namespace %2)").arg(address, temporalNamespace);
    }
};

} // namespace hl
