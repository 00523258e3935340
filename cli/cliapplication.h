#pragma once

#include "codec/decodedpayloads.h"
#include "history/history.h"

#include <QString>
#include <QStringList>

class QIODevice;

namespace hl {

// historylens-cli: the headless twin of the desktop app. Every command writes its results to `out` and its
// diagnostics to `err`, and returns the process exit code.
class CliApplication {
public:
    enum ExitCode {
        Success = 0,
        SourceError = 1, // the source is unreadable or not a valid history
        UsageError = 2,
        DecodeError = 3, // with --strict: a payload could not be decoded
    };

    CliApplication(QIODevice& out, QIODevice& err);

    // `arguments` starts with the program name, as QCoreApplication::arguments() does.
    int run(const QStringList& arguments);

private:
    // `timeline`: the same sources, drawn as a timeline (TimelineCommand) instead of printed.
    int show(const QStringList& arguments, bool timeline = false);
    int keys(const QStringList& arguments);
    int usage(const QString& message);
    void print(QIODevice& device, const QString& text);

    QIODevice& m_out;
    QIODevice& m_err;
};

} // namespace hl
