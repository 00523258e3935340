#pragma once

#include "support/result.h"

#include <QByteArray>
#include <QString>

namespace hl {

// Reads a configuration or secret file a server reads again while it runs (keys, options, rules, certificates):
// only a regular file, opened without blocking and checked on the open descriptor, so a FIFO, socket or device
// swapped in for it is refused at once instead of blocking the thread that reloads (and the signals it handles).
class RegularFileReader {
public:
    // `what` names the file in messages ("the rules file", "the TLS key").
    static Result<QByteArray> read(const QString& path, qint64 maxBytes, const QString& what);
};

} // namespace hl
