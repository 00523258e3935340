#pragma once

#include "codecserver/compactpayload.h"

#include <temporal/api/common/v1/message.pb.h>

#include <QByteArray>
#include <QMutex>

#include <array>
#include <memory>
#include <unordered_map>

namespace hl {

// What a Codec Server answered for each payload it decoded, for the session: a payload whose bytes were seen before
// (the same input in many events, a page fetched again, a Retry) is never sent twice. Keyed by SHA-256 of the
// payload's metadata and data. Only answers are kept, never failures, so a retry asks again. Bound to one
// endpoint, namespace and auth (CodecServerSettings::fingerprint): another one empties it. Thread-safe.
class RemoteAnswerCache {
public:
    using Payload = temporal::api::common::v1::Payload;
    using Digest = std::array<unsigned char, 32>;

    static Digest digest(const Payload& payload);
    // A digest is already uniformly spread: its first bytes are its hash.
    struct DigestHash {
        size_t operator()(const Digest& digest) const
        {
            size_t value = 0;
            for (size_t i = 0; i < sizeof value; ++i)
                value = value << 8 | digest[i];
            return value;
        }
    };

    // Empties the cache when `fingerprint` is not the one it holds answers for.
    void bindTo(const QByteArray& fingerprint);
    std::shared_ptr<const CompactPayload> find(const Digest& digest) const;
    void insert(const Digest& digest, std::shared_ptr<const CompactPayload> answer);
    size_t size() const;
    void clear();

private:
    mutable QMutex m_mutex;
    QByteArray m_fingerprint;
    std::unordered_map<Digest, std::shared_ptr<const CompactPayload>, DigestHash> m_answers;
};

} // namespace hl
