#include "support/processhardening.h"

#include <openssl/crypto.h>

#include <QLoggingCategory>
#include <QtGlobal>

#include <cerrno>
#include <cstring>

#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif
#if defined(Q_OS_LINUX)
#include <sys/prctl.h>
#endif

#if defined(HL_ADDRESS_SANITIZER) && defined(Q_OS_LINUX)
#include <sanitizer/lsan_interface.h>

#include <QFile>
#endif

namespace hl {

namespace {

Q_LOGGING_CATEGORY(hardeningLog, "historylens.hardening", QtWarningMsg)

QString lastError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

#if defined(HL_ADDRESS_SANITIZER) && defined(Q_OS_LINUX)
// OpenSSL keeps some pointers to ordinary heap blocks only inside the secure heap (its random generators' cipher
// contexts). The secure heap is an mmap'ed region the leak checker does not scan, so without this those blocks look
// leaked; registered as a root region, they are judged like any other.
void letLeakCheckerScanSecureHeap()
{
    void* probe = OPENSSL_secure_malloc(1);
    if (probe == nullptr || CRYPTO_secure_allocated(probe) == 0) {
        OPENSSL_secure_free(probe);
        return;
    }
    const auto address = reinterpret_cast<quintptr>(probe);
    OPENSSL_secure_free(probe);
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return;
    for (const QByteArray& line : maps.readAll().split('\n')) {
        const QList<QByteArray> range = line.split(' ').value(0).split('-');
        bool startOk = false;
        bool endOk = false;
        const quintptr start = range.value(0).toULongLong(&startOk, 16);
        const quintptr end = range.value(1).toULongLong(&endOk, 16);
        if (startOk && endOk && start <= address && address < end) {
            __lsan_register_root_region(reinterpret_cast<const void*>(start), end - start);
            return;
        }
    }
}
#endif

ProcessHardening::Report applyOnce()
{
    ProcessHardening::Report report;
    const bool keepDumps = qEnvironmentVariable(ProcessHardening::kAllowCoreDumpsVariable) == QLatin1String("1");
#if defined(Q_OS_UNIX)
    if (!keepDumps) {
        const rlimit none{0, 0};
        report.coreDumpsOff = setrlimit(RLIMIT_CORE, &none) == 0;
        if (!report.coreDumpsOff)
            report.problems << QStringLiteral("core dumps stay on: setrlimit(RLIMIT_CORE): ") + lastError();
#if defined(Q_OS_LINUX)
        // Also covers a core_pattern that pipes to a handler (systemd-coredump), which ignores RLIMIT_CORE.
        if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
            report.coreDumpsOff = false;
            report.problems << QStringLiteral("the process stays dumpable: prctl(PR_SET_DUMPABLE): ") + lastError();
        }
#endif
    }
#else
    Q_UNUSED(keepDumps);
    report.problems << QStringLiteral("core dumps are left to the system on this platform");
#endif
    // 1: the heap is there and locked; 2: there, but the OS refused to lock it (RLIMIT_MEMLOCK); 0: not there.
    switch (CRYPTO_secure_malloc_init(ProcessHardening::kSecureHeapBytes, 32)) {
    case 1:
        report.secureHeap = report.secureHeapLocked = true;
        break;
    case 2:
        report.secureHeap = true;
        report.problems << QStringLiteral("the secure heap is not locked in memory (RLIMIT_MEMLOCK too low?)");
        break;
    default:
        report.problems << QStringLiteral("no secure heap: secrets use the ordinary heap, wiped when freed");
        break;
    }
#if defined(HL_ADDRESS_SANITIZER) && defined(Q_OS_LINUX)
    if (report.secureHeap)
        letLeakCheckerScanSecureHeap();
#endif
    for (const QString& problem : report.problems)
        qCDebug(hardeningLog) << problem;
    return report;
}

} // namespace

ProcessHardening::Report ProcessHardening::apply()
{
    static const Report report = applyOnce();
    return report;
}

} // namespace hl
