// The libFuzzer entry point of one target, chosen at build time (HL_FUZZ_TARGET names a function of fuzztargets.h).
#include "fuzztargets.h"

#include "support/protobuflog.h"

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    // protobuf's complaints about hostile bytes go to a Qt logging category, not over libFuzzer's report.
    hl::ProtobufLog::install();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return hl::fuzz::HL_FUZZ_TARGET(data, size);
}
