#include "session/workthreads.h"

#include "support/opensslruntime.h"

#include <QCoreApplication>
#include <QMutex>
#include <QThread>
#include <QThreadPool>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace hl {

namespace {

QMutex instanceMutex;
WorkThreads* theInstance = nullptr;
// What a blocked call may still take once the application quits: every caller cancelled its calls by then, and a
// cancelled gRPC call or long poll ends within ~50 ms.
constexpr int kShutDownWaitMs = 5000;

} // namespace

WorkThreads& WorkThreads::instance()
{
    QMutexLocker lock(&instanceMutex);
    if (!theInstance) {
        theInstance = new WorkThreads;
        if (QCoreApplication::instance())
            qAddPostRoutine(&WorkThreads::shutDown);
    }
    return *theInstance;
}

WorkThreads::WorkThreads()
    : m_cpu(new QThreadPool(this)), m_blocking(new QThreadPool(this)), m_files(new QThreadPool(this)),
      m_eventThread(new QThread(this)),
      m_eventsContext(new QObject)
{
    m_cpu->setObjectName(QStringLiteral("hl-cpu"));
    m_cpu->setMaxThreadCount(qMax(1, QThread::idealThreadCount()));
    m_blocking->setObjectName(QStringLiteral("hl-blocking"));
    m_blocking->setMaxThreadCount(kMaxBlockingThreads);
    m_files->setObjectName(QStringLiteral("hl-files"));
    m_files->setMaxThreadCount(1);
    m_eventThread->setObjectName(QStringLiteral("hl-network"));
    m_eventsContext->moveToThread(m_eventThread);
    // Qt Network's TLS backend keeps OpenSSL state per thread; it goes with the thread.
    connect(m_eventThread, &QThread::finished, m_eventsContext, [] { OpenSslRuntime::releaseThreadState(); }, Qt::DirectConnection);
    m_eventThread->start();
}

WorkThreads::~WorkThreads()
{
    m_eventThread->quit();
    m_eventThread->wait();
    delete m_eventsContext;
    m_cpu->waitForDone();
    m_files->waitForDone(); // settings written in the last moments are kept
    if (!m_blocking->waitForDone(kShutDownWaitMs))
        m_blocking->setParent(nullptr); // a call that ignores its cancel must not hold the exit: the process ends it
}

void WorkThreads::runInChunks(int first, int end, int chunkSize, const std::atomic<bool>* cancelled,
                              std::function<void(int index, int first, int end)> each, std::function<void()> last)
{
    const int chunks = end > first ? (end - first + chunkSize - 1) / chunkSize : 0;
    if (chunks == 0)
        return runOnCpu(std::move(last));
    auto left = std::make_shared<std::atomic<int>>(chunks);
    auto shared = std::make_shared<std::pair<std::function<void(int, int, int)>, std::function<void()>>>(std::move(each), std::move(last));
    for (int index = 0; index < chunks; ++index) {
        runOnCpu([shared, left, cancelled, index, first, end, chunkSize] {
            // `cancelled` lives in what `each` holds, which `shared` keeps alive.
            if (cancelled && cancelled->load())
                return;
            const int from = first + index * chunkSize;
            shared->first(index, from, qMin(from + chunkSize, end));
            if (left->fetch_sub(1) == 1 && !(cancelled && cancelled->load()))
                shared->second();
        });
    }
}

void WorkThreads::lowerThreadPriority()
{
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
#ifdef Q_OS_LINUX
    // Linux ignores thread priorities under its default policy but honours a thread's own nice value. At 5 a pool
    // thread weighs a third of the GUI thread when both want a core (the window answers while both cores decode),
    // and a quarter of any other program's thread, so decoding is not starved while the developer compiles.
    constexpr int kBackgroundNice = 5;
    (void)setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), kBackgroundNice);
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
}

void WorkThreads::shutDown()
{
    QMutexLocker lock(&instanceMutex);
    delete theInstance;
    theInstance = nullptr;
}

} // namespace hl
