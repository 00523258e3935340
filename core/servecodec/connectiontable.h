#pragma once

#include <QtGlobal>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hl {

// Who holds serve-codec's connections, and which to close when a newcomer would pass a bound. A connection is either
// waiting for a request (idle, or being sent one slowly) or busy (its request is read: decoding, answering). When the
// server or one client address is at its bound, the connection that has waited longest makes room, so slow and idle
// connections can never lock out a client that sends whole requests; busy ones are never closed for another.
class ConnectionTable {
public:
    using Id = quint64;

    ConnectionTable(int maxConnections, int maxPerClient);

    // Admits connection `id` from `client`. The ids to close first (already out of the table), or nothing when no
    // waiting connection can make room: the newcomer is refused then.
    std::optional<std::vector<Id>> admit(Id id, const std::string& client);
    void setWaiting(Id id, bool waiting);
    void remove(Id id);
    bool isWaiting(Id id) const;
    size_t size() const { return m_entries.size(); }
    int countFor(const std::string& client) const;

private:
    struct Entry {
        std::string client;
        bool waiting = true;
        quint64 since = 0; // when it began to wait, in admissions and state changes
    };
    // The connection waiting longest, of `client` or of anyone (empty).
    std::optional<Id> longestWaiting(const std::string* client) const;

    int m_maxConnections;
    int m_maxPerClient;
    quint64 m_clock = 0;
    std::map<Id, Entry> m_entries;
    std::map<std::string, int> m_perClient;
};

} // namespace hl
