#pragma once

#include <QString>

namespace hl {

// What a stored secret is for. Codec keys come first; Temporal Cloud API keys and client-key passphrases share the
// same stores later, kept apart by kind.
enum class SecretKind {
    CodecKey,            // AES key for binary/encrypted payloads, named by its encryption-key-id
    CloudApiKey,         // Temporal Cloud API key, named by profile
    ClientKeyPassphrase, // passphrase of an mTLS client key, named by key path
    CodecServerAuth,     // the Authorization value for a Codec Server, named by its endpoint as configured
    CodecServerHeaders,  // a Codec Server's extra headers ("Name: value" lines), named by its endpoint
};

struct SecretId {
    SecretKind kind = SecretKind::CodecKey;
    QString name;

    bool operator==(const SecretId& other) const { return kind == other.kind && name == other.name; }
    bool operator<(const SecretId& other) const
    {
        return kind != other.kind ? kind < other.kind : name < other.name;
    }

    // "codec-key/test": how an entry is named inside a store; never the secret itself.
    QString storageName() const;
};

} // namespace hl
