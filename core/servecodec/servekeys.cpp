#include "servecodec/servekeys.h"

#include "keys/keycatalog.h"
#include "keys/keyresolver.h"
#include "keys/sessionkeystore.h"

#include <QEventLoop>
#include <QStringList>

namespace hl {

void ServeKeys::add(const QString& temporalNamespace, const std::string& keyId, SecretPtr key)
{
    auto& keys = m_byNamespace[temporalNamespace.toStdString()];
    if (keys.emplace(keyId, std::move(key)).second)
        ++m_count;
    rebuild();
}

void ServeKeys::rebuild()
{
    auto unscoped = std::make_shared<KeyRing>();
    const auto anyNamespace = m_byNamespace.find(std::string());
    if (anyNamespace != m_byNamespace.end()) {
        for (const auto& [id, key] : anyNamespace->second)
            unscoped->insert(id, key);
    }
    m_rings.clear();
    for (const auto& [space, keys] : m_byNamespace) {
        if (space.empty())
            continue;
        auto ring = std::make_shared<KeyRing>(*unscoped);
        for (const auto& [id, key] : keys)
            ring->insert(id, key); // a namespace's own key wins over an unscoped one of the same id
        m_rings[space] = std::move(ring);
    }
    m_unscoped = std::move(unscoped);
}

QString ServeKeys::changesSince(const ServeKeys& before) const
{
    QStringList added, removed, changed;
    auto name = [](const std::string& space, const std::string& id) {
        return space.empty() ? QString::fromStdString(id) : QStringLiteral("%1 (%2)").arg(QString::fromStdString(id), QString::fromStdString(space));
    };
    for (const auto& [space, keys] : m_byNamespace) {
        const auto old = before.m_byNamespace.find(space);
        for (const auto& [id, key] : keys) {
            if (old == before.m_byNamespace.end() || !old->second.count(id))
                added << name(space, id);
            else if (!(*old->second.at(id) == *key))
                changed << name(space, id);
        }
    }
    for (const auto& [space, keys] : before.m_byNamespace) {
        const auto now = m_byNamespace.find(space);
        for (const auto& [id, key] : keys) {
            if (now == m_byNamespace.end() || !now->second.count(id))
                removed << name(space, id);
        }
    }
    QStringList parts;
    if (!added.isEmpty())
        parts << QStringLiteral("added ") + added.join(QStringLiteral(", "));
    if (!removed.isEmpty())
        parts << QStringLiteral("removed ") + removed.join(QStringLiteral(", "));
    if (!changed.isEmpty())
        parts << QStringLiteral("changed ") + changed.join(QStringLiteral(", "));
    return parts.join(QStringLiteral("; "));
}

std::shared_ptr<const KeyRing> ServeKeys::ringFor(const std::string& temporalNamespace) const
{
    // A request that names no namespace gets only the keys given for any namespace: a key scoped to `finance`
    // decrypts only what is asked for in `finance`.
    if (temporalNamespace.empty())
        return m_unscoped;
    const auto found = m_rings.find(temporalNamespace);
    return found != m_rings.end() ? found->second : m_unscoped;
}

void ServeKeys::load(const SessionKeyStore& session, KeyStore* keychain, Loaded done)
{
    ServeKeys keys;
    std::set<std::string> sessionIds;
    for (const SecretId& id : session.ids()) {
        if (id.kind != SecretKind::CodecKey)
            continue;
        if (SecretPtr key = session.find(id)) {
            keys.add(QString(), id.name.toStdString(), key);
            sessionIds.insert(id.name.toStdString());
        }
    }
    if (!keychain)
        return done(std::move(keys), {});
    const auto entries = KeyCatalog().entries(SecretKind::CodecKey);
    std::set<std::string> ids;
    for (const auto& entry : entries) {
        if (!sessionIds.count(entry.id.name.toStdString()))
            ids.insert(entry.id.name.toStdString());
    }
    if (ids.empty())
        return done(std::move(keys), {});
    KeyResolver::resolve(ids, {keychain}, [keys = std::move(keys), entries, sessionIds, done = std::move(done)](
                                              KeyRing ring, std::vector<Error> problems) mutable {
        for (const auto& entry : entries) {
            const std::string id = entry.id.name.toStdString();
            if (SecretPtr key = sessionIds.count(id) ? nullptr : ring.find(id))
                keys.add(entry.temporalNamespace, id, key);
        }
        done(std::move(keys), std::move(problems));
    });
}

ServeKeys ServeKeys::loadNow(const SessionKeyStore& session, KeyStore* keychain, std::vector<Error>* problems)
{
    ServeKeys loaded;
    bool finished = false;
    QEventLoop waiting;
    load(session, keychain, [&](ServeKeys keys, std::vector<Error> found) {
        loaded = std::move(keys);
        if (problems)
            *problems = std::move(found);
        finished = true;
        waiting.quit();
    });
    if (!finished)
        waiting.exec();
    return loaded;
}

} // namespace hl
