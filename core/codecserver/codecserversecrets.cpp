#include "codecserver/codecserversecrets.h"

#include "keys/keycatalog.h"
#include "keys/keystore.h"

#include <memory>

namespace hl {

void CodecServerSecrets::addStored(CodecServerSettings settings, KeyStore& store, Done done)
{
    const KeyCatalog catalog;
    const SecretId authId{SecretKind::CodecServerAuth, settings.endpoint};
    const SecretId headersId{SecretKind::CodecServerHeaders, settings.endpoint};
    const bool wantAuth = !settings.authorization && catalog.find(authId);
    const bool wantHeaders = settings.headers.empty() && catalog.find(headersId);
    if (!wantAuth && !wantHeaders)
        return done(std::move(settings));
    // Both reads start here, so `store` is not touched from a callback that may come after it is gone.
    auto shared = std::make_shared<CodecServerSettings>(std::move(settings));
    auto remaining = std::make_shared<int>(int(wantAuth) + int(wantHeaders));
    auto readOne = [shared, remaining, done] {
        if (--*remaining == 0)
            done(*shared);
    };
    if (wantAuth) {
        store.read(authId, [shared, readOne](Result<SecretPtr> secret) {
            if (secret && secret.value())
                shared->authorization = secret.value();
            readOne();
        });
    }
    if (wantHeaders) {
        store.read(headersId, [shared, readOne](Result<SecretPtr> secret) {
            if (secret && secret.value())
                shared->headers = CodecServerSettings::parseHeaderLines(*secret.value());
            readOne();
        });
    }
}

} // namespace hl
