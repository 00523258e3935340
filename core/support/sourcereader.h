#pragma once

#include "support/result.h"

#include <QByteArray>
#include <QString>

class QIODevice;

namespace hl {

// Reads a whole source into memory, never more than a given number of bytes. The returned array keeps
// kSourcePadding spare bytes of capacity after its end.
class SourceReader {
public:
    // `path` may be "-" for standard input.
    static Result<QByteArray> readFile(const QString& path, qint64 maxBytes);
    static Result<QByteArray> readDevice(QIODevice& device, const QString& name, qint64 maxBytes);

    // How a source is named in messages: the path as given, or "standard input" for "-".
    static QString displayName(const QString& path);
};

} // namespace hl
