#pragma once

#include "history/history.h"
#include "keys/secretbytes.h"

namespace hl::bench {

// The benchmark history: the largest Temporal allows (51,200 events), an order-processing workflow whose every
// payload is encoded as the samples-go encryption sample does it (zlib, then AES-256-GCM), about 50 MiB as JSON.
class BenchHistory {
public:
    static constexpr int kMaxEvents = 51200;
    static constexpr const char* kKeyId = "bench";

    static const SecretBytes& key();
    static History make(int eventCount);
};

} // namespace hl::bench
