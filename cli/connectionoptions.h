#pragma once

#include "frontend/connectionsettings.h"
#include "support/result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QStringList>

#include <vector>

namespace hl {

// The temporal CLI's client flags, spelled as it spells them (--address, --namespace, --profile, --api-key, --tls,
// --tls-ca-path, ..., --grpc-meta), added to a command's parser and resolved with the client configuration (profile,
// TEMPORAL_* variables, legacy env file) underneath, flags strongest.
class ConnectionOptions {
public:
    ConnectionOptions();

    void addTo(QCommandLineParser& parser) const;
    // `--tls=false` and `--tls=true`, which QCommandLineParser cannot take, as --no-tls and --tls.
    static QStringList normalized(const QStringList& arguments);

    Result<ConnectionSettings> resolve(const QCommandLineParser& parser,
                                       const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) const;

    QCommandLineOption namespaceOption;

    // "5s", "1500ms", "2m" or a number of seconds, as milliseconds; -1 when it is none of these.
    static int durationMs(const QString& text);

private:
    std::vector<QCommandLineOption> m_options;
    QCommandLineOption m_address, m_profile, m_configFile, m_disableConfigFile, m_disableConfigEnv, m_env, m_envFile,
        m_apiKey, m_apiKeyFile, m_tls, m_noTls, m_caPath, m_caData, m_certPath, m_certData, m_keyPath, m_keyData, m_serverName,
        m_disableHostVerification, m_authority, m_grpcMeta, m_commandTimeout;
};

} // namespace hl
