#include "frontend/clientconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

// toml++ and yaml-cpp report parse errors as exceptions; they are caught here and become Errors.
#include <toml++/toml.h>

#include <yaml-cpp/yaml.h>

#include <sstream>

namespace hl {

namespace {

constexpr qint64 kMaxConfigFileBytes = 4 * 1024 * 1024;
const char* const kDefaultProfile = "default";

Result<QByteArray> readSmallFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::ReadFailed, file.errorString(), path};
    if (file.size() > kMaxConfigFileBytes)
        return Error{ErrorCode::TooLarge, QStringLiteral("a client configuration file over 4 MiB is not read"), path};
    return file.read(kMaxConfigFileBytes + 1);
}

std::optional<QString> stringAt(const toml::table& table, const char* key, QString* problem)
{
    const toml::node* node = table.get(key);
    if (!node)
        return std::nullopt;
    if (const auto value = node->value<std::string>())
        return QString::fromStdString(*value);
    *problem = QStringLiteral("`%1` must be a string").arg(QLatin1String(key));
    return std::nullopt;
}

std::optional<bool> boolAt(const toml::table& table, const char* key, QString* problem)
{
    const toml::node* node = table.get(key);
    if (!node)
        return std::nullopt;
    if (const auto value = node->value<bool>())
        return *value;
    *problem = QStringLiteral("`%1` must be true or false").arg(QLatin1String(key));
    return std::nullopt;
}

Result<ClientProfile> profileFrom(const toml::table& table, const QString& name, const QString& path)
{
    ClientProfile profile;
    QString problem;
    profile.address = stringAt(table, "address", &problem);
    profile.temporalNamespace = stringAt(table, "namespace", &problem);
    profile.apiKey = stringAt(table, "api_key", &problem);
    profile.authority = stringAt(table, "authority", &problem);
    if (const toml::node* tls = table.get("tls")) {
        const toml::table* tlsTable = tls->as_table();
        if (!tlsTable) {
            problem = QStringLiteral("`tls` must be a table ([profile.%1.tls]), not a value").arg(name);
        } else {
            profile.hasTlsTable = true;
            profile.tlsDisabled = boolAt(*tlsTable, "disabled", &problem);
            profile.clientCertPath = stringAt(*tlsTable, "client_cert_path", &problem);
            profile.clientCertData = stringAt(*tlsTable, "client_cert_data", &problem);
            profile.clientKeyPath = stringAt(*tlsTable, "client_key_path", &problem);
            profile.clientKeyData = stringAt(*tlsTable, "client_key_data", &problem);
            profile.serverCaCertPath = stringAt(*tlsTable, "server_ca_cert_path", &problem);
            profile.serverCaCertData = stringAt(*tlsTable, "server_ca_cert_data", &problem);
            profile.serverName = stringAt(*tlsTable, "server_name", &problem);
            profile.disableHostVerification = boolAt(*tlsTable, "disable_host_verification", &problem);
        }
    }
    if (const toml::node* codec = table.get("codec")) {
        if (const toml::table* codecTable = codec->as_table()) {
            profile.codecEndpoint = stringAt(*codecTable, "endpoint", &problem);
            profile.codecAuth = stringAt(*codecTable, "auth", &problem);
        } else {
            problem = QStringLiteral("`codec` must be a table");
        }
    }
    if (const toml::node* meta = table.get("grpc_meta")) {
        if (const toml::table* metaTable = meta->as_table()) {
            for (auto&& [key, value] : *metaTable) {
                if (const auto text = value.value<std::string>())
                    profile.grpcMeta[ClientConfig::normalizeGrpcMetaKey(QString::fromStdString(std::string(key.str())))] =
                        QString::fromStdString(*text);
                else
                    problem = QStringLiteral("grpc_meta values must be strings");
            }
        } else {
            problem = QStringLiteral("`grpc_meta` must be a table");
        }
    }
    if (!problem.isEmpty())
        return Error{ErrorCode::InvalidStructure, QStringLiteral("profile `%1`: %2").arg(name, problem), path};
    if (profile.clientCertPath && profile.clientCertData)
        return Error{ErrorCode::InvalidStructure,
                     QStringLiteral("profile `%1`: give client_cert_path or client_cert_data, not both").arg(name), path};
    if (profile.clientKeyPath && profile.clientKeyData)
        return Error{ErrorCode::InvalidStructure,
                     QStringLiteral("profile `%1`: give client_key_path or client_key_data, not both").arg(name), path};
    if (profile.serverCaCertPath && profile.serverCaCertData)
        return Error{ErrorCode::InvalidStructure,
                     QStringLiteral("profile `%1`: give server_ca_cert_path or server_ca_cert_data, not both").arg(name), path};
    return profile;
}

Result<toml::table> parseTomlText(std::string_view text, const QString& path)
{
    try {
        return toml::parse(text, path.toStdString());
    } catch (const toml::parse_error& error) {
        return Error{ErrorCode::InvalidStructure, QString::fromStdString(std::string(error.description())), path,
                     QStringLiteral("line %1, column %2").arg(error.source().begin.line).arg(error.source().begin.column)};
    }
}

// A missing file reads as an empty table.
Result<toml::table> parseToml(const QString& path)
{
    if (!QFileInfo::exists(path))
        return toml::table{};
    auto bytes = readSmallFile(path);
    if (!bytes)
        return bytes.error();
    return parseTomlText(std::string_view(bytes->constData(), size_t(bytes->size())), path);
}

Result<std::map<QString, ClientProfile>> profilesFrom(const toml::table& root, const QString& path)
{
    std::map<QString, ClientProfile> profiles;
    const toml::node* node = root.get("profile");
    if (!node)
        return profiles;
    const toml::table* table = node->as_table();
    if (!table)
        return Error{ErrorCode::InvalidStructure, QStringLiteral("`profile` must be a table of profiles"), path};
    for (auto&& [key, value] : *table) {
        const QString name = QString::fromStdString(std::string(key.str()));
        const toml::table* profileTable = value.as_table();
        if (!profileTable)
            return Error{ErrorCode::InvalidStructure, QStringLiteral("profile `%1` must be a table").arg(name), path};
        auto profile = profileFrom(*profileTable, name, path);
        if (!profile)
            return profile.error();
        profiles.emplace(name, std::move(profile.value()));
    }
    return profiles;
}

void setString(toml::table& table, const char* key, const std::optional<QString>& value)
{
    if (value)
        table.insert_or_assign(key, value->toStdString());
    else
        table.erase(key);
}

void setBool(toml::table& table, const char* key, const std::optional<bool>& value)
{
    if (value)
        table.insert_or_assign(key, *value);
    else
        table.erase(key);
}

Result<void> saveToml(const QString& path, const toml::table& root)
{
    std::ostringstream text;
    text << root << '\n';
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{ErrorCode::WriteFailed, file.errorString(), path};
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QByteArray::fromStdString(text.str()));
    if (!file.commit())
        return Error{ErrorCode::WriteFailed, file.errorString(), path};
    return {};
}

bool parseBool(const QString& text, bool* value)
{
    const QString lower = text.trimmed().toLower();
    if (lower == QLatin1String("1") || lower == QLatin1String("true")) {
        *value = true;
        return true;
    }
    if (lower == QLatin1String("0") || lower == QLatin1String("false")) {
        *value = false;
        return true;
    }
    return false;
}

SecretPtr secretFrom(const QString& text)
{
    return text.isEmpty() ? nullptr : std::make_shared<const SecretBytes>(text.toStdString());
}

// The TOML profile, then the variables over it, then the legacy env file over both, as the CLI does.
void applyProfile(const ClientProfile& profile, ConnectionSettings& settings)
{
    if (profile.address)
        settings.address = *profile.address;
    if (profile.temporalNamespace)
        settings.temporalNamespace = *profile.temporalNamespace;
    if (profile.apiKey)
        settings.apiKey = secretFrom(*profile.apiKey);
    if (profile.authority)
        settings.authority = *profile.authority;
    if (profile.hasTlsTable)
        settings.tls = !profile.tlsDisabled.value_or(false);
    if (profile.clientCertPath)
        settings.clientCertPath = *profile.clientCertPath;
    if (profile.clientCertData)
        settings.clientCertData = profile.clientCertData->toUtf8();
    if (profile.clientKeyPath)
        settings.clientKeyPath = *profile.clientKeyPath;
    if (profile.clientKeyData)
        settings.clientKeyData = secretFrom(*profile.clientKeyData);
    if (profile.serverCaCertPath)
        settings.serverCaCertPath = *profile.serverCaCertPath;
    if (profile.serverCaCertData)
        settings.serverCaCertData = profile.serverCaCertData->toUtf8();
    if (profile.serverName)
        settings.serverName = *profile.serverName;
    if (profile.disableHostVerification)
        settings.disableHostVerification = *profile.disableHostVerification;
    if (profile.codecEndpoint)
        settings.codecEndpoint = *profile.codecEndpoint;
    if (profile.codecAuth)
        settings.codecAuth = secretFrom(*profile.codecAuth);
    for (const auto& [key, value] : profile.grpcMeta)
        settings.grpcMeta.emplace_back(key, value);
}

// An empty value removes the key, as an empty TEMPORAL_GRPC_META_<NAME> does.
void setMeta(ConnectionSettings& settings, const QString& key, const QString& value)
{
    if (value.isEmpty())
        settings.removeGrpcMeta(key);
    else
        settings.setGrpcMeta(key, value);
}

Result<void> applyEnvironment(const QProcessEnvironment& env, ConnectionSettings& settings)
{
    auto has = [&](const char* name) { return !env.value(QLatin1String(name)).isEmpty(); };
    auto value = [&](const char* name) { return env.value(QLatin1String(name)); };
    if (has("TEMPORAL_ADDRESS"))
        settings.address = value("TEMPORAL_ADDRESS");
    if (has("TEMPORAL_NAMESPACE"))
        settings.temporalNamespace = value("TEMPORAL_NAMESPACE");
    if (has("TEMPORAL_API_KEY"))
        settings.apiKey = secretFrom(value("TEMPORAL_API_KEY"));
    if (has("TEMPORAL_CLIENT_AUTHORITY"))
        settings.authority = value("TEMPORAL_CLIENT_AUTHORITY");
    if (has("TEMPORAL_TLS")) {
        bool on = false;
        if (!parseBool(value("TEMPORAL_TLS"), &on))
            return Error{ErrorCode::UsageError, QStringLiteral("TEMPORAL_TLS must be 1, 0, true or false")};
        settings.tls = on;
    }
    const std::pair<const char*, QString*> paths[] = {
        {"TEMPORAL_TLS_CLIENT_CERT_PATH", &settings.clientCertPath},
        {"TEMPORAL_TLS_CLIENT_KEY_PATH", &settings.clientKeyPath},
        {"TEMPORAL_TLS_SERVER_CA_CERT_PATH", &settings.serverCaCertPath},
        {"TEMPORAL_TLS_SERVER_NAME", &settings.serverName},
    };
    for (const auto& [name, field] : paths) {
        if (has(name))
            *field = value(name);
    }
    if (has("TEMPORAL_TLS_CLIENT_CERT_DATA"))
        settings.clientCertData = value("TEMPORAL_TLS_CLIENT_CERT_DATA").toUtf8();
    if (has("TEMPORAL_TLS_SERVER_CA_CERT_DATA"))
        settings.serverCaCertData = value("TEMPORAL_TLS_SERVER_CA_CERT_DATA").toUtf8();
    if (has("TEMPORAL_TLS_CLIENT_KEY_DATA"))
        settings.clientKeyData = secretFrom(value("TEMPORAL_TLS_CLIENT_KEY_DATA"));
    if (has("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION")) {
        bool on = false;
        if (!parseBool(value("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"), &on))
            return Error{ErrorCode::UsageError, QStringLiteral("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION must be 1, 0, true or false")};
        settings.disableHostVerification = on;
    }
    if (has("TEMPORAL_CODEC_ENDPOINT"))
        settings.codecEndpoint = value("TEMPORAL_CODEC_ENDPOINT");
    if (has("TEMPORAL_CODEC_AUTH"))
        settings.codecAuth = secretFrom(value("TEMPORAL_CODEC_AUTH"));
    const QString metaPrefix = QStringLiteral("TEMPORAL_GRPC_META_");
    for (const QString& name : env.keys()) {
        if (name.startsWith(metaPrefix) && name.size() > metaPrefix.size())
            setMeta(settings, ClientConfig::normalizeGrpcMetaKey(name.mid(metaPrefix.size())), env.value(name));
    }
    // The pre-1.4 names the CLI still honours over both the file and the newer variables.
    if (has("TEMPORAL_TLS_CERT"))
        settings.clientCertPath = value("TEMPORAL_TLS_CERT"), settings.clientCertData.clear();
    if (has("TEMPORAL_TLS_CERT_DATA"))
        settings.clientCertData = value("TEMPORAL_TLS_CERT_DATA").toUtf8(), settings.clientCertPath.clear();
    if (has("TEMPORAL_TLS_KEY"))
        settings.clientKeyPath = value("TEMPORAL_TLS_KEY"), settings.clientKeyData.reset();
    if (has("TEMPORAL_TLS_KEY_DATA"))
        settings.clientKeyData = secretFrom(value("TEMPORAL_TLS_KEY_DATA")), settings.clientKeyPath.clear();
    if (has("TEMPORAL_TLS_CA"))
        settings.serverCaCertPath = value("TEMPORAL_TLS_CA"), settings.serverCaCertData.clear();
    if (has("TEMPORAL_TLS_CA_DATA"))
        settings.serverCaCertData = value("TEMPORAL_TLS_CA_DATA").toUtf8(), settings.serverCaCertPath.clear();
    return {};
}

Result<void> applyLegacyEnvFile(const QString& path, const QString& envName, bool envNamed, ConnectionSettings& settings)
{
    if (!QFileInfo::exists(path)) {
        if (envNamed)
            return Error{ErrorCode::NotFound, QStringLiteral("environment `%1` not found: there is no env file").arg(envName), path};
        return {};
    }
    auto bytes = readSmallFile(path);
    if (!bytes)
        return bytes.error();
    return ClientConfig::applyLegacyEnv(std::string_view(bytes->constData(), size_t(bytes->size())), envName, envNamed,
                                        path, settings);
}

} // namespace

// `temporal env` YAML: env -> name -> flag name -> value, applied as if the flags had been typed.
Result<void> ClientConfig::applyLegacyEnv(std::string_view yaml, const QString& envName, bool envNamed, const QString& path,
                                          ConnectionSettings& settings)
{
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& error) {
        return Error{ErrorCode::InvalidStructure, QString::fromStdString(error.msg), path,
                     QStringLiteral("line %1, column %2").arg(error.mark.line + 1).arg(error.mark.column + 1)};
    }
    try {
        const YAML::Node env = root.IsMap() ? root["env"] : YAML::Node();
        const YAML::Node values = env && env.IsMap() ? env[envName.toStdString()] : YAML::Node();
        if (!values || !values.IsMap()) {
            if (envNamed)
                return Error{ErrorCode::NotFound, QStringLiteral("environment `%1` not found").arg(envName), path};
            return {};
        }
        for (const auto& entry : values) {
            const QString key = QString::fromStdString(entry.first.as<std::string>());
            const QString value = QString::fromStdString(entry.second.as<std::string>());
            bool on = false;
            if (key == QLatin1String("address"))
                settings.address = value;
            else if (key == QLatin1String("namespace"))
                settings.temporalNamespace = value;
            else if (key == QLatin1String("api-key"))
                settings.apiKey = secretFrom(value);
            else if (key == QLatin1String("client-authority"))
                settings.authority = value;
            else if (key == QLatin1String("tls") && parseBool(value, &on))
                settings.tls = on;
            else if (key == QLatin1String("tls-cert-path"))
                settings.clientCertPath = value;
            else if (key == QLatin1String("tls-cert-data"))
                settings.clientCertData = value.toUtf8();
            else if (key == QLatin1String("tls-key-path"))
                settings.clientKeyPath = value;
            else if (key == QLatin1String("tls-key-data"))
                settings.clientKeyData = secretFrom(value);
            else if (key == QLatin1String("tls-ca-path"))
                settings.serverCaCertPath = value;
            else if (key == QLatin1String("tls-ca-data"))
                settings.serverCaCertData = value.toUtf8();
            else if (key == QLatin1String("tls-server-name"))
                settings.serverName = value;
            else if (key == QLatin1String("tls-disable-host-verification") && parseBool(value, &on))
                settings.disableHostVerification = on;
            else if (key == QLatin1String("codec-endpoint"))
                settings.codecEndpoint = value;
            else if (key == QLatin1String("codec-auth"))
                settings.codecAuth = secretFrom(value);
            else if (key == QLatin1String("grpc-meta") && value.contains(QLatin1Char('=')))
                setMeta(settings, value.section(QLatin1Char('='), 0, 0).trimmed().toLower(), value.section(QLatin1Char('='), 1));
        }
    } catch (const YAML::Exception& error) {
        return Error{ErrorCode::InvalidStructure, QString::fromStdString(error.msg), path};
    }
    return {};
}

QString ClientConfig::defaultConfigFilePath(const QProcessEnvironment& environment)
{
    QString base;
#if defined(Q_OS_WIN)
    base = environment.value(QStringLiteral("APPDATA"));
#elif defined(Q_OS_MACOS)
    base = environment.value(QStringLiteral("HOME")) + QStringLiteral("/Library/Application Support");
#else
    base = environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (base.isEmpty())
        base = environment.value(QStringLiteral("HOME")) + QStringLiteral("/.config");
#endif
    return base + QStringLiteral("/temporalio/temporal.toml");
}

QString ClientConfig::configFilePath(const Sources& sources)
{
    if (!sources.configFile.isEmpty())
        return sources.configFile;
    const QString fromEnv = sources.environment.value(QStringLiteral("TEMPORAL_CONFIG_FILE"));
    return fromEnv.isEmpty() ? defaultConfigFilePath(sources.environment) : fromEnv;
}

QString ClientConfig::normalizeGrpcMetaKey(const QString& key)
{
    return key.toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
}

Result<std::map<QString, ClientProfile>> ClientConfig::readProfiles(const QString& path)
{
    auto root = parseToml(path);
    if (!root)
        return root.error();
    return profilesFrom(*root, path);
}

Result<std::map<QString, ClientProfile>> ClientConfig::parseProfiles(std::string_view toml, const QString& origin)
{
    auto root = parseTomlText(toml, origin);
    if (!root)
        return root.error();
    return profilesFrom(*root, origin);
}

Result<void> ClientConfig::writeProfile(const QString& path, const QString& name, const ClientProfile& profile)
{
    if (name.isEmpty())
        return Error{ErrorCode::UsageError, QStringLiteral("a profile needs a name")};
    auto root = parseToml(path);
    if (!root)
        return root.error();
    toml::table* profiles = root->emplace("profile", toml::table{}).first->second.as_table();
    if (!profiles)
        return Error{ErrorCode::InvalidStructure, QStringLiteral("`profile` must be a table of profiles"), path};
    // Keys HistoryLens does not edit (the CLI's oauth table, say) are kept: start from what was there.
    const toml::table* previous = profiles->get_as<toml::table>(name.toStdString());
    toml::table table = previous ? *previous : toml::table{};
    setString(table, "address", profile.address);
    setString(table, "namespace", profile.temporalNamespace);
    setString(table, "api_key", profile.apiKey);
    setString(table, "authority", profile.authority);
    if (profile.hasTlsTable) {
        toml::table tls = table["tls"].as_table() ? *table["tls"].as_table() : toml::table{};
        setBool(tls, "disabled", profile.tlsDisabled);
        setString(tls, "client_cert_path", profile.clientCertPath);
        setString(tls, "client_cert_data", profile.clientCertData);
        setString(tls, "client_key_path", profile.clientKeyPath);
        setString(tls, "client_key_data", profile.clientKeyData);
        setString(tls, "server_ca_cert_path", profile.serverCaCertPath);
        setString(tls, "server_ca_cert_data", profile.serverCaCertData);
        setString(tls, "server_name", profile.serverName);
        setBool(tls, "disable_host_verification", profile.disableHostVerification);
        table.insert_or_assign("tls", std::move(tls));
    } else {
        table.erase("tls");
    }
    if (profile.codecEndpoint || profile.codecAuth) {
        toml::table codec;
        setString(codec, "endpoint", profile.codecEndpoint);
        setString(codec, "auth", profile.codecAuth);
        table.insert_or_assign("codec", std::move(codec));
    } else {
        table.erase("codec");
    }
    if (!profile.grpcMeta.empty()) {
        toml::table meta;
        for (const auto& [key, value] : profile.grpcMeta)
            meta.insert_or_assign(key.toStdString(), value.toStdString());
        table.insert_or_assign("grpc_meta", std::move(meta));
    } else {
        table.erase("grpc_meta");
    }
    profiles->insert_or_assign(name.toStdString(), std::move(table));
    return saveToml(path, *root);
}

Result<void> ClientConfig::removeProfile(const QString& path, const QString& name)
{
    auto root = parseToml(path);
    if (!root)
        return root.error();
    toml::table* profiles = (*root)["profile"].as_table();
    if (!profiles || !profiles->contains(name.toStdString()))
        return Error{ErrorCode::NotFound, QStringLiteral("no profile `%1`").arg(name), path};
    profiles->erase(name.toStdString());
    return saveToml(path, *root);
}

Result<ConnectionSettings> ClientConfig::load(const Sources& sources)
{
    ConnectionSettings settings;
    const QProcessEnvironment& env = sources.environment;
    const bool useEnv = !sources.disableConfigEnv;
    QString profileName = sources.profile;
    if (profileName.isEmpty() && useEnv)
        profileName = env.value(QStringLiteral("TEMPORAL_PROFILE"));
    const bool profileNamed = !profileName.isEmpty();
    if (!profileNamed)
        profileName = QLatin1String(kDefaultProfile);
    settings.profile = profileName;

    if (!sources.disableConfigFile) {
        QString path = sources.configFile;
        if (path.isEmpty() && useEnv)
            path = env.value(QStringLiteral("TEMPORAL_CONFIG_FILE"));
        const bool pathNamed = !path.isEmpty();
        if (!pathNamed)
            path = defaultConfigFilePath(env);
        if (pathNamed && !QFileInfo::exists(path))
            return Error{ErrorCode::NotFound, QStringLiteral("the client configuration file does not exist"), path};
        auto profiles = readProfiles(path);
        if (!profiles)
            return profiles.error();
        const auto found = profiles->find(profileName);
        if (found != profiles->end())
            applyProfile(found->second, settings);
        else if (profileNamed)
            return Error{ErrorCode::NotFound, QStringLiteral("no profile `%1` in the client configuration").arg(profileName), path};
    }
    if (useEnv) {
        if (auto applied = applyEnvironment(env, settings); !applied)
            return applied.error();
    }

    QString envFile = sources.envFile;
    if (envFile.isEmpty())
        envFile = env.value(QStringLiteral("HOME")) + QStringLiteral("/.config/temporalio/temporal.yaml");
    QString envName = sources.envName;
    if (envName.isEmpty())
        envName = env.value(QStringLiteral("TEMPORAL_ENV"));
    const bool envNamed = !envName.isEmpty();
    if (!envNamed)
        envName = QLatin1String(kDefaultProfile);
    if (!sources.envFile.isEmpty() && !QFileInfo::exists(envFile))
        return Error{ErrorCode::NotFound, QStringLiteral("the env file does not exist"), envFile};
    if (auto applied = applyLegacyEnvFile(envFile, envName, envNamed, settings); !applied)
        return applied.error();
    return settings;
}

} // namespace hl
