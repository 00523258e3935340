#include "support/hugepages.h"

#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hl {

void HugePages::advise(void* data, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!data || bytes < kPageBytes)
        return;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + kPageBytes - 1) & ~std::uintptr_t(kPageBytes - 1);
    const std::uintptr_t last = (begin + bytes) & ~std::uintptr_t(kPageBytes - 1);
    if (last > first)
        ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE); // a hint: failure changes nothing
#else
    (void)data;
    (void)bytes;
#endif
}

// Each buffer is filled front to back. The sizes given are lower bounds of what simdjson allocates for this capacity
// (document::allocate, dom_parser_implementation::set_capacity).
void HugePages::adviseJsonParser(simdjson::dom::parser& parser)
{
    const size_t capacity = parser.capacity();
    advise(parser.doc.tape.get(), capacity * sizeof(uint64_t));
    advise(parser.doc.string_buf.get(), capacity * 5 / 3);
    if (parser.implementation)
        advise(parser.implementation->structural_indexes.get(), capacity * sizeof(uint32_t));
}

void* HugePages::allocateBlock(size_t bytes)
{
    void* block = nullptr;
    if (bytes >= kPageBytes) {
        const size_t rounded = (bytes + kPageBytes - 1) & ~(kPageBytes - 1);
        block = std::aligned_alloc(kPageBytes, rounded);
        advise(block, rounded);
    } else {
        block = std::malloc(bytes);
    }
    if (!block)
        throw std::bad_alloc(); // what protobuf's default block allocation does
    return block;
}

void HugePages::freeBlock(void* block, size_t)
{
    std::free(block);
}

} // namespace hl
