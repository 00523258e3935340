#pragma once

#include <QString>
#include <QStringList>

#include <cstddef>

namespace hl {

// What a process that holds codec keys, API keys and decrypted payloads does before anything else: no core dump
// that would write them to disk (RLIMIT_CORE 0, and on Linux not dumpable, which also keeps other processes of the
// same user from reading its memory), and a locked heap for secrets (OpenSSL's secure heap: mlock'ed, left out of
// core dumps, guarded by inaccessible pages), where SecretBytes are allocated. Both executables call apply() first.
class ProcessHardening {
public:
    // Set to 1 to keep core dumps, when a crash must be debugged.
    static constexpr const char* kAllowCoreDumpsVariable = "HISTORYLENS_ALLOW_CORE_DUMPS";
    // Room for a few thousand keys; past it, secrets come from the ordinary heap (still wiped when freed).
    static constexpr size_t kSecureHeapBytes = 1024 * 1024;

    struct Report {
        bool coreDumpsOff = false;
        bool secureHeap = false;       // secrets are allocated from the secure heap
        bool secureHeapLocked = false; // and it is locked in memory (the OS allowed it)
        QStringList problems;          // what could not be done, for a debug log
    };

    // Once per process; later calls report what the first did. Problems also go to the debug log
    // (QT_LOGGING_RULES="historylens.hardening.debug=true").
    static Report apply();
};

} // namespace hl
