#pragma once

#include <cstddef>

namespace hl {

// Allocator settings for large histories.
//
// Decoding a 51,200-event history allocates ~100 MiB in small pieces from worker threads. glibc grows a worker's
// heap only as far as each allocation needs, one mprotect call at a time: about 9,000 calls, serialised on the
// address-space lock, which cost as much as a third of the decoding. apply() (once, at start, by each executable)
// keeps blocks up to 32 MiB in the heaps and stops returning freed memory at once; reserveThreadHeap() then grows
// a worker's heap in one step before a batch. Memory is still only used when touched.
class AllocatorTuning {
public:
    static void apply();
    // Grows this thread's heap by `bytes` at once, so the many small allocations that follow need no system calls.
    static void reserveThreadHeap(size_t bytes);
};

} // namespace hl
