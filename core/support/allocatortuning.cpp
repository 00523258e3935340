#include "support/allocatortuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cstdlib>

namespace hl {

void AllocatorTuning::apply()
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TOP_PAD, 64 * 1024 * 1024);
#endif
}

void AllocatorTuning::reserveThreadHeap(size_t bytes)
{
#if defined(__GLIBC__)
    // Written to, so the compiler cannot drop the pair as dead code.
    auto* block = static_cast<volatile char*>(std::malloc(bytes));
    if (block)
        block[0] = 0;
    std::free(const_cast<char*>(block));
#else
    (void)bytes;
#endif
}

} // namespace hl
