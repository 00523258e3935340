#pragma once

#include <cstddef>

namespace simdjson::dom {
class parser;
}

namespace hl {

// Large buffers that a load fills once from start to end (the source bytes, the JSON DOM, a history's arena) go on
// 2 MiB pages where the system offers them. On virtual machines the first write to a fresh 4 KiB page can cost
// 2 to 15 µs (12 µs on the benchmark VM), which made page faults more than half of loading a 50 MiB history; a
// 2 MiB page takes one fault where 4 KiB pages take 512. Linux's transparent huge pages ("madvise" or "always"
// mode); elsewhere, or when the system has them off, memory is used as before.
class HugePages {
public:
    static constexpr size_t kPageBytes = size_t(2) * 1024 * 1024;

    // Asks for huge pages over the whole 2 MiB pages inside [data, data + bytes). Only memory not yet written is
    // affected, so call it right after allocating.
    static void advise(void* data, size_t bytes);

    // simdjson's document (tape, strings) and structural indexes, once allocated for the whole input
    // (`parser.allocate(n)` and `parser.doc.allocate(n)`, which parse() would otherwise do later).
    static void adviseJsonParser(simdjson::dom::parser& parser);

    // protobuf arena block allocation (ArenaOptions::block_alloc / block_dealloc): blocks of kPageBytes or more are
    // aligned to and advised for huge pages; smaller ones come from malloc as usual.
    static void* allocateBlock(size_t bytes);
    static void freeBlock(void* block, size_t bytes);
};

} // namespace hl
