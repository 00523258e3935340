#include "session/searchtask.h"

#include "render/eventsearch.h"
#include "session/ownerlink.h"
#include "session/workthreads.h"


#include <atomic>

namespace hl {

struct SearchTask::Work {
    std::shared_ptr<const EventSearch> search;
    History history;
    PayloadContext context;
    std::atomic<bool> cancelled{false};
    std::vector<std::vector<int>> found; // one per chunk, each written by its own task
};

SearchTask::SearchTask(std::shared_ptr<const EventSearch> search, History history, PayloadContext context, QObject* parent)
    : QObject(parent), m_work(std::make_shared<Work>()), m_link(OwnerLink<SearchTask>::to(this))
{
    m_work->search = std::move(search);
    m_work->history = std::move(history);
    m_work->context = std::move(context);
}

SearchTask::~SearchTask()
{
    m_work->cancelled = true;
    m_link->cut();
    WorkThreads::instance().release(std::move(m_work));
}

void SearchTask::start()
{
    m_running = true;
    if (m_work->search->isEmpty()) {
        m_link->post([](SearchTask* task) {
            task->m_running = false;
            Q_EMIT task->finished();
        });
        return;
    }
    const int events = m_work->history.eventCount();
    m_work->found.resize(size_t((events + kEventsPerChunk - 1) / kEventsPerChunk));
    WorkThreads::instance().runInChunks(
        0, events, kEventsPerChunk, &m_work->cancelled,
        [work = m_work](int index, int first, int end) {
            work->found[size_t(index)] = work->search->matchingEvents(work->history, first, end, work->context, &work->cancelled);
        },
        [work = m_work, link = m_link] {
            auto all = std::make_shared<std::vector<int>>();
            for (const auto& found : work->found)
                all->insert(all->end(), found.begin(), found.end());
            link->post([all](SearchTask* task) {
                if (!task->m_running)
                    return;
                task->m_running = false;
                task->m_matches = std::move(*all);
                Q_EMIT task->finished();
            });
        });
}

void SearchTask::cancel()
{
    m_work->cancelled = true;
    m_running = false;
    m_link->cut();
}

} // namespace hl
