#pragma once

#include "frontend/clientprofile.h"
#include "frontend/connectionsettings.h"
#include "support/result.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <map>
#include <string_view>

namespace hl {

// Temporal's client configuration, read exactly as the temporal CLI (1.4 and later) and the SDKs' envconfig read
// it, so a developer who configured the CLI needs nothing more. Strongest first: the caller's own flags (applied by
// the caller on the result), the legacy `temporal env` YAML file, TEMPORAL_* variables, the TOML profile, defaults.
class ClientConfig {
public:
    struct Sources {
        QString configFile;  // --config-file; else TEMPORAL_CONFIG_FILE; else the user config dir's temporal.toml
        QString profile;     // --profile; else TEMPORAL_PROFILE; else "default"
        QString envFile;     // --env-file; else $HOME/.config/temporalio/temporal.yaml
        QString envName;     // --env; else TEMPORAL_ENV; else "default"
        bool disableConfigFile = false;
        bool disableConfigEnv = false;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    };

    // The TOML file the sources name (it may not exist).
    static QString configFilePath(const Sources& sources);
    // $XDG_CONFIG_HOME/temporalio/temporal.toml or ~/.config/... on Linux; Application Support on macOS; %APPDATA%.
    static QString defaultConfigFilePath(const QProcessEnvironment& environment);

    // Every profile in a TOML file; a missing file has none.
    static Result<std::map<QString, ClientProfile>> readProfiles(const QString& path);
    // The same from a file's text; `origin` names it in errors.
    static Result<std::map<QString, ClientProfile>> parseProfiles(std::string_view toml, const QString& origin);
    // Writes (or replaces) one profile, keeping the file's other profiles and keys; the file is created with mode
    // 0600 as the CLI does. Comments are not kept (the CLI's `config set` drops them too).
    static Result<void> writeProfile(const QString& path, const QString& name, const ClientProfile& profile);
    static Result<void> removeProfile(const QString& path, const QString& name);

    // The connection the sources describe, before any flag.
    static Result<ConnectionSettings> load(const Sources& sources);

    // A metadata key as the file's grpc_meta table or a TEMPORAL_GRPC_META_<NAME> variable names it, as it is sent:
    // lower case, '_' as '-'.
    static QString normalizeGrpcMetaKey(const QString& key);
    // The legacy `temporal env` YAML text's environment `envName` onto `settings`, as if its flags had been typed;
    // when `envNamed` (asked for by name), a missing environment is an error. `origin` names the file in errors.
    static Result<void> applyLegacyEnv(std::string_view yaml, const QString& envName, bool envNamed, const QString& origin,
                                       ConnectionSettings& settings);
};

} // namespace hl
