#pragma once

#include "format/readoptions.h"
#include "history/historyfile.h"
#include "support/result.h"

#include <QByteArray>
#include <QString>

namespace hl {

// The one entry point for history sources on disk or stdin: detects gzip, JSON (every dialect) or binary protobuf
// and returns the workflow histories inside, in event-id order. Every failure names the source and, where known,
// the position inside it.
class HistoryReader {
public:
    explicit HistoryReader(ReadOptions options = {});

    // `path` may be "-" for standard input.
    Result<HistoryFile> readFile(const QString& path) const;
    Result<HistoryFile> readBytes(QByteArray bytes, const QString& sourceName) const;

private:
    Result<HistoryFile> parse(QByteArray bytes, const QString& sourceName) const;

    ReadOptions m_options;
};

} // namespace hl
