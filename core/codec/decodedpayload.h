#pragma once

#include "support/error.h"

#include <temporal/api/common/v1/message.pb.h>

#include <optional>
#include <string>

namespace hl {

// What decoding made of one payload. A payload that failed keeps the layers that did come off, so a person sees
// how far decoding got (encrypted > zlib > failed) and the bytes at that point.
struct DecodedPayload {
    enum class Status {
        NotEncoded, // no codec encoding: shown as it is
        Decoded,    // every codec layer came off
        Failed,     // a layer could not be undone; `error` says why
    };

    Status status = Status::NotEncoded;
    temporal::api::common::v1::Payload payload; // the innermost payload reached
    std::string layers; // layers removed, outermost first: "binary/encrypted(key test) > binary/zlib"
    int layerCount = 0;
    std::optional<Error> error;

    bool failed() const { return status == Status::Failed; }
    // "binary/encrypted(key test) > binary/zlib > json/plain"; a failed layer ends the chain as "binary/zlib (failed)".
    std::string chainText() const;
};

} // namespace hl
