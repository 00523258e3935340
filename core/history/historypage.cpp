#include "history/historypage.h"

namespace hl {

HistoryPage::HistoryPage()
    : m_events(google::protobuf::Arena::CreateMessage<Events>(&m_arena))
{
}

} // namespace hl
