#pragma once

#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>

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
    // Runs `each(first, end)` for the chunks of [first, end) of `chunkSize` items as independent tasks on the CPU pool
    // (no task waits for another), then `last()` on the thread of the chunk that ended last, or at once on the pool
    // when there is no chunk. Chunks not yet begun when `*cancelled` turns true are skipped, and so is `last`.
    // Whatever `each` writes is its chunk's own; `last` sees all of it.
    void runInChunks(int first, int end, int chunkSize, const std::atomic<bool>* cancelled,
                     std::function<void(int index, int first, int end)> each, std::function<void()> last);
    // `task` on the CPU pool, as runOnCpu, with its result as a future (for a QFutureWatcher on the GUI thread).
    template <typename Task>
    auto futureOnCpu(Task task)
    {
        return QtConcurrent::run(m_cpu, [task = std::move(task)]() mutable {
            lowerThreadPriority();
            return task();
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
