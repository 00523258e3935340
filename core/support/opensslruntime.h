#pragma once

namespace hl {

// OpenSSL's configuration is loaded by the first thread that uses it, and that thread's error state lives until the
// thread ends. The decoding code calls this when the program loads (core/codec/aesgcmopener.cpp), so it happens on
// the main thread and not on a pool thread that may still be alive at exit.
class OpenSslRuntime {
public:
    static void initialize();
    // Frees the calling thread's OpenSSL state (its error queue, which OpenSSL frees only when told). For pool
    // threads after work that may have raised an OpenSSL error (a TLS backend loaded, a handshake refused): a pool
    // thread that ends later would leak it. OpenSSL makes it again if the thread uses it afterwards.
    static void releaseThreadState();
};

} // namespace hl
