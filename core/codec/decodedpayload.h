#pragma once

#include "support/error.h"

#include <temporal/api/common/v1/message.pb.h>

#include <cstdint>
#include <memory>

#include <optional>
#include <string>

namespace hl {

class CompactPayload;

// What decoding made of one payload: whether every codec layer came off, which ones did, and if not, why. The
// decoded bytes themselves are not kept here (DecodedPayloads hands them out on request), so knowing the outcome of
// every payload of a 50 MiB history costs little memory.
struct DecodedPayload {
    enum class Status {
        NotEncoded, // no codec encoding: shown as it is
        Decoded,    // every codec layer came off
        Failed,     // a layer could not be undone; `error` says why
    };

    Status status = Status::NotEncoded;
    std::string layers;   // layers removed, outermost first: "binary/encrypted(key test) > binary/zlib"
    int layerCount = 0;
    std::string encoding; // the encoding of the innermost payload reached: "json/plain", or the layer that failed
    std::optional<Error> error;
    std::string missingKeyId; // the encryption-key-id no key was given for, when that is why it failed
    // When a Codec Server took the outer layers off: what it answered (the local chain goes on from there), or why
    // it could not (the payload stays Failed then, with `error` saying both what was tried here and there).
    // Pointers, so a history decoded without a server pays 32 bytes a payload for them.
    std::shared_ptr<const CompactPayload> remoteAnswer;
    std::shared_ptr<const Error> remoteError;
    // Of the innermost payload reached (its encoding and data) when nothing failed: equal values have equal digests
    // whatever keys and nonces encrypted them, so two runs compare without decoding again.
    uint64_t digest = 0;

    bool failed() const { return status == Status::Failed; }
    // "binary/encrypted(key test) > binary/zlib > json/plain"; a failed layer ends the chain as "binary/zlib (failed)".
    std::string chainText() const;

    static uint64_t digestOf(const temporal::api::common::v1::Payload& payload);
};

} // namespace hl
