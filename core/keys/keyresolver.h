#pragma once

#include "keys/keyring.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace hl {

// Fills a KeyRing for the key ids a history uses by asking the stores in order (session keys first, then the
// keychain); the first store that has a key wins. A store that fails (no keychain running) is reported once and
// skipped for the remaining ids. Keys no store has stay missing; the decoder reports them per payload.
class KeyResolver {
public:
    using Done = std::function<void(KeyRing ring, std::vector<Error> storeErrors)>;

    // The stores must outlive the resolution. `done` runs once, possibly before resolve() returns.
    static void resolve(const std::set<std::string>& keyIds, const std::vector<KeyStore*>& stores, Done done);
    // The same, waiting in a local event loop (for the command line, which has no other work meanwhile).
    static KeyRing resolveNow(const std::set<std::string>& keyIds, const std::vector<KeyStore*>& stores,
                              std::vector<Error>* storeErrors);
};

} // namespace hl
