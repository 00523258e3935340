#pragma once

#ifndef Q_MOC_RUN
#include "codecserver/codecserversettings.h"
#endif

#include <QString>

#include <optional>

namespace hl {

// This machine's Codec Server settings, per scope (a profile's namespace, or histories opened from files), as the
// Web UI keeps a per-namespace endpoint with a local override: the endpoint here wins over a profile's
// codec.endpoint. Kept in the application's settings; the Authorization value and extra headers never are (they go
// to the OS keychain, named by endpoint).
class CodecServerPreferences {
public:
    struct Entry {
        QString endpoint; // empty: no Codec Server for this scope, even when the profile names one
        CodecServerSettings::Order order = CodecServerSettings::Order::LocalFirst;
        QString caFile;
        bool allowPlaintextAuth = false;
    };

    // "profile default · namespace orders"; histories opened from files share one scope.
    static QString frontendScope(const QString& profile, const QString& temporalNamespace);
    static QString fileScope();

    std::optional<Entry> find(const QString& scope) const;
    void put(const QString& scope, const Entry& entry);
    void remove(const QString& scope);
};

} // namespace hl
