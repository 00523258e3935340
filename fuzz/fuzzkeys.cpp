#include "fuzzkeys.h"

#include "keys/keyspec.h"

#include <cstdlib>

namespace hl::fuzz {

std::shared_ptr<const KeyRing> testKeys()
{
    static const std::shared_ptr<const KeyRing> ring = [] {
        auto keys = std::make_shared<KeyRing>();
        const char* const assignments[] = {
            "test=text:test-key-test-key-test-key-test!",
            "test-key-id=text:test-key-test-key-test-key-test!",
            "k128=base64:AAECAwQFBgcICQoLDA0ODw==",
            "k192=hex:a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7",
        };
        for (const char* assignment : assignments) {
            auto named = KeySpec::parseAssignment(QString::fromLatin1(assignment));
            if (!named)
                std::abort(); // the fuzz build itself is broken
            keys->insert(named->id.toStdString(), named->key);
        }
        return keys;
    }();
    return ring;
}

} // namespace hl::fuzz
