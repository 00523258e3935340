#include "keys/namespacedkeystore.h"

namespace hl {

NamespacedKeyStore::NamespacedKeyStore(KeyStore& inner, QString temporalNamespace)
    : m_inner(inner), m_namespace(std::move(temporalNamespace))
{
}

void NamespacedKeyStore::read(const SecretId& id, ReadCallback done)
{
    if (!m_namespace.isEmpty()) {
        const auto entry = m_catalog.find(id);
        if (entry && !entry->temporalNamespace.isEmpty() && entry->temporalNamespace != m_namespace)
            return done(SecretPtr());
    }
    m_inner.read(id, std::move(done));
}

} // namespace hl
