#include "format/historyreader.h"

#include "format/binaryhistoryparser.h"
#include "format/jsonhistoryparser.h"
#include "support/inflater.h"
#include "support/sourcereader.h"

#include <new>

namespace hl {

namespace {

// The first byte that is not white space or a UTF-8 byte order mark.
qint64 firstSignificantByte(const QByteArray& bytes)
{
    qint64 i = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t'))
        ++i;
    return i;
}

} // namespace

HistoryReader::HistoryReader(ReadOptions options) : m_options(std::move(options)) {}

Result<HistoryFile> HistoryReader::readFile(const QString& path) const
{
    auto bytes = SourceReader::readFile(path, m_options.limits.maxSourceBytes);
    if (!bytes)
        return bytes.error();
    return readBytes(std::move(bytes).value(), SourceReader::displayName(path));
}

Result<HistoryFile> HistoryReader::readBytes(QByteArray bytes, const QString& sourceName) const
{
    // Every bound above is what keeps memory in check; a machine with less than they allow still ends in an error
    // a person can act on, never in an abort.
    const qint64 size = bytes.size();
    try {
        return parse(std::move(bytes), sourceName);
    } catch (const std::bad_alloc&) {
        return Error{ErrorCode::TooLarge,
                     QStringLiteral("not enough memory to read this source (%1 bytes); --max-size and --max-events "
                                    "bound what is read")
                         .arg(size),
                     sourceName};
    }
}

Result<HistoryFile> HistoryReader::parse(QByteArray bytes, const QString& sourceName) const
{
    bool gzip = false;
    if (Inflater::looksLikeGzip(bytes.constData(), bytes.size())) {
        auto inflated = Inflater::inflate(bytes.constData(), bytes.size(), Inflater::Format::Gzip,
                                          m_options.limits.maxDecompressedBytes);
        if (!inflated)
            return inflated.error().withSource(sourceName);
        bytes = std::move(inflated).value();
        gzip = true;
    }
    if (bytes.capacity() - bytes.size() < kSourcePadding)
        bytes.reserve(bytes.size() + kSourcePadding);

    const qint64 start = firstSignificantByte(bytes);
    if (start == bytes.size())
        return Error{ErrorCode::Empty, QStringLiteral("the source is empty"), sourceName};

    const char first = bytes[start];
    auto file = (first == '{' || first == '[') ? JsonHistoryParser::parse(std::move(bytes), m_options)
                                               : BinaryHistoryParser::parse(bytes, m_options);
    if (!file)
        return file.error().withSource(sourceName);
    file->sourceName = sourceName;
    file->format.gzip = gzip;
    return file;
}

} // namespace hl
