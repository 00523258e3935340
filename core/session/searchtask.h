#pragma once

#ifndef Q_MOC_RUN
#include "history/history.h"
#include "render/payloadcontext.h"
#endif

#include <QObject>

#include <memory>
#include <vector>

namespace hl {

class EventSearch;
template <typename Owner>
class OwnerLink;

// One search of a history, on the CPU pool in independent chunks of events (none waits for another; the last to
// end merges). It reports on the thread that started it, which never waits: cancel() drops what comes later.
class SearchTask : public QObject {
    Q_OBJECT

public:
    SearchTask(std::shared_ptr<const EventSearch> search, History history, PayloadContext context, QObject* parent = nullptr);
    ~SearchTask() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    // Valid after finished(): the matching events' indexes, in order.
    const std::vector<int>& matches() const { return m_matches; }

    static constexpr int kEventsPerChunk = 1024;

Q_SIGNALS:
    void finished();

private:
    struct Work;

    std::shared_ptr<Work> m_work;
    std::shared_ptr<OwnerLink<SearchTask>> m_link;
    bool m_running = false;
    std::vector<int> m_matches;
};

} // namespace hl
