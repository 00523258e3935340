#pragma once

#include <memory>

namespace hl {

class AesGcmOpener;

// Working state one thread keeps for a run of payloads (cipher contexts with their key schedules); codecs use it
// when their context has one. It is wiped when destroyed, at the end of the run.
struct CodecScratch {
    CodecScratch();
    ~CodecScratch();
    std::unique_ptr<AesGcmOpener> opener;
};

} // namespace hl
