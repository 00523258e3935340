#include "cli/cliapplication.h"
#include "codec/aesgcmselftest.h"
#include "support/allocatortuning.h"
#include "support/processhardening.h"
#include "support/protobuflog.h"

#include <QCoreApplication>
#include <QFile>
#include <QGuiApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <memory>
#include <new>

int main(int argc, char* argv[])
{
    hl::ProcessHardening::apply(); // before any secret exists
    hl::AllocatorTuning::apply();
    hl::ProtobufLog::install();
    // `timeline` draws pictures, which needs fonts: a GUI application, on no display (Linux has no other headless way).
    const bool drawing = argc > 1 && qstrcmp(argv[1], "timeline") == 0;
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (drawing && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
#endif
    // Qt's note that XDG_RUNTIME_DIR is unset (containers, CI) says nothing about the picture.
    if (drawing)
        QLoggingCategory::setFilterRules(QStringLiteral("default.warning=false"));
    std::unique_ptr<QCoreApplication> application(drawing ? new QGuiApplication(argc, argv) : new QCoreApplication(argc, argv));
    if (drawing)
        QLoggingCategory::setFilterRules(QString());
    QCoreApplication::setApplicationName(QStringLiteral("historylens-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HL_VERSION_STRING));

    QFile out;
    QFile err;
    out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
    // A failed known-answer test is said once here; every decryption then fails with the same reason.
    if (auto checked = hl::AesGcmSelfTest::runAtStart(); !checked)
        err.write(QByteArray("historylens-cli: ") + checked.error().message.toUtf8() + '\n');
    // The readers and decoders bound what they allocate and turn a failed allocation into an error of their own;
    // anything else that runs out ends here, as an error and not an abort.
    try {
        return hl::CliApplication(out, err).run(QCoreApplication::arguments());
    } catch (const std::bad_alloc&) {
        err.write("historylens-cli: not enough memory; --max-size, --max-events and --max-decoded bound what a "
                  "history may take\n");
        return 1;
    }
}
