#pragma once

#include <cstddef>

namespace hl {

// Process-wide allocator settings for large histories, applied once at start by each executable.
//
// Decoding a 51,200-event history allocates tens of MiB in small pieces from worker threads. glibc grows a
// thread's heap only as far as each allocation needs, one system call at a time, which costs about as much as the
// decoding itself. Growing in 64 MiB steps of address space (memory is still only used when touched) removes that.
class AllocatorTuning {
public:
    static void apply();
    // Grows this thread's heap by `bytes` in one step, so the many small allocations that follow need no system
    // calls. Call it in a worker before it decodes a batch.
    static void reserveThreadHeap(size_t bytes);
};

} // namespace hl
