#include "cli/cliapplication.h"
#include "support/allocatortuning.h"
#include "support/protobuflog.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

int main(int argc, char* argv[])
{
    hl::AllocatorTuning::apply();
    hl::ProtobufLog::install();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("historylens-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HL_VERSION_STRING));

    QFile out;
    QFile err;
    out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
    return hl::CliApplication(out, err).run(QCoreApplication::arguments());
}
