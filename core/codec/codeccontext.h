#pragma once

#include "keys/keyring.h"
#include "support/readlimits.h"

#include <string>

namespace hl {

class DecodeBudget;
struct CodecScratch;

// What a codec may use besides the payload: keys, size bounds, and for encoding the key to encrypt with.
struct CodecContext {
    // A Temporal payload is at most a few MiB; anything decoding far beyond that is a bomb, not data.
    static constexpr qint64 kDefaultMaxDecodedPayloadBytes = 64 * ReadLimits::kMiB;
    // What one history may decode over all its payloads and layers: five times the largest history Temporal allows,
    // so that 20 small payloads of nested compression cannot take gigabytes.
    static constexpr qint64 kDefaultMaxDecodedHistoryBytes = 256 * ReadLimits::kMiB;

    const KeyRing* keys = nullptr;
    qint64 maxDecodedPayloadBytes = kDefaultMaxDecodedPayloadBytes;
    std::string encryptionKeyId;
    CodecScratch* scratch = nullptr; // this thread's, when decoding many payloads
    DecodeBudget* budget = nullptr;  // the whole input's, when bounded: each layer's output is spent from it
};

} // namespace hl
