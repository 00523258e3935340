#include "format/binaryhistoryparser.h"

#include "format/eventorder.h"
#include "support/protobuflog.h"

#include <temporal/api/export/v1/message.pb.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/wire_format_lite.h>

#include <QRegularExpression>

#include <algorithm>

namespace hl {

namespace {

using HistoryMessage = temporal::api::history::v1::History;
using WireFormat = google::protobuf::internal::WireFormatLite;

// Events that parsed from real History bytes have ids; bytes of another message parsed as History do not.
bool plausibleEvent(const temporal::api::history::v1::HistoryEvent& event)
{
    return event.event_id() > 0 && event.event_type() != 0;
}

bool plausibleEvents(const HistoryMessage& history)
{
    return history.events_size() > 0 && std::all_of(history.events().begin(), history.events().end(), plausibleEvent);
}

// After `tag`: whether it opens field 1, length-delimited, no longer than what is left before the stream's limit;
// the length goes to `length`. History.events, WorkflowExecution.history and WorkflowExecutions.items are all field 1.
bool readFieldOneLength(google::protobuf::io::CodedInputStream& input, uint32_t tag, uint32_t* length)
{
    static_assert(HistoryMessage::kEventsFieldNumber == 1);
    return tag == WireFormat::MakeTag(1, WireFormat::WIRETYPE_LENGTH_DELIMITED) && input.ReadVarint32(length)
        && qint64(*length) <= qint64(input.BytesUntilLimit());
}

// The field-1 entries `depth` levels down, counted without parsing them: the events of a History at depth 1, of
// an export (items, history, events) at depth 3. Counting stops past `enough`; bytes that do not parse end it.
qint64 countNestedEntries(const char* data, int size, int depth, qint64 enough)
{
    google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(data), size);
    qint64 count = 0;
    while (count <= enough) {
        const uint32_t tag = input.ReadTag();
        if (tag == 0)
            break;
        uint32_t length = 0;
        if (!readFieldOneLength(input, tag, &length)) {
            if (WireFormat::GetTagFieldNumber(tag) == 1 || !WireFormat::SkipField(&input, tag))
                break;
            continue;
        }
        const int start = input.CurrentPosition();
        count += depth == 1 ? 1 : countNestedEntries(data + start, int(length), depth - 1, enough - count);
        input.Skip(int(length));
    }
    return count;
}

// Before any event is parsed: a History of more events than ReadLimits allow in one history, or a source with more
// events per byte than any real one, is refused, since parsing would first spend hundreds of bytes on each.
Result<void> checkEventCount(const QByteArray& bytes, const ReadLimits& limits)
{
    const qint64 most = ReadLimits::maxEventsIn(bytes.size());
    const qint64 enough = qMax(most, limits.maxEvents);
    const qint64 asHistory = countNestedEntries(bytes.constData(), int(bytes.size()), 1, enough);
    if (limits.maxEvents > 0 && asHistory > limits.maxEvents)
        return Error{ErrorCode::TooLarge,
                     QStringLiteral("a history of more than %1 events; Temporal's own limit is 51,200, and --max-events "
                                    "raises this bound")
                         .arg(limits.maxEvents)};
    const qint64 asExport = countNestedEntries(bytes.constData(), int(bytes.size()), 3, enough);
    const qint64 events = qMax(asHistory, asExport);
    if (events > most)
        return Error{ErrorCode::TooLarge,
                     QStringLiteral("over %1 events in %2 bytes: fewer than %3 bytes an event, which no real history has")
                         .arg(most)
                         .arg(bytes.size())
                         .arg(ReadLimits::kMinBytesPerEvent)};
    return {};
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

// "temporal.api.history.v1.WorkflowTaskStartedEventAttributes.request_id" as the event's JSON path
// ("workflowTaskStartedEventAttributes.requestId") where the field sits in an event's attributes; else as given.
QString eventFieldPath(const std::string& fullName)
{
    const auto* field = google::protobuf::DescriptorPool::generated_pool()->FindFieldByName(fullName);
    if (!field)
        return QString::fromStdString(fullName);
    const auto* event = temporal::api::history::v1::HistoryEvent::descriptor();
    if (field->containing_type() == event)
        return QString::fromStdString(field->json_name());
    for (int i = 0; i < event->field_count(); ++i) {
        if (event->field(i)->message_type() == field->containing_type())
            return QString::fromStdString(event->field(i)->json_name() + "." + field->json_name());
    }
    return QString::fromStdString(field->containing_type()->name() + "." + field->json_name());
}

// What protobuf said about an event it could not parse, for a person; the field goes to `fieldPath`.
QString damageReason(const QString& protobufMessage, QString* fieldPath)
{
    static const QRegularExpression invalidUtf8(QStringLiteral("String field '([^']+)' contains invalid UTF-8"));
    if (const auto match = invalidUtf8.match(protobufMessage); match.hasMatch()) {
        *fieldPath = eventFieldPath(match.captured(1).toStdString());
        return QStringLiteral("text that is not valid UTF-8");
    }
    return QStringLiteral("corrupt protobuf");
}

// A serialized History read event by event, so that one damaged event does not lose the others: an event that does
// not parse is kept as far as it was read, with a notice of where and why. False when the bytes are not a History
// (a field other than `events`, or an entry that does not fit), which no single event can explain.
bool readEventsLeniently(const char* data, int size, qint64 fileOffset, HistoryPage& page)
{
    google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(data), size);
    for (;;) {
        const uint32_t tag = input.ReadTag();
        if (tag == 0)
            return input.CurrentPosition() == size;
        uint32_t length = 0;
        if (!readFieldOneLength(input, tag, &length))
            return false;
        const int start = input.CurrentPosition();
        auto* event = page.mutableEvents()->add_events();
        ProtobufLog::clear();
        if (!event->ParseFromArray(data + start, int(length))) {
            Notice notice{Notice::Kind::DamagedEvent, page.size() - 1, QString(), QString(), QString()};
            const QString reason = damageReason(ProtobufLog::latest(), &notice.fieldPath);
            notice.message = QStringLiteral("the event's bytes (%1 from byte %2) hold %3; it is shown as far as it could be read")
                                 .arg(length)
                                 .arg(fileOffset + start)
                                 .arg(reason);
            page.mutableNotices().push_back(std::move(notice));
        }
        input.Skip(int(length));
    }
}

// Lenient reading found a History when the events that did parse look like events and not all of them failed.
bool plausibleLenientPage(const HistoryPage& page)
{
    if (page.size() == 0 || page.notices().size() >= size_t(page.size()))
        return false;
    size_t damaged = 0;
    for (int i = 0; i < page.size(); ++i) {
        const bool isDamaged = damaged < page.notices().size() && page.notices()[damaged].eventIndex == i;
        if (isDamaged)
            ++damaged;
        else if (!plausibleEvent(page.events().events(i)))
            return false;
    }
    return true;
}

// A Cloud export read leniently: each item's history event by event.
bool readExportLeniently(const QByteArray& bytes, std::vector<std::shared_ptr<HistoryPage>>* pages)
{
    google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.constData()), int(bytes.size()));
    for (;;) {
        uint32_t tag = input.ReadTag();
        if (tag == 0)
            return input.CurrentPosition() == bytes.size() && !pages->empty();
        uint32_t itemLength = 0;
        if (!readFieldOneLength(input, tag, &itemLength))
            return false;
        const auto limit = input.PushLimit(int(itemLength));
        auto page = std::make_shared<HistoryPage>();
        while ((tag = input.ReadTag()) != 0) {
            uint32_t historyLength = 0;
            if (!readFieldOneLength(input, tag, &historyLength))
                return false;
            const int start = input.CurrentPosition();
            if (!readEventsLeniently(bytes.constData() + start, int(historyLength), start, *page))
                return false;
            input.Skip(int(historyLength));
        }
        if (!input.ConsumedEntireMessage() || !plausibleLenientPage(*page))
            return false;
        input.PopLimit(limit);
        pages->push_back(std::move(page));
    }
}

// Bytes that did not parse as a whole: a History or an export with damaged events, kept with notices, or no history.
Result<HistoryFile> readLeniently(const QByteArray& bytes)
{
    HistoryFile file;
    auto page = std::make_shared<HistoryPage>();
    if (readEventsLeniently(bytes.constData(), int(bytes.size()), 0, *page) && plausibleLenientPage(*page)) {
        file.format.container = SourceFormat::Container::BinaryHistory;
        file.format.newestFirst = normalizeEventOrder(*page);
        file.histories.push_back(History().appended(std::move(page)));
        return file;
    }
    std::vector<std::shared_ptr<HistoryPage>> pages;
    if (!readExportLeniently(bytes, &pages))
        return brokenFileError(bytes);
    file.format.container = SourceFormat::Container::BinaryExport;
    for (auto& workflow : pages) {
        if (normalizeEventOrder(*workflow))
            file.format.newestFirst = true;
        file.histories.push_back(History().appended(std::move(workflow)));
    }
    return file;
}

} // namespace

bool BinaryHistoryParser::readBatchLeniently(const char* data, int size, qint64 byteOffset, HistoryPage& page)
{
    ProtobufLog::install();
    return readEventsLeniently(data, size, byteOffset, page);
}

Result<HistoryFile> BinaryHistoryParser::parse(const QByteArray& bytes, const ReadOptions& options)
{
    ProtobufLog::install();
    if (bytes.size() > std::numeric_limits<int>::max())
        return Error{ErrorCode::TooLarge, QStringLiteral("binary histories over 2 GiB are not supported")};
    if (auto counted = checkEventCount(bytes, options.limits); !counted)
        return counted.error();
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
    bool isExport = executions->ParseFromArray(bytes.constData(), int(bytes.size())) && executions->items_size() > 0;
    for (int i = 0; isExport && i < executions->items_size(); ++i)
        isExport = plausibleEvents(executions->items(i).history());
    if (!isExport)
        return readLeniently(bytes);
    file.format.container = SourceFormat::Container::BinaryExport;
    qint64 done = 0;
    for (int i = 0; i < executions->items_size(); ++i) {
        if (options.limits.maxEvents > 0 && executions->items(i).history().events_size() > options.limits.maxEvents)
            return Error{ErrorCode::TooLarge,
                         QStringLiteral("workflow %1 of the export has more than %2 events; Temporal's own limit is "
                                        "51,200, and --max-events raises this bound")
                             .arg(i + 1)
                             .arg(options.limits.maxEvents)};
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
