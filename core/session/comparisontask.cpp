#include "session/comparisontask.h"

#include "session/ownerlink.h"
#include "session/workthreads.h"

namespace hl {

ComparisonTask::ComparisonTask(Side a, Side b, HistoryComparison::Options options, QObject* parent)
    : QObject(parent), m_a(std::move(a)), m_b(std::move(b)), m_options(std::move(options)),
      m_cancelled(std::make_shared<std::atomic<bool>>(false)), m_link(OwnerLink<ComparisonTask>::to(this))
{
}

ComparisonTask::~ComparisonTask()
{
    cancel();
    // The last share of a large history or comparison may be held here: freed on the pool, not on the GUI thread.
    WorkThreads::instance().release(std::move(m_a), std::move(m_b), std::move(m_comparison));
}

void ComparisonTask::start()
{
    m_running = true;
    m_cancelled->store(false);
    // Each side's steps in a slot of its own, read at once on two threads; the one that ends last compares.
    struct Work {
        Side sides[2];
        HistoryComparison::Options options;
    };
    auto work = std::make_shared<Work>(Work{{m_a, m_b}, m_options});
    const std::shared_ptr<std::atomic<bool>> cancelled = m_cancelled;
    WorkThreads::instance().runInChunks(
        0, 2, 1, cancelled.get(),
        [work](int index, int, int) {
            Side& side = work->sides[index];
            if (!side.steps)
                side.steps = std::make_shared<const HistorySteps>(HistorySteps::of(side.history, side.context));
        },
        [work, cancelled, link = m_link] {
            auto comparison = std::make_shared<const HistoryComparison>(
                HistoryComparison::compare(work->sides[0].steps, work->sides[1].steps, work->options, cancelled.get()));
            if (comparison->cancelled())
                return;
            link->post([comparison](ComparisonTask* task) {
                if (!task->m_running)
                    return;
                task->m_running = false;
                task->m_comparison = comparison;
                Q_EMIT task->finished();
            });
        });
}

void ComparisonTask::cancel()
{
    m_running = false;
    m_cancelled->store(true);
    m_link->cut();
}

} // namespace hl
