#include "codecserverresolver.h"

#include "codecserverpreferences.h"

#include "codecserver/codecserverclient.h"
#include "keys/keycatalog.h"
#include "keys/keystore.h"

#include <QPointer>

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
    auto settings = std::make_shared<CodecServerSettings>(settingsFor(scope, temporalNamespace, connection));
    if (!settings->isEnabled())
        return done(nullptr);
    auto& cache = m_caches[scope];
    if (!cache)
        cache = std::make_shared<RemoteAnswerCache>();
    auto finish = [settings, cache = cache, done] { done(std::make_shared<CodecServerClient>(*settings, cache)); };

    // Only what the catalog says was stored is asked for: a desktop without a keychain can stall on D-Bus.
    const KeyCatalog catalog;
    const SecretId authId{SecretKind::CodecServerAuth, settings->endpoint};
    const SecretId headersId{SecretKind::CodecServerHeaders, settings->endpoint};
    const bool wantAuth = !settings->authorization && catalog.find(authId);
    const bool wantHeaders = catalog.find(headersId).has_value();
    if (!wantAuth && !wantHeaders)
        return finish();
    QPointer<CodecServerResolver> self(this);
    auto readHeaders = [self, settings, headersId, wantHeaders, finish] {
        if (!self || !wantHeaders)
            return finish();
        self->m_keychain->read(headersId, [settings, finish](Result<SecretPtr> secret) {
            if (secret && secret.value())
                settings->headers = CodecServerSettings::parseHeaderLines(*secret.value());
            finish();
        });
    };
    if (!wantAuth)
        return readHeaders();
    m_keychain->read(authId, [settings, readHeaders](Result<SecretPtr> secret) {
        if (secret && secret.value())
            settings->authorization = secret.value();
        readHeaders();
    });
}

} // namespace hl
