#include "session/timelinetask.h"

#include "session/ownerlink.h"
#include "session/workthreads.h"
#include "timeline/timelinebuilder.h"

namespace hl {

TimelineTask::TimelineTask(History history, PayloadContext context, int64_t now, std::shared_ptr<TimelineBuilder> builder,
                           QObject* parent)
    : QObject(parent), m_history(std::move(history)), m_context(std::move(context)), m_now(now), m_builder(std::move(builder)),
      m_link(OwnerLink<TimelineTask>::to(this))
{
}

TimelineTask::~TimelineTask()
{
    m_link->cut();
    // A large history's last share may be held here: freed on the pool, not on the GUI thread.
    WorkThreads::instance().release(std::move(m_history), std::move(m_context));
}

void TimelineTask::start()
{
    m_running = true;
    auto builder = m_builder && m_builder->eventCount() <= m_history.eventCount() ? m_builder
                                                                               : std::make_shared<TimelineBuilder>(m_context);
    m_builder.reset(); // the pool's until it reports
    WorkThreads::instance().runOnCpu([history = m_history, context = m_context, builder, now = m_now, link = m_link]() {
        builder->setContext(context);
        builder->add(history);
        auto timeline = std::make_shared<const Timeline>(builder->timeline(now));
        link->post([builder, timeline](TimelineTask* task) {
            if (!task->m_running)
                return;
            task->m_running = false;
            task->m_builder = builder;
            task->m_timeline = timeline;
            Q_EMIT task->finished();
        });
    });
}

void TimelineTask::cancel()
{
    m_running = false;
    m_link->cut();
}

} // namespace hl
