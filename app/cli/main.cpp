#include "cli/cliapplication.h"
#include "codec/aesgcmselftest.h"
#include "support/allocatortuning.h"
#include "support/processhardening.h"
#include "support/protobuflog.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <new>

int main(int argc, char* argv[])
{
    hl::ProcessHardening::apply(); // before any secret exists
    hl::AllocatorTuning::apply();
    hl::ProtobufLog::install();
    QCoreApplication app(argc, argv);
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
