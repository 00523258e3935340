#pragma once

#include "keys/keyring.h"

#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace hl {

class KeyStore;
class SessionKeyStore;

// The codec keys a serve-codec server holds, by Temporal namespace: keys given for the session (--key, the Keys
// dialog) serve every namespace, keychain keys serve the namespace their catalog entry names (or every one). Filled
// once before the server starts, then only read, from every request thread at once.
class ServeKeys {
public:
    void add(const QString& temporalNamespace, const std::string& keyId, SecretPtr key);
    // The keys for requests of `temporalNamespace`; a request that names none sees only the unscoped keys.
    std::shared_ptr<const KeyRing> ringFor(const std::string& temporalNamespace) const;
    size_t keyCount() const { return m_count; }
    // What changed since `before`, for a reload's log line: "added a; removed b; changed c" (ids only), or empty
    // when both hold the same keys.
    QString changesSince(const ServeKeys& before) const;
    bool isEmpty() const { return m_count == 0; }

    using Loaded = std::function<void(ServeKeys keys, std::vector<struct Error> problems)>;
    // Session keys, then every codec key the keychain catalog lists (read through `keychain`, which may be null:
    // --no-keychain); `done` runs on this thread's event loop once they are read, or before load() returns when no
    // keychain is asked. Keychain failures are handed over for reporting; they do not stop the server, whose session
    // keys still work.
    static void load(const SessionKeyStore& session, KeyStore* keychain, Loaded done);
    // The same, waiting in a local event loop: for the command line, never the GUI thread.
    static ServeKeys loadNow(const SessionKeyStore& session, KeyStore* keychain, std::vector<struct Error>* problems);

private:
    void rebuild();

    std::map<std::string, std::map<std::string, SecretPtr>> m_byNamespace; // "" = every namespace
    std::map<std::string, std::shared_ptr<const KeyRing>> m_rings;
    std::shared_ptr<const KeyRing> m_unscoped = std::make_shared<KeyRing>();
    size_t m_count = 0;
};

} // namespace hl
