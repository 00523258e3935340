#pragma once

#include "codecserver/codecserversettings.h"

#include <functional>

namespace hl {

class KeyStore;

// The Authorization value and extra headers the desktop app kept for a Codec Server's endpoint, added to settings
// that have none of their own (flags, variables and a profile come first). Only what the key catalog lists is asked
// for: a desktop without a keychain can stall on D-Bus. Shared by the app's tabs and historylens-cli.
class CodecServerSecrets {
public:
    using Done = std::function<void(CodecServerSettings)>;

    // `done` runs on this thread, at once when nothing is to be read; `store` must outlive the reads.
    static void addStored(CodecServerSettings settings, KeyStore& store, Done done);
};

} // namespace hl
