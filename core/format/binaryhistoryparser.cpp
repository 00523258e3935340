#include "format/binaryhistoryparser.h"

#include "format/eventorder.h"

#include <temporal/api/export/v1/message.pb.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

namespace hl {

namespace {

using HistoryMessage = temporal::api::history::v1::History;
using WireFormat = google::protobuf::internal::WireFormatLite;

// Events that parsed from real History bytes have ids; bytes of another message parsed as History do not.
bool plausibleEvents(const HistoryMessage& history)
{
    if (history.events_size() == 0)
        return false;
    for (const auto& event : history.events()) {
        if (event.event_id() <= 0 || event.event_type() == 0)
            return false;
    }
    return true;
}

// The offset of the first top-level field that does not fit in the bytes, for a message about where a file breaks.
qint64 firstBrokenField(const QByteArray& bytes, int* fieldIndex)
{
    google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.constData()), int(bytes.size()));
    *fieldIndex = 0;
    for (;;) {
        const qint64 offset = input.CurrentPosition();
        const uint32_t tag = input.ReadTag();
        if (tag == 0)
            return input.CurrentPosition() < bytes.size() ? offset : -1;
        if (!WireFormat::SkipField(&input, tag))
            return offset;
        ++*fieldIndex;
    }
}

// Text (a README, a log, YAML) is told apart from broken protobuf by its first bytes.
bool looksLikeText(const QByteArray& bytes)
{
    const qsizetype n = qMin<qsizetype>(bytes.size(), 512);
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
            return false;
    }
    return n > 0;
}

Error brokenFileError(const QByteArray& bytes)
{
    if (looksLikeText(bytes)) {
        return Error{ErrorCode::UnknownFormat,
                     QStringLiteral("not a Temporal history: text that is neither JSON nor protobuf")};
    }
    int index = 0;
    const qint64 offset = firstBrokenField(bytes, &index);
    if (offset <= 0) {
        return Error{ErrorCode::UnknownFormat,
                     QStringLiteral("not a Temporal history: neither JSON nor a binary History or WorkflowExecutions protobuf")};
    }
    return Error{ErrorCode::Truncated,
                 QStringLiteral("binary protobuf is truncated or corrupt: entry #%1 does not fit in the file").arg(index + 1),
                 QString(), QStringLiteral("byte %1").arg(offset)};
}

} // namespace

Result<HistoryFile> BinaryHistoryParser::parse(const QByteArray& bytes, const ReadOptions& options)
{
    if (bytes.size() > std::numeric_limits<int>::max())
        return Error{ErrorCode::TooLarge, QStringLiteral("binary histories over 2 GiB are not supported")};
    HistoryFile file;

    auto page = std::make_shared<HistoryPage>();
    if (page->mutableEvents()->ParseFromArray(bytes.constData(), int(bytes.size())) && plausibleEvents(page->events())) {
        file.format.container = SourceFormat::Container::BinaryHistory;
        file.format.newestFirst = normalizeEventOrder(*page);
        file.histories.push_back(History().appended(std::move(page)));
        return file;
    }

    google::protobuf::Arena arena;
    auto* executions = google::protobuf::Arena::CreateMessage<temporal::api::export_::v1::WorkflowExecutions>(&arena);
    if (!executions->ParseFromArray(bytes.constData(), int(bytes.size())) || executions->items_size() == 0)
        return brokenFileError(bytes);
    for (const auto& item : executions->items()) {
        if (!plausibleEvents(item.history()))
            return brokenFileError(bytes);
    }
    file.format.container = SourceFormat::Container::BinaryExport;
    qint64 done = 0;
    for (int i = 0; i < executions->items_size(); ++i) {
        auto workflow = std::make_shared<HistoryPage>();
        workflow->mutableEvents()->Swap(executions->mutable_items(i)->mutable_history());
        // Swap across arenas copies; the export's arena is freed on return.
        if (normalizeEventOrder(*workflow))
            file.format.newestFirst = true;
        done += workflow->size();
        file.histories.push_back(History().appended(std::move(workflow)));
        if (options.progress && !options.progress(done, 0))
            return Error{ErrorCode::Cancelled, QStringLiteral("loading was cancelled")};
    }
    return file;
}

} // namespace hl
