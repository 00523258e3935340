#pragma once

#ifndef Q_MOC_RUN
#include "codecserver/codecserversettings.h"
#include "codecserver/remoteanswercache.h"
#include "frontend/connectionsettings.h"
#endif

#include <QObject>

#include <functional>
#include <map>
#include <optional>
#include <memory>

namespace hl {

class CodecServerClient;
class KeyStore;

// Which Codec Server a tab decodes through, and with what: this machine's setting for the scope
// (CodecServerPreferences) over the profile's codec.endpoint; the profile's codec.auth, else the Authorization value
// and extra headers kept in the keychain for that endpoint. One answer cache per scope for the session, emptied when
// the endpoint or its auth changes.
class CodecServerResolver : public QObject {
    Q_OBJECT

public:
    using Done = std::function<void(std::shared_ptr<CodecServerClient>)>;

    // `keychain` must outlive the resolver.
    explicit CodecServerResolver(KeyStore* keychain, QObject* parent = nullptr);

    // What the command line, TEMPORAL_CODEC_* variables or the default profile say, for this session: used where a
    // scope has no setting of its own and its connection names no endpoint (files, in particular).
    void setSessionDefault(std::optional<CodecServerSettings> settings) { m_sessionDefault = std::move(settings); }

    // The settings without their secrets; `connection` is null for files.
    CodecServerSettings settingsFor(const QString& scope, const QString& temporalNamespace, const ConnectionSettings* connection) const;
    // Calls `done` with a client, or null when the scope has no Codec Server; at once when no secret is to be read
    // from the keychain.
    void resolve(const QString& scope, const QString& temporalNamespace, const ConnectionSettings* connection, Done done);

Q_SIGNALS:
    // A scope's settings were changed (the dialog): its tabs decode again.
    void changed(const QString& scope);

public:
    void notifyChanged(const QString& scope) { Q_EMIT changed(scope); }

private:
    KeyStore* m_keychain;
    std::optional<CodecServerSettings> m_sessionDefault;
    std::map<QString, std::shared_ptr<RemoteAnswerCache>> m_caches;
};

} // namespace hl
