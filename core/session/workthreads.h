#pragma once

#include <QObject>

class QThread;
class QThreadPool;

namespace hl {

// The threads HistoryLens owns, one set per process, made on first use and ended with the application object.
// Each kind of work has its own, so no kind can starve another (docs/architecture.md):
// - cpu(): a pool of one thread per core for decoding, reading files, searching and exporting. A task on it never
//   waits: not for another task of the pool, not for the network, not for a lock held across I/O.
// - blocking(): a pool for calls that block on the network (gRPC calls, long polls of followed workflows, the
//   workflow list); its threads mostly sleep, so it may have many, and a long poll never takes a decoding thread.
// - events(): one thread running an event loop for asynchronous Qt Network work (Codec Server exchanges).
// The global QThreadPool is used by nothing.
class WorkThreads : public QObject {
    Q_OBJECT

public:
    static WorkThreads& instance();

    QThreadPool* cpu() const { return m_cpu; }
    QThreadPool* blocking() const { return m_blocking; }
    // An object living on the event thread: the context to invoke work there.
    QObject* events() const { return m_eventsContext; }

    static constexpr int kMaxBlockingThreads = 128;

private:
    WorkThreads();
    ~WorkThreads() override;
    static void shutDown();

    QThreadPool* m_cpu;
    QThreadPool* m_blocking;
    QThread* m_eventThread;
    QObject* m_eventsContext;
};

} // namespace hl
