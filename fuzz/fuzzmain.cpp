// The libFuzzer entry point of one target, chosen at build time by its name in kTargets (HL_FUZZ_TARGET_NAME).
#include "fuzztargets.h"

#include "support/protobuflog.h"

#include <cstdio>
#include <cstdlib>

namespace {

hl::fuzz::Target g_target = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    // protobuf's complaints about hostile bytes go to a Qt logging category, not over libFuzzer's report.
    hl::ProtobufLog::install();
    for (const auto& target : hl::fuzz::kTargets) {
        if (target.name == HL_FUZZ_TARGET_NAME)
            g_target = target.run;
    }
    if (!g_target) {
        std::fprintf(stderr, "no fuzz target named %s in fuzztargets.h\n", HL_FUZZ_TARGET_NAME);
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return g_target(data, size);
}
