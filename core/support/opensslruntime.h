#pragma once

namespace hl {

// OpenSSL's configuration is loaded by the first thread that uses it, and that thread's error state lives until the
// thread ends. Loading it on the main thread at start keeps it out of the decoding pool's threads (which outlive
// nothing but can still be running at exit) and out of a TLS handshake's critical path.
class OpenSslRuntime {
public:
    static void initialize();
};

} // namespace hl
