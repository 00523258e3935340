#pragma once

#include "keys/keycatalog.h"
#include "keys/keystore.h"

namespace hl {

// A key store seen from one Temporal namespace: keys the catalog scopes to another namespace are not there. Keys
// with no namespace serve every namespace; with no namespace given, every key is used.
class NamespacedKeyStore : public KeyStore {
public:
    NamespacedKeyStore(KeyStore& inner, QString temporalNamespace);

    QString displayName() const override { return m_inner.displayName(); }
    void read(const SecretId& id, ReadCallback done) override;
    void write(const SecretId& id, SecretPtr secret, DoneCallback done) override { m_inner.write(id, std::move(secret), std::move(done)); }
    void remove(const SecretId& id, DoneCallback done) override { m_inner.remove(id, std::move(done)); }

private:
    KeyStore& m_inner;
    QString m_namespace;
    KeyCatalog m_catalog;
};

} // namespace hl
