#pragma once

#include "keys/keystore.h"

#include <QByteArray>
#include <QString>

#include <utility>
#include <vector>

namespace hl {

// Where and how to reach a remote Codec Server (`POST {endpoint}/decode`), and how hard to lean on it. Spelled as
// the temporal CLI spells it (endpoint, auth, headers); the batching figures are HistoryLens's own. Secrets (the
// Authorization value, header values) are held in wiped memory and never printed.
struct CodecServerSettings {
    // Which payloads go to the Codec Server: what local keys and codecs could not decode (the default), or every
    // encoded payload.
    enum class Order { LocalFirst, RemoteOnly };

    // Measured on loopback against the Go SDK's handler (docs/performance.md): beyond ~1,000 payloads or 4 MiB a
    // request, bigger batches save nothing, and a server's body limit (aiohttp: 1 MiB) answers 413 sooner.
    static constexpr int kDefaultBatchPayloads = 1000;
    static constexpr qint64 kDefaultBatchBytes = 4 * 1024 * 1024;
    static constexpr int kDefaultInFlight = 4;
    static constexpr int kDefaultTimeoutMs = 30000;
    static constexpr int kDefaultAttempts = 3;
    static constexpr qint64 kDefaultMaxAnswerBytes = 256 * 1024 * 1024;

    QString endpoint;          // as configured; `{namespace}` is replaced by resolvedEndpoint()
    QString temporalNamespace; // sent as X-Namespace
    SecretPtr authorization;   // the Authorization header's value, verbatim ("Bearer ...")
    std::vector<std::pair<QByteArray, SecretPtr>> headers; // --codec-header KEY=VALUE, in order
    QString caFile;            // PEM CA certificates to trust besides the system's
    bool allowPlaintextAuth = false; // send Authorization over http:// to a host that is not loopback
    Order order = Order::LocalFirst;

    int maxBatchPayloads = kDefaultBatchPayloads;
    qint64 maxBatchBytes = kDefaultBatchBytes;
    int maxInFlight = kDefaultInFlight;
    int timeoutMs = kDefaultTimeoutMs;
    int maxAttempts = kDefaultAttempts;
    qint64 maxAnswerBytes = kDefaultMaxAnswerBytes;

    bool isEnabled() const { return !endpoint.trimmed().isEmpty(); }

    // The endpoint with `{namespace}` replaced, as the temporal CLI does; trailing slashes are dropped, so
    // "https://codec.example.com/" posts to "/decode" rather than "//decode".
    QString resolvedEndpoint() const;
    // "codec.example.com:8443": how the remote step is named in an encoding chain and in messages.
    QString hostLabel() const;
    // Changes when anything that could change an answer changes (endpoint, namespace, auth, headers): a cache of
    // answers is only valid for one fingerprint. A hash; no secret can be read back from it.
    QByteArray fingerprint() const;

    // Extra headers as the keychain keeps them: one "Name: value" a line.
    static std::vector<std::pair<QByteArray, SecretPtr>> parseHeaderLines(const SecretBytes& lines);
    static SecretPtr headerLines(const std::vector<std::pair<QByteArray, SecretPtr>>& headers);
};

} // namespace hl
