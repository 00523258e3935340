#pragma once

#ifndef Q_MOC_RUN
#include "history/history.h"
#include "render/payloadcontext.h"
#include "timeline/timeline.h"
#endif

#include <QObject>

#include <memory>

namespace hl {

class TimelineBuilder;
template <typename Owner>
class OwnerLink;

// Lays a history out as a Timeline on the CPU pool, and reports on the thread that started it. Given the builder of
// an earlier snapshot of the same history (a frontend's previous page), only the events after it are added; the
// builder comes back with the result, to be given to the next task. cancel() drops what comes later.
class TimelineTask : public QObject {
    Q_OBJECT

public:
    TimelineTask(History history, PayloadContext context, int64_t now, std::shared_ptr<TimelineBuilder> builder = {},
                 QObject* parent = nullptr);
    ~TimelineTask() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    // Valid after finished().
    const std::shared_ptr<const Timeline>& timeline() const { return m_timeline; }
    // The builder that made it, to continue from when the history grows.
    const std::shared_ptr<TimelineBuilder>& builder() const { return m_builder; }
    const History& history() const { return m_history; }

Q_SIGNALS:
    void finished();

private:
    History m_history;
    PayloadContext m_context;
    int64_t m_now;
    std::shared_ptr<TimelineBuilder> m_builder;
    std::shared_ptr<const Timeline> m_timeline;
    std::shared_ptr<OwnerLink<TimelineTask>> m_link;
    bool m_running = false;
};

} // namespace hl
