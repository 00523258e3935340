#pragma once

#include "keys/keystore.h"

#include <map>
#include <string>
#include <vector>

namespace hl {

// The codec keys one decoding run may use, by encryption-key-id. It is filled before decoding starts (from the
// KeyStores, which may be slow and asynchronous) and then only read, from any number of threads at once.
class KeyRing {
public:
    void insert(const std::string& keyId, SecretPtr key);
    // Null when the ring has no key with this id.
    SecretPtr find(const std::string& keyId) const;
    std::vector<std::string> keyIds() const;
    bool isEmpty() const { return m_keys.empty(); }

private:
    std::map<std::string, SecretPtr> m_keys;
};

} // namespace hl
