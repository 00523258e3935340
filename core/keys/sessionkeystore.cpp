#include "keys/sessionkeystore.h"

namespace hl {

QString SessionKeyStore::displayName() const
{
    return QStringLiteral("this session");
}

void SessionKeyStore::read(const SecretId& id, ReadCallback done)
{
    done(find(id));
}

void SessionKeyStore::write(const SecretId& id, SecretPtr secret, DoneCallback done)
{
    insert(id, std::move(secret));
    done({});
}

void SessionKeyStore::remove(const SecretId& id, DoneCallback done)
{
    {
        QMutexLocker lock(&m_mutex);
        m_secrets.erase(id);
    }
    done({});
}

void SessionKeyStore::insert(const SecretId& id, SecretPtr secret)
{
    QMutexLocker lock(&m_mutex);
    m_secrets[id] = std::move(secret);
}

SecretPtr SessionKeyStore::find(const SecretId& id) const
{
    QMutexLocker lock(&m_mutex);
    const auto found = m_secrets.find(id);
    return found == m_secrets.end() ? nullptr : found->second;
}

std::vector<SecretId> SessionKeyStore::ids() const
{
    QMutexLocker lock(&m_mutex);
    std::vector<SecretId> out;
    for (const auto& entry : m_secrets)
        out.push_back(entry.first);
    return out;
}

} // namespace hl
