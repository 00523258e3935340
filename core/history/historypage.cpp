#include "history/historypage.h"

#include "support/hugepages.h"

namespace hl {

namespace {

// Blocks double from protobuf's 256 bytes up to 4 MiB: a small history stays in a few small blocks, a large one
// fills 4 MiB blocks on huge pages (HugePages says why).
google::protobuf::ArenaOptions arenaOptions()
{
    google::protobuf::ArenaOptions options;
    options.max_block_size = 2 * HugePages::kPageBytes;
    options.block_alloc = &HugePages::allocateBlock;
    options.block_dealloc = &HugePages::freeBlock;
    return options;
}

} // namespace

HistoryPage::HistoryPage()
    : m_arena(arenaOptions())
    , m_events(google::protobuf::Arena::CreateMessage<Events>(&m_arena))
{
}

void HistoryPage::adoptEvents(Events* events)
{
    Q_ASSERT(events && events->GetArena() == &m_arena);
    m_events = events;
}

} // namespace hl
