#include "format/jsonhistoryparser.h"

#include "format/eventorder.h"
#include "json/protojsonreader.h"
#include "support/hugepages.h"
#include "support/sizeformat.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <simdjson.h>

#include <cstring>

namespace hl {

using simdjson::dom::element;

namespace {

QString jsonKind(element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::ARRAY: return QStringLiteral("an array");
    case simdjson::dom::element_type::OBJECT: return QStringLiteral("an object");
    case simdjson::dom::element_type::STRING: return QStringLiteral("a string");
    case simdjson::dom::element_type::BOOL: return QStringLiteral("a boolean");
    case simdjson::dom::element_type::NULL_VALUE: return QStringLiteral("null");
    default: return QStringLiteral("a number");
    }
}

bool hasKey(element value, std::string_view key)
{
    simdjson::dom::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS)
        return false;
    element found;
    return object[key].get(found) == simdjson::SUCCESS;
}

// What one pass over a document, before any parsing, says of it: where it first nests deeper than `maxDepth`
// (-1: nowhere), and how many structural characters (brackets, commas, colons, string starts) it holds. simdjson
// indexes the whole input before it checks depth, and spends about 16 bytes of memory per structural character:
// a source of nothing but '[' or "{}," would cost gigabytes before failing. This pass costs none.
struct JsonShape {
    qint64 tooDeepAt = -1;
    qint64 structurals = 0;
};

JsonShape jsonShape(const QByteArray& bytes, int maxDepth)
{
    JsonShape shape;
    const char* data = bytes.constData();
    const qint64 size = bytes.size();
    int depth = 0;
    for (qint64 i = 0; i < size; ++i) {
        switch (data[i]) {
        case '"': {
            ++shape.structurals;
            // Most of a history is string (payloads): its end is found with memchr, not byte by byte. A quote ends
            // the string unless an odd run of backslashes escapes it.
            qint64 from = i + 1;
            for (;;) {
                const void* quote = std::memchr(data + from, '"', size_t(size - from));
                if (!quote)
                    return shape; // unterminated: the parser says where
                const qint64 at = static_cast<const char*>(quote) - data;
                qint64 backslashes = 0;
                while (at - 1 - backslashes > i && data[at - 1 - backslashes] == '\\')
                    ++backslashes;
                if (backslashes % 2 == 0) {
                    i = at;
                    break;
                }
                from = at + 1;
            }
            break;
        }
        case '[':
        case '{':
            ++shape.structurals;
            if (++depth > maxDepth) {
                shape.tooDeepAt = i;
                return shape;
            }
            break;
        case ']':
        case '}':
            ++shape.structurals;
            depth = depth > 0 ? depth - 1 : 0;
            break;
        case ',':
        case ':': ++shape.structurals; break;
        default: break;
        }
    }
    return shape;
}

// Real histories hold one structural character in every 6 to 20 bytes; a larger source denser than one in three is
// made of nothing but punctuation.
constexpr qint64 kMinBytesPerStructural = 3;
constexpr qint64 kDenseSourceBytes = 1024 * 1024;

// One run over one source.
class JsonParse {
public:
    explicit JsonParse(const ReadOptions& options) : m_options(options) {}

    Result<HistoryFile> run(QByteArray bytes);

private:
    Result<void> readDocument(element root, const QString& where);
    Result<void> readHistory(element value, const QString& where);
    Result<void> readEvents(element events, const QString& where);
    // Before `count` more events are read into the current history: within the bounds of ReadLimits.
    Result<void> expectEvents(qint64 count, const QString& where);
    // `batch` names the enclosing batch or line, if any, for messages.
    Result<void> readEvent(element value, const QString& batch);
    Result<HistoryFile> readJsonLines(const QByteArray& bytes, const Error& wholeDocumentError);
    Result<HistoryFile> finish();
    Error invalidJson(const QByteArray& bytes, simdjson::error_code code) const;
    Error structure(const QString& where, const QString& message) const;
    void setContainer(SourceFormat::Container container);
    void startHistory();

    const ReadOptions& m_options;
    simdjson::dom::parser m_parser;
    ProtoJsonReader m_reader;
    std::vector<std::shared_ptr<HistoryPage>> m_histories;
    SourceFormat m_format;
    bool m_containerSet = false;
    qint64 m_eventsRead = 0;
    qint64 m_eventsExpected = 0;
    qint64 m_sourceBytes = 0;
};

void JsonParse::setContainer(SourceFormat::Container container)
{
    if (!m_containerSet) {
        m_format.container = container;
        m_containerSet = true;
    }
}

void JsonParse::startHistory()
{
    m_histories.push_back(std::make_shared<HistoryPage>());
}

Error JsonParse::structure(const QString& where, const QString& message) const
{
    return Error{ErrorCode::InvalidStructure, message, QString(), where};
}

Error JsonParse::invalidJson(const QByteArray& bytes, simdjson::error_code code) const
{
    if (code == simdjson::DEPTH_ERROR) {
        return Error{ErrorCode::InvalidJson,
                     QStringLiteral("JSON nested deeper than %1 levels").arg(m_options.limits.maxJsonDepth)};
    }
    const QString reason = QString::fromUtf8(simdjson::error_message(code));
    // simdjson does not say where it stopped; on this (rare) path Qt's parser finds the offset.
    QJsonParseError qtError{};
    QJsonDocument::fromJson(bytes, &qtError);
    if (qtError.error != QJsonParseError::NoError) {
        const bool atEnd = qtError.offset >= bytes.size() - 1;
        return Error{atEnd ? ErrorCode::Truncated : ErrorCode::InvalidJson,
                     (atEnd ? QStringLiteral("JSON ends early (truncated?): ") : QStringLiteral("invalid JSON: "))
                         + qtError.errorString(),
                     QString(), QStringLiteral("byte %1").arg(qtError.offset)};
    }
    return Error{ErrorCode::InvalidJson, QStringLiteral("invalid JSON: ") + reason};
}

Result<void> JsonParse::expectEvents(qint64 count, const QString& where)
{
    m_eventsExpected += count;
    const qint64 inHistory = m_histories.back()->size() + count;
    const qint64 maxEvents = m_options.limits.maxEvents;
    if (maxEvents > 0 && inHistory > maxEvents)
        return Error{ErrorCode::TooLarge,
                     QStringLiteral("a history of more than %1 events (%2); Temporal's own limit is 51,200, and "
                                    "--max-events raises this bound")
                         .arg(maxEvents)
                         .arg(inHistory),
                     QString(), where};
    if (m_eventsExpected > ReadLimits::maxEventsIn(m_sourceBytes))
        return Error{ErrorCode::TooLarge,
                     QStringLiteral("%1 events in %2 bytes: fewer than %3 bytes an event, which no real history has")
                         .arg(m_eventsExpected)
                         .arg(m_sourceBytes)
                         .arg(ReadLimits::kMinBytesPerEvent),
                     QString(), where};
    return {};
}

Result<HistoryFile> JsonParse::run(QByteArray bytes)
{
    m_sourceBytes = bytes.size();
    const JsonShape shape = jsonShape(bytes, m_options.limits.maxJsonDepth);
    if (shape.tooDeepAt >= 0)
        return Error{ErrorCode::InvalidJson,
                     QStringLiteral("JSON nested deeper than %1 levels").arg(m_options.limits.maxJsonDepth), QString(),
                     QStringLiteral("byte %1").arg(shape.tooDeepAt)};
    if (bytes.size() > kDenseSourceBytes && shape.structurals * kMinBytesPerStructural > bytes.size())
        return Error{ErrorCode::TooLarge,
                     QStringLiteral("JSON of %1 bytes with %2 brackets, commas and colons: no history is that dense (a bomb "
                                    "of empty events?), and reading it would take about %3 of memory")
                         .arg(bytes.size())
                         .arg(shape.structurals)
                         .arg(formatSize(shape.structurals * 16))};
    // The document is allocated here rather than inside parse(), so its buffers can be advised before use.
    if (m_parser.allocate(size_t(bytes.size()), size_t(m_options.limits.maxJsonDepth)) != simdjson::SUCCESS
        || m_parser.doc.allocate(size_t(bytes.size())) != simdjson::SUCCESS)
        return Error{ErrorCode::TooLarge, QStringLiteral("not enough memory to parse this JSON")};
    HugePages::adviseJsonParser(m_parser);
    element root;
    const auto code = m_parser.parse(reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size()), false).get(root);
    if (code != simdjson::SUCCESS) {
        const Error error = invalidJson(bytes, code);
        if (bytes.count('\n') >= 1 && code != simdjson::DEPTH_ERROR)
            return readJsonLines(bytes, error);
        return error;
    }
    bytes = QByteArray(); // the DOM holds its own copy of every string
    if (auto read = readDocument(root, QString()); !read)
        return read.error();
    return finish();
}

Result<HistoryFile> JsonParse::readJsonLines(const QByteArray& bytes, const Error& wholeDocumentError)
{
    // JSON Lines: one History (or history response) per line, all batches of the same history.
    qint64 start = 0;
    int lineNumber = 0;
    bool sawDocument = false;
    while (start < bytes.size()) {
        qint64 end = bytes.indexOf('\n', start);
        if (end < 0)
            end = bytes.size();
        ++lineNumber;
        const QByteArray line = QByteArray::fromRawData(bytes.constData() + start, end - start).trimmed();
        if (!line.isEmpty()) {
            element root;
            const simdjson::padded_string padded(line.constData(), size_t(line.size()));
            const auto code = m_parser.parse(padded).get(root);
            if (code != simdjson::SUCCESS) {
                if (!sawDocument)
                    return wholeDocumentError;
                Error error = invalidJson(line, code);
                error.location = QStringLiteral("line %1 (byte %2)").arg(lineNumber).arg(start)
                                 + (error.location.isEmpty() ? QString() : QStringLiteral(", ") + error.location);
                return error;
            }
            if (!root.is_object() || (!hasKey(root, "events") && !hasKey(root, "history")))
                return sawDocument ? structure(QStringLiteral("line %1").arg(lineNumber),
                                               QStringLiteral("a JSON Lines history holds one {\"events\":[...]} per line"))
                                   : wholeDocumentError;
            setContainer(SourceFormat::Container::JsonLines);
            if (!sawDocument)
                startHistory();
            sawDocument = true;
            if (auto read = readHistory(root, QStringLiteral("line %1").arg(lineNumber)); !read)
                return read.error();
        }
        start = end + 1;
    }
    if (!sawDocument)
        return wholeDocumentError;
    return finish();
}

Result<void> JsonParse::readDocument(element root, const QString& where)
{
    simdjson::dom::object object;
    if (root.get_object().get(object) == simdjson::SUCCESS) {
        element inner;
        if (object["events"].get(inner) == simdjson::SUCCESS) {
            setContainer(SourceFormat::Container::EventsObject);
            startHistory();
            return readEvents(inner, where);
        }
        if (object["history"].get(inner) == simdjson::SUCCESS) {
            setContainer(SourceFormat::Container::HistoryResponse);
            startHistory();
            return readHistory(inner, where.isEmpty() ? QStringLiteral("history") : where);
        }
        if (object["body"].get(inner) == simdjson::SUCCESS && inner.is_array()) {
            setContainer(SourceFormat::Container::ArchiveBlob);
            startHistory();
            int batch = 0;
            const simdjson::dom::array batches = inner.get_array().value_unsafe();
            for (element item : batches) {
                if (auto read = readHistory(item, QStringLiteral("body[%1]").arg(batch++)); !read)
                    return read;
            }
            return {};
        }
        if (object["items"].get(inner) == simdjson::SUCCESS && inner.is_array()) {
            setContainer(SourceFormat::Container::ExportJson);
            int index = 0;
            const simdjson::dom::array items = inner.get_array().value_unsafe();
            for (element item : items) {
                element history;
                const QString at = QStringLiteral("items[%1]").arg(index++);
                if (!item.is_object() || item["history"].get(history) != simdjson::SUCCESS)
                    return structure(at, QStringLiteral("an export item holds {\"history\":{\"events\":[...]}}"));
                startHistory();
                if (auto read = readHistory(history, at); !read)
                    return read;
            }
            return {};
        }
        if (hasKey(root, "eventId") || hasKey(root, "event_id") || hasKey(root, "eventType"))
            return structure(where, QStringLiteral("this is a single event; a history is {\"events\":[...]} or an array of events"));
        return structure(where, QStringLiteral("a JSON object without \"events\" or \"history\": not a Temporal history"));
    }

    simdjson::dom::array array;
    if (root.get_array().get(array) != simdjson::SUCCESS)
        return structure(where, QStringLiteral("the JSON document is %1, not a Temporal history").arg(jsonKind(root)));
    if (array.size() == 0)
        return Error{ErrorCode::Empty, QStringLiteral("the history holds no events")};

    // An array holds events (Web UI import, "View Raw History") or History batches (archival, tdbg, features).
    element first = array.at(0).value_unsafe();
    const bool batches = hasKey(first, "events") || hasKey(first, "history");
    setContainer(batches ? SourceFormat::Container::HistoryBatchArray : SourceFormat::Container::EventArray);
    startHistory();
    if (batches) {
        int index = 0;
        for (element item : array) {
            if (auto read = readHistory(item, QStringLiteral("batch #%1").arg(++index)); !read)
                return read;
        }
        return {};
    }
    if (auto expected = expectEvents(qint64(array.size()), where); !expected)
        return expected;
    int index = 0;
    for (element item : array) {
        ++index;
        // The Web UI raw history stream appends {"error":"..."} when the server failed part-way.
        std::string_view message;
        simdjson::dom::object object;
        if (item.get_object().get(object) == simdjson::SUCCESS && object.size() == 1
            && item["error"].get_string().get(message) == simdjson::SUCCESS) {
            m_histories.back()->mutableNotices().push_back(
                Notice{Notice::Kind::SourceError, -1, QString(), QString::fromUtf8(message.data(), int(message.size())),
                       QStringLiteral("the source reports an error after %1 events; the history may be incomplete")
                           .arg(index - 1)});
            continue;
        }
        if (auto read = readEvent(item, QString()); !read)
            return read;
    }
    return {};
}

Result<void> JsonParse::readHistory(element value, const QString& where)
{
    element events;
    if (!value.is_object())
        return structure(where, QStringLiteral("expected a history object {\"events\":[...]}, found %1").arg(jsonKind(value)));
    if (value["events"].get(events) == simdjson::SUCCESS)
        return readEvents(events, where);
    element history;
    if (value["history"].get(history) == simdjson::SUCCESS && history.is_object())
        return readHistory(history, where);
    return structure(where, QStringLiteral("a history object without \"events\""));
}

Result<void> JsonParse::readEvents(element events, const QString& where)
{
    if (events.is_null())
        return {};
    simdjson::dom::array array;
    if (events.get_array().get(array) != simdjson::SUCCESS) {
        return structure(where.isEmpty() ? QStringLiteral("events") : where + QStringLiteral(".events"),
                         QStringLiteral("\"events\" is %1, expected an array of events").arg(jsonKind(events)));
    }
    if (auto expected = expectEvents(qint64(array.size()), where); !expected)
        return expected;
    for (element item : array) {
        if (auto read = readEvent(item, where); !read)
            return read;
    }
    return {};
}

Result<void> JsonParse::readEvent(element value, const QString& batch)
{
    HistoryPage& page = *m_histories.back();
    auto* event = page.mutableEvents()->add_events();
    if (!m_reader.readObject(value, event, page.size() - 1, &page.mutableNotices())) {
        page.mutableEvents()->mutable_events()->RemoveLast();
        const QString where = (batch.isEmpty() ? QString() : batch + QStringLiteral(", "))
                              + QStringLiteral("event #%1").arg(m_eventsRead + 1);
        return structure(where, QStringLiteral("an event must be a JSON object, found %1").arg(jsonKind(value)));
    }
    ++m_eventsRead;
    if (m_options.progress && m_eventsRead % 1024 == 0 && !m_options.progress(m_eventsRead, m_eventsExpected))
        return Error{ErrorCode::Cancelled, QStringLiteral("loading was cancelled")};
    return {};
}

Result<HistoryFile> JsonParse::finish()
{
    const auto& observed = m_reader.observed();
    m_format.legacyEnumNames = observed.legacyEnumNames;
    m_format.numericEnums = observed.numericEnums;
    m_format.snakeCaseNames = observed.snakeCaseNames;
    m_format.payloadShorthand = observed.payloadShorthand;
    m_format.readablePayloads = observed.readablePayloads;

    HistoryFile file;
    qint64 events = 0;
    for (auto& page : m_histories) {
        m_format.newestFirst = normalizeEventOrder(*page) || m_format.newestFirst;
        events += page->size();
        file.histories.push_back(History().appended(std::move(page)));
    }
    if (events == 0)
        return Error{ErrorCode::Empty, QStringLiteral("the history holds no events")};
    file.format = m_format;
    if (m_options.progress)
        m_options.progress(m_eventsRead, m_eventsRead);
    return file;
}

} // namespace

Result<HistoryFile> JsonHistoryParser::parse(QByteArray bytes, const ReadOptions& options)
{
    JsonParse parse(options);
    return parse.run(std::move(bytes));
}

} // namespace hl
