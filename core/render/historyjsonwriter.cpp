#include "render/historyjsonwriter.h"

#include "render/failureattributes.h"
#include "render/readablepayload.h"

#include <temporal/api/failure/v1/message.pb.h>

#include <QIODevice>

namespace hl {

HistoryJsonWriter::HistoryJsonWriter(Style style, int indent) : m_style(style), m_indent(indent) {}

void HistoryJsonWriter::setPayloadContext(PayloadContext context)
{
    m_context = std::move(context);
}

void HistoryJsonWriter::configure(ProtoJsonWriter& writer, ProtoJsonWriter& canonical) const
{
    using temporal::api::common::v1::Payload;
    using temporal::api::failure::v1::Failure;
    const PayloadContext& context = m_context;
    if (m_style == Style::Readable) {
        writer.setPayloadWriter(
            [&context](const Payload& payload, JsonBuilder& json) { return ReadablePayload::write(payload, json, context); });
        writer.setStringOverrides(Failure::descriptor(), [&context](const google::protobuf::Message& message, auto* out) {
            const auto restored = FailureAttributes::restore(static_cast<const Failure&>(message), context);
            if (restored && restored->message)
                out->emplace_back(Failure::descriptor()->FindFieldByNumber(Failure::kMessageFieldNumber), *restored->message);
            if (restored && restored->stackTrace)
                out->emplace_back(Failure::descriptor()->FindFieldByNumber(Failure::kStackTraceFieldNumber),
                                  *restored->stackTrace);
        });
    } else if (context.decoded) {
        writer.setPayloadWriter([&context, &canonical](const Payload& payload, JsonBuilder& json) {
            const DecodedPayload* decoded = context.find(payload);
            if (!decoded)
                return false;
            if (!decoded->failed()) {
                canonical.write(*context.shown(payload, false), json);
                return true;
            }
            Payload marked = payload;
            (*marked.mutable_metadata())["historylens-decode-error"] =
                decoded->error ? decoded->error->message.toStdString() : std::string("not decoded");
            canonical.write(marked, json);
            return true;
        });
    }
}

std::string HistoryJsonWriter::messageJson(const google::protobuf::Message& message)
{
    ProtoJsonWriter writer;
    ProtoJsonWriter canonical;
    configure(writer, canonical);
    std::string out;
    JsonBuilder json(&out, m_indent);
    writer.write(message, json);
    return out;
}

Result<void> HistoryJsonWriter::write(const History& history, QIODevice& out)
{
    ProtoJsonWriter writer;
    ProtoJsonWriter canonical;
    configure(writer, canonical);

    std::vector<std::vector<Notice>> noticesByEvent(size_t(history.eventCount()));
    for (Notice& notice : history.notices()) {
        if (notice.eventIndex >= 0)
            noticesByEvent[size_t(notice.eventIndex)].push_back(std::move(notice));
    }

    std::string buffer;
    JsonBuilder json(&buffer, m_indent);
    json.beginObject();
    json.key("events");
    json.beginArray();
    for (int i = 0; i < history.eventCount(); ++i) {
        writer.write(history.event(i), json, noticesByEvent[size_t(i)]);
        if (buffer.size() > (1 << 20)) {
            if (out.write(buffer.data(), qint64(buffer.size())) != qint64(buffer.size()))
                return Error{ErrorCode::WriteFailed, QStringLiteral("cannot write: ") + out.errorString()};
            buffer.clear();
        }
    }
    json.endArray();
    json.endObject();
    buffer.push_back('\n');
    if (out.write(buffer.data(), qint64(buffer.size())) != qint64(buffer.size()))
        return Error{ErrorCode::WriteFailed, QStringLiteral("cannot write: ") + out.errorString()};
    return {};
}

} // namespace hl
