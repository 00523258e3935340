#pragma once

#include "keys/keyring.h"

#include <memory>

namespace hl::fuzz {

// The keys of the codec test vectors (tests/tools/make_codec_vectors.py: the samples' public key and two others),
// so a seed made from those vectors decrypts and the fuzzer explores what lies inside.
std::shared_ptr<const KeyRing> testKeys();

} // namespace hl::fuzz
