#pragma once

#include "support/result.h"

#include <string_view>
#include <vector>

namespace hl {

// AES-GCM checked against published answers before HistoryLens decrypts or encrypts anything, as KeePassXC checks
// its ciphers at start: a broken or substituted OpenSSL must not turn ciphertext into plausible garbage, or a
// tampered payload into an accepted one. The check runs the code payloads go through (AesGcmOpener to open,
// AesGcm::seal to seal) and requires a tampered tag to be refused.
class AesGcmSelfTest {
public:
    struct Vector {
        const char* name;
        std::string_view keyHex;
        std::string_view nonceHex;
        std::string_view plaintextHex;
        std::string_view sealedHex; // ciphertext || tag
    };

    // AES-128, -192 and -256 from the GCM specification (McGrew and Viega, test cases 3, 9 and 15).
    static const std::vector<Vector>& publishedVectors();

    // Runs `vectors`; the error names the first that failed and how.
    static Result<void> check(const std::vector<Vector>& vectors);

    // Both executables call this at start. It checks `vectors` and keeps the outcome for status(); a failure makes
    // every decryption and encryption fail with its reason.
    static Result<void> runAtStart(const std::vector<Vector>& vectors = publishedVectors());

    // The kept outcome; when runAtStart has not run (a library user, a test), the published vectors run now.
    static Result<void> status();
};

} // namespace hl
