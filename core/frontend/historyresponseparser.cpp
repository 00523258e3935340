#include "frontend/historyresponseparser.h"

#include "format/binaryhistoryparser.h"
#include "format/historyreader.h"
#include "support/protobuflog.h"

#include <temporal/api/workflowservice/v1/request_response.pb.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

namespace hl {

namespace {

using Response = temporal::api::workflowservice::v1::GetWorkflowExecutionHistoryResponse;
using DataBlob = temporal::api::common::v1::DataBlob;
using WireFormat = google::protobuf::internal::WireFormatLite;

QString pageName(int pageNumber)
{
    return QStringLiteral("history page %1").arg(pageNumber);
}

// A JSON DataBlob (ENCODING_TYPE_JSON) goes through the file reader, which knows every JSON dialect.
Result<std::vector<HistoryPagePtr>> jsonBlobPages(const std::string& data, int pageNumber, int blobIndex)
{
    auto file = HistoryReader().readBytes(QByteArray::fromStdString(data),
                                          QStringLiteral("%1, raw_history[%2]").arg(pageName(pageNumber)).arg(blobIndex));
    if (!file)
        return file.error();
    std::vector<HistoryPagePtr> pages;
    for (const History& history : file->histories) {
        for (const auto& page : history.pages())
            pages.push_back(page);
    }
    return pages;
}

// A proto3 blob whose bytes do not all parse: read event by event onto its own page.
Result<HistoryPagePtr> lenientPage(const char* data, int size, qint64 offset, int pageNumber, const QString& what)
{
    auto page = std::make_shared<HistoryPage>();
    if (!BinaryHistoryParser::readBatchLeniently(data, size, offset, *page))
        return Error{ErrorCode::InvalidStructure, QStringLiteral("%1 is not a serialized History").arg(what), pageName(pageNumber),
                     QStringLiteral("byte %1").arg(offset)};
    for (Notice& notice : page->mutableNotices())
        notice.message = QStringLiteral("in %1 (%2): %3").arg(pageName(pageNumber), what, notice.message);
    return HistoryPagePtr(std::move(page));
}

Result<HistoryPageAnswer> parseLeniently(const QByteArray& bytes, int pageNumber)
{
    HistoryPageAnswer answer;
    google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.constData()), int(bytes.size()));
    int blobIndex = 0;
    for (;;) {
        const int fieldStart = input.CurrentPosition();
        const uint32_t tag = input.ReadTag();
        if (tag == 0)
            break;
        const int field = WireFormat::GetTagFieldNumber(tag);
        const bool delimited = WireFormat::GetTagWireType(tag) == WireFormat::WIRETYPE_LENGTH_DELIMITED;
        uint32_t length = 0;
        if (delimited && (!input.ReadVarint32(&length) || qint64(length) > input.BytesUntilLimit()))
            return Error{ErrorCode::Truncated, QStringLiteral("the answer's bytes end inside a field"), pageName(pageNumber),
                         QStringLiteral("byte %1").arg(fieldStart)};
        const int start = input.CurrentPosition();
        if (field == Response::kHistoryFieldNumber && delimited) {
            auto page = lenientPage(bytes.constData() + start, int(length), start, pageNumber, QStringLiteral("history"));
            if (!page)
                return page.error();
            answer.pages.push_back(std::move(page.value()));
        } else if (field == Response::kRawHistoryFieldNumber && delimited) {
            DataBlob blob;
            if (!blob.ParseFromArray(bytes.constData() + start, int(length)))
                return Error{ErrorCode::InvalidStructure, QStringLiteral("raw_history[%1] is not a DataBlob").arg(blobIndex),
                             pageName(pageNumber), QStringLiteral("byte %1").arg(start)};
            if (blob.encoding_type() == temporal::api::enums::v1::ENCODING_TYPE_JSON) {
                auto pages = jsonBlobPages(blob.data(), pageNumber, blobIndex);
                if (!pages)
                    return pages.error();
                answer.pages.insert(answer.pages.end(), pages->begin(), pages->end());
            } else {
                auto page = lenientPage(blob.data().data(), int(blob.data().size()), 0, pageNumber,
                                        QStringLiteral("raw_history[%1]").arg(blobIndex));
                if (!page)
                    return page.error();
                answer.pages.push_back(std::move(page.value()));
            }
            ++blobIndex;
        } else if (field == Response::kNextPageTokenFieldNumber && delimited) {
            answer.nextPageToken = QByteArray(bytes.constData() + start, int(length));
        } else {
            if (!WireFormat::SkipField(&input, tag))
                return Error{ErrorCode::InvalidStructure, QStringLiteral("the answer is not a history page"), pageName(pageNumber),
                             QStringLiteral("byte %1").arg(fieldStart)};
            if (field == Response::kArchivedFieldNumber)
                answer.archived = true;
            continue;
        }
        input.Skip(int(length));
    }
    return answer;
}

} // namespace

Result<HistoryPageAnswer> HistoryResponseParser::parse(const QByteArray& bytes, int pageNumber)
{
    ProtobufLog::install();
    auto page = std::make_shared<HistoryPage>();
    auto* response = google::protobuf::Arena::CreateMessage<Response>(page->arena());
    if (!response->ParseFromArray(bytes.constData(), int(bytes.size())))
        return parseLeniently(bytes, pageNumber);

    HistoryPageAnswer answer;
    answer.nextPageToken = QByteArray::fromStdString(response->next_page_token());
    answer.archived = response->archived();
    auto* events = response->mutable_history();
    std::vector<HistoryPagePtr> jsonPages;
    for (int i = 0; i < response->raw_history_size(); ++i) {
        const DataBlob& blob = response->raw_history(i);
        if (blob.encoding_type() == temporal::api::enums::v1::ENCODING_TYPE_JSON) {
            auto pages = jsonBlobPages(blob.data(), pageNumber, i);
            if (!pages)
                return pages.error();
            jsonPages.insert(jsonPages.end(), pages->begin(), pages->end());
        } else if (!events->MergeFromString(blob.data())) {
            // Parsing a History again appends its events: the batches come in order.
            return parseLeniently(bytes, pageNumber);
        }
    }
    response->clear_raw_history();
    page->adoptEvents(events);
    if (page->size() > 0 || jsonPages.empty())
        answer.pages.push_back(std::move(page));
    answer.pages.insert(answer.pages.end(), jsonPages.begin(), jsonPages.end());
    return answer;
}

} // namespace hl
