#pragma once

#include <QObject>
#include <QThreadPool>

#include <memory>
#include <tuple>
#include <type_traits>

class QThread;

namespace hl {

// The threads HistoryLens owns, one set per process, made on first use and ended with the application object.
// Each kind of work has its own, so no kind can starve another (docs/architecture.md):
// - cpu(): a pool of one thread per core for decoding, reading files, searching and exporting. A task on it never
//   waits: not for another task of the pool, not for the network, not for a lock held across I/O. Its threads run
//   below the GUI thread's priority (runOnCpu), so a busy pool on a machine with few cores never starves the GUI.
// - blocking(): a pool for calls that block on the network (gRPC calls, long polls of followed workflows, the
//   workflow list); its threads mostly sleep, so it may have many, and a long poll never takes a decoding thread.
// - events(): one thread running an event loop for asynchronous Qt Network work (Codec Server exchanges).
// - files(): one thread for settings written as the app runs (SettingsWriter), in order: QSettings syncs with
//   fsync, which on a busy disk takes hundreds of milliseconds.
// The global QThreadPool is used by nothing.
class WorkThreads : public QObject {
    Q_OBJECT

public:
    static WorkThreads& instance();

    // Runs `task` on the CPU pool, on a thread of background priority.
    template <typename Task>
    void runOnCpu(Task task)
    {
        m_cpu->start([task = std::move(task)]() mutable {
            lowerThreadPriority();
            task();
        });
    }
    // Lets go of `held` on the CPU pool: the last reference to a large immutable history or snapshot (51,200 events,
    // their decoded payloads) takes tens of milliseconds to free, which the GUI thread must not spend.
    template <typename... Held>
    void release(Held&&... held)
    {
        auto parcel = std::make_shared<std::tuple<std::decay_t<Held>...>>(std::forward<Held>(held)...);
        runOnCpu([parcel]() mutable { parcel.reset(); });
    }
    // The calling (pool) thread yields to the GUI thread from now on; once per thread.
    static void lowerThreadPriority();
    QThreadPool* cpu() const { return m_cpu; }
    QThreadPool* blocking() const { return m_blocking; }
    QThreadPool* files() const { return m_files; }
    // An object living on the event thread: the context to invoke work there.
    QObject* events() const { return m_eventsContext; }

    static constexpr int kMaxBlockingThreads = 128;

private:
    WorkThreads();
    ~WorkThreads() override;
    static void shutDown();

    QThreadPool* m_cpu;
    QThreadPool* m_blocking;
    QThreadPool* m_files;
    QThread* m_eventThread;
    QObject* m_eventsContext;
};

} // namespace hl
