#pragma once

#include "keys/keystore.h"

#include <QMutex>

#include <map>
#include <vector>

namespace hl {

// Secrets given for this session only (command-line keys, keys typed into the Keys dialog): in wiped memory, gone
// when the process ends.
class SessionKeyStore : public KeyStore {
public:
    QString displayName() const override;

    void read(const SecretId& id, ReadCallback done) override;
    void write(const SecretId& id, SecretPtr secret, DoneCallback done) override;
    void remove(const SecretId& id, DoneCallback done) override;

    // Synchronous conveniences: this store never waits.
    void insert(const SecretId& id, SecretPtr secret);
    SecretPtr find(const SecretId& id) const;
    std::vector<SecretId> ids() const;

private:
    mutable QMutex m_mutex;
    std::map<SecretId, SecretPtr> m_secrets;
};

} // namespace hl
