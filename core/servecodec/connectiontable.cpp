#include "servecodec/connectiontable.h"

namespace hl {

ConnectionTable::ConnectionTable(int maxConnections, int maxPerClient)
    : m_maxConnections(maxConnections)
    , m_maxPerClient(maxPerClient)
{
}

std::optional<std::vector<ConnectionTable::Id>> ConnectionTable::admit(Id id, const std::string& client)
{
    std::vector<Id> closed;
    auto makeRoom = [&](const std::string* of) {
        const std::optional<Id> victim = longestWaiting(of);
        if (!victim)
            return false;
        closed.push_back(*victim);
        remove(*victim);
        return true;
    };
    while (countFor(client) >= m_maxPerClient) {
        if (!makeRoom(&client))
            return std::nullopt;
    }
    while (int(m_entries.size()) >= m_maxConnections) {
        if (!makeRoom(nullptr))
            return std::nullopt;
    }
    m_entries[id] = Entry{client, true, ++m_clock};
    ++m_perClient[client];
    return closed;
}

void ConnectionTable::setWaiting(Id id, bool waiting)
{
    const auto found = m_entries.find(id);
    if (found == m_entries.end() || found->second.waiting == waiting)
        return;
    found->second.waiting = waiting;
    found->second.since = ++m_clock;
}

void ConnectionTable::remove(Id id)
{
    const auto found = m_entries.find(id);
    if (found == m_entries.end())
        return;
    const auto client = m_perClient.find(found->second.client);
    if (client != m_perClient.end() && --client->second <= 0)
        m_perClient.erase(client);
    m_entries.erase(found);
}

bool ConnectionTable::isWaiting(Id id) const
{
    const auto found = m_entries.find(id);
    return found != m_entries.end() && found->second.waiting;
}

int ConnectionTable::countFor(const std::string& client) const
{
    const auto found = m_perClient.find(client);
    return found == m_perClient.end() ? 0 : found->second;
}

std::optional<ConnectionTable::Id> ConnectionTable::longestWaiting(const std::string* client) const
{
    std::optional<Id> oldest;
    quint64 oldestSince = 0;
    for (const auto& [id, entry] : m_entries) {
        if (!entry.waiting || (client && entry.client != *client))
            continue;
        if (!oldest || entry.since < oldestSince) {
            oldest = id;
            oldestSince = entry.since;
        }
    }
    return oldest;
}

} // namespace hl
