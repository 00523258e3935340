#include "ui/codecserver/codecserverresolver.h"

#include "ui/codecserver/codecserverpreferences.h"

#include "codecserver/codecserverclient.h"
#include "codecserver/codecserversecrets.h"

namespace hl {

CodecServerResolver::CodecServerResolver(KeyStore* keychain, QObject* parent) : QObject(parent), m_keychain(keychain) {}

CodecServerSettings CodecServerResolver::settingsFor(const QString& scope, const QString& temporalNamespace,
                                                     const ConnectionSettings* connection) const
{
    CodecServerSettings settings;
    settings.temporalNamespace = temporalNamespace.isEmpty() ? QString::fromLatin1(ConnectionSettings::kDefaultNamespace)
                                                             : temporalNamespace;
    if (connection) {
        settings.endpoint = connection->codecEndpoint;
        settings.authorization = connection->codecAuth;
    }
    // The session's settings (command line, variables) where the connection names no endpoint or names theirs.
    if (m_sessionDefault && (settings.endpoint.isEmpty() || settings.endpoint == m_sessionDefault->endpoint)) {
        const QString scopeNamespace = settings.temporalNamespace;
        settings = *m_sessionDefault;
        if (!temporalNamespace.isEmpty())
            settings.temporalNamespace = scopeNamespace;
    }
    if (const auto preference = CodecServerPreferences().find(scope)) {
        if (preference->endpoint != settings.endpoint)
            settings.authorization = nullptr; // the profile's auth belongs to the profile's endpoint
        settings.endpoint = preference->endpoint;
        settings.order = preference->order;
        settings.caFile = preference->caFile;
        settings.allowPlaintextAuth = preference->allowPlaintextAuth;
    }
    return settings;
}

void CodecServerResolver::resolve(const QString& scope, const QString& temporalNamespace, const ConnectionSettings* connection,
                                  Done done)
{
    CodecServerSettings settings = settingsFor(scope, temporalNamespace, connection);
    if (!settings.isEnabled())
        return done(nullptr);
    auto& cache = m_caches[scope];
    if (!cache)
        cache = std::make_shared<RemoteAnswerCache>();
    CodecServerSecrets::addStored(std::move(settings), *m_keychain, [cache = cache, done](CodecServerSettings withSecrets) {
        done(std::make_shared<CodecServerClient>(std::move(withSecrets), cache));
    });
}

} // namespace hl
