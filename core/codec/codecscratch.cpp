#include "codec/codecscratch.h"

#include "codec/aesgcmopener.h"

namespace hl {

CodecScratch::CodecScratch() : opener(std::make_unique<AesGcmOpener>()) {}

CodecScratch::~CodecScratch() = default;

} // namespace hl
