#include "cli/connectionoptions.h"

#include "cli/argvsecrets.h"

#include "frontend/clientconfig.h"

#include <QRegularExpression>

namespace hl {

namespace {

QCommandLineOption valueOption(const QString& name, const QString& help, const QString& value)
{
    return QCommandLineOption(name, help, value);
}

} // namespace

ConnectionOptions::ConnectionOptions()
    : namespaceOption({QStringLiteral("n"), QStringLiteral("namespace")},
                      QStringLiteral("Temporal namespace (default: the profile's, else \"default\"); stored keys scoped to "
                                     "other namespaces are not used"),
                      QStringLiteral("NS"))
    , m_address(valueOption(QStringLiteral("address"), QStringLiteral("Frontend address host:port (default localhost:7233)"),
                            QStringLiteral("HOST:PORT")))
    , m_profile(valueOption(QStringLiteral("profile"), QStringLiteral("Profile of the client configuration file (TEMPORAL_PROFILE)"),
                            QStringLiteral("NAME")))
    , m_configFile(valueOption(QStringLiteral("config-file"),
                               QStringLiteral("Client configuration file (TEMPORAL_CONFIG_FILE; default temporalio/temporal.toml "
                                              "in the user config folder)"),
                               QStringLiteral("PATH")))
    , m_disableConfigFile(QStringLiteral("disable-config-file"), QStringLiteral("Do not read the client configuration file"))
    , m_disableConfigEnv(QStringLiteral("disable-config-env"), QStringLiteral("Do not read TEMPORAL_* variables"))
    , m_env(valueOption(QStringLiteral("env"), QStringLiteral("Environment of the legacy `temporal env` file (TEMPORAL_ENV)"),
                        QStringLiteral("NAME")))
    , m_envFile(valueOption(QStringLiteral("env-file"), QStringLiteral("Legacy `temporal env` YAML file"), QStringLiteral("PATH")))
    , m_apiKey(valueOption(QStringLiteral("api-key"),
                           QStringLiteral("API key, sent as a bearer token (TEMPORAL_API_KEY); turns TLS on. On the command "
                                          "line every user can read it: prefer the variable or --api-key-file"),
                           QStringLiteral("KEY")))
    , m_apiKeyFile(valueOption(QStringLiteral("api-key-file"), QStringLiteral("The API key, read from this file; turns TLS on"),
                               QStringLiteral("PATH")))
    , m_tls(QStringLiteral("tls"), QStringLiteral("Use TLS (on by default with an API key or any TLS option; --tls=false forces it off)"))
    , m_noTls(QStringLiteral("no-tls"), QStringLiteral("Do not use TLS (same as --tls=false)"))
    , m_caPath(valueOption(QStringLiteral("tls-ca-path"), QStringLiteral("CA certificate (PEM) to verify the server with"), QStringLiteral("PATH")))
    , m_caData(valueOption(QStringLiteral("tls-ca-data"), QStringLiteral("CA certificate, PEM text"), QStringLiteral("PEM")))
    , m_certPath(valueOption(QStringLiteral("tls-cert-path"), QStringLiteral("Client certificate (PEM) for mTLS"), QStringLiteral("PATH")))
    , m_certData(valueOption(QStringLiteral("tls-cert-data"), QStringLiteral("Client certificate, PEM text"), QStringLiteral("PEM")))
    , m_keyPath(valueOption(QStringLiteral("tls-key-path"), QStringLiteral("Client private key (PEM) for mTLS"), QStringLiteral("PATH")))
    , m_keyData(valueOption(QStringLiteral("tls-key-data"), QStringLiteral("Client private key, PEM text"), QStringLiteral("PEM")))
    , m_serverName(valueOption(QStringLiteral("tls-server-name"), QStringLiteral("Server name to verify the certificate against (SNI)"),
                               QStringLiteral("NAME")))
    , m_disableHostVerification(QStringLiteral("tls-disable-host-verification"),
                                QStringLiteral("Refused: HistoryLens always verifies (use --tls-server-name)"))
    , m_authority(valueOption(QStringLiteral("client-authority"), QStringLiteral(":authority header override"), QStringLiteral("NAME")))
    , m_grpcMeta(valueOption(QStringLiteral("grpc-meta"), QStringLiteral("Extra gRPC metadata. Repeatable."), QStringLiteral("KEY=VALUE")))
    , m_commandTimeout(valueOption(QStringLiteral("command-timeout"),
                                   QStringLiteral("Deadline of each call to the server, e.g. 10s (default 30s)"), QStringLiteral("DURATION")))
{
    m_options = {m_address, m_profile, m_configFile, m_disableConfigFile, m_disableConfigEnv, m_env, m_envFile, m_apiKey, m_apiKeyFile,
                 m_tls, m_noTls, m_caPath, m_caData, m_certPath, m_certData, m_keyPath, m_keyData, m_serverName,
                 m_disableHostVerification, m_authority, m_grpcMeta, m_commandTimeout};
}

void ConnectionOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOption(namespaceOption);
    for (const QCommandLineOption& option : m_options)
        parser.addOption(option);
}

int ConnectionOptions::durationMs(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return -1;
    const double value = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    const double ms = unit == QLatin1String("ms") ? value : unit == QLatin1String("m") ? value * 60'000 : unit == QLatin1String("h") ? value * 3'600'000 : value * 1000;
    return ms >= 1 && ms <= 24 * 3'600'000.0 ? int(ms) : -1;
}

QStringList ConnectionOptions::normalized(const QStringList& arguments)
{
    QStringList result;
    for (const QString& argument : arguments) {
        if (argument == QLatin1String("--tls=false") || argument == QLatin1String("--tls=0"))
            result << QStringLiteral("--no-tls");
        else if (argument == QLatin1String("--tls=true") || argument == QLatin1String("--tls=1"))
            result << QStringLiteral("--tls");
        else
            result << argument;
    }
    return result;
}

Result<ConnectionSettings> ConnectionOptions::resolve(const QCommandLineParser& parser, const QProcessEnvironment& environment) const
{
    ClientConfig::Sources sources;
    sources.environment = environment;
    sources.configFile = parser.value(m_configFile);
    sources.profile = parser.value(m_profile);
    sources.envFile = parser.value(m_envFile);
    sources.envName = parser.value(m_env);
    sources.disableConfigFile = parser.isSet(m_disableConfigFile);
    sources.disableConfigEnv = parser.isSet(m_disableConfigEnv);
    auto loaded = ClientConfig::load(sources);
    if (!loaded)
        return loaded.error();
    ConnectionSettings settings = std::move(loaded.value());

    if (parser.isSet(m_tls) && parser.isSet(m_noTls))
        return Error{ErrorCode::UsageError, QStringLiteral("--tls and --tls=false contradict each other")};
    auto set = [&](const QCommandLineOption& option, QString* field) {
        if (parser.isSet(option))
            *field = parser.value(option);
    };
    set(m_address, &settings.address);
    set(namespaceOption, &settings.temporalNamespace);
    set(m_authority, &settings.authority);
    set(m_caPath, &settings.serverCaCertPath);
    set(m_certPath, &settings.clientCertPath);
    set(m_keyPath, &settings.clientKeyPath);
    set(m_serverName, &settings.serverName);
    if (parser.isSet(m_caData))
        settings.serverCaCertData = parser.value(m_caData).toUtf8();
    if (parser.isSet(m_certData))
        settings.clientCertData = parser.value(m_certData).toUtf8();
    if (parser.isSet(m_keyData))
        settings.clientKeyData = std::make_shared<const SecretBytes>(parser.value(m_keyData).toStdString());
    if (parser.isSet(m_apiKey) && parser.isSet(m_apiKeyFile))
        return Error{ErrorCode::UsageError, QStringLiteral("--api-key and --api-key-file both give the API key; give one")};
    if (parser.isSet(m_apiKey))
        settings.apiKey = std::make_shared<const SecretBytes>(parser.value(m_apiKey).toStdString());
    if (parser.isSet(m_apiKeyFile)) {
        auto read = ArgvSecrets::readFile(parser.value(m_apiKeyFile), QStringLiteral("--api-key-file"));
        if (!read)
            return read.error();
        settings.apiKey = read.value();
    }
    if (parser.isSet(m_disableHostVerification))
        settings.disableHostVerification = true;
    if (parser.isSet(m_tls))
        settings.tls = true;
    if (parser.isSet(m_noTls))
        settings.tls = false;
    // Any TLS flag turns TLS on unless it was forced off, as in the temporal CLI.
    if (!parser.isSet(m_noTls)
        && (parser.isSet(m_apiKey) || parser.isSet(m_apiKeyFile) || parser.isSet(m_caPath) || parser.isSet(m_caData) || parser.isSet(m_certPath)
            || parser.isSet(m_certData) || parser.isSet(m_keyPath) || parser.isSet(m_keyData) || parser.isSet(m_serverName)))
        settings.tls = true;
    for (const QString& meta : parser.values(m_grpcMeta)) {
        const int equals = meta.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return Error{ErrorCode::UsageError, QStringLiteral("--grpc-meta takes KEY=VALUE, not `%1`").arg(meta)};
        settings.setGrpcMeta(meta.left(equals).trimmed().toLower(), meta.mid(equals + 1));
    }
    if (parser.isSet(m_commandTimeout)) {
        settings.callTimeoutMs = durationMs(parser.value(m_commandTimeout));
        if (settings.callTimeoutMs <= 0)
            return Error{ErrorCode::UsageError, QStringLiteral("--command-timeout takes a duration such as 10s, 500ms or 2m")};
    }
    if ((!settings.clientCertPath.isEmpty() || !settings.clientCertData.isEmpty())
        != (!settings.clientKeyPath.isEmpty() || settings.clientKeyData))
        return Error{ErrorCode::UsageError, QStringLiteral("a client certificate needs its key (--tls-cert-path with --tls-key-path)")};
    return settings;
}

} // namespace hl
