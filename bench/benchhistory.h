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
    // `run` > 0 makes another run of the same workflow: every payload encrypted again under other nonces (so no
    // stored bytes are equal, as between two real runs), and with `changeEvery` > 0 every changeEvery-th activity's
    // result holds another value.
    static History make(int eventCount, uint32_t run = 0, int changeEvery = 0);
};

} // namespace hl::bench
