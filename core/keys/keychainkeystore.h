#pragma once

#include "keys/keystore.h"

namespace hl {

// Secrets in the operating system's keychain through QtKeychain: the Secret Service (GNOME Keyring, KWallet) on
// Linux, Keychain on macOS, Credential Manager on Windows. Entries belong to the service "HistoryLens" and are named
// by kind ("codec-key/test"). There is no plaintext fallback: without a keychain, calls fail and say what to start.
// A missing entry is not an error: read() answers with a null secret.
class KeychainKeyStore : public KeyStore {
public:
    static constexpr const char* kService = "HistoryLens";

    QString displayName() const override;
    void read(const SecretId& id, ReadCallback done) override;
    void write(const SecretId& id, SecretPtr secret, DoneCallback done) override;
    void remove(const SecretId& id, DoneCallback done) override;

    // Why no keychain can be reached, before trying (no session bus on Linux); empty when one may be.
    static QString unavailableReason();
};

} // namespace hl
