#pragma once

#include "keys/secretid.h"

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace hl {

// What may be known about stored keys without their bytes: id, when added, a short fingerprint, a label and the
// Temporal namespace a key is for (empty: any). Kept in the application's settings, never the secret.
class KeyCatalog {
public:
    struct Entry {
        SecretId id;
        QDateTime added;
        QString fingerprint;
        QString label;
        QString temporalNamespace;
    };

    std::vector<Entry> entries(SecretKind kind) const;
    std::optional<Entry> find(const SecretId& id) const;
    void put(const Entry& entry);
    void remove(const SecretId& id);
};

} // namespace hl
