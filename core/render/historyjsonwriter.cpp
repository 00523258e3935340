#include "render/historyjsonwriter.h"

#include "render/readablepayload.h"

#include <QIODevice>

namespace hl {

HistoryJsonWriter::HistoryJsonWriter(Style style, int indent) : m_style(style), m_indent(indent) {}

void HistoryJsonWriter::setPayloadWriter(ProtoJsonWriter::PayloadWriter writer)
{
    m_payloadWriter = std::move(writer);
}

Result<void> HistoryJsonWriter::write(const History& history, QIODevice& out)
{
    ProtoJsonWriter writer;
    const Style style = m_style;
    auto custom = m_payloadWriter;
    if (custom || style == Style::Readable) {
        writer.setPayloadWriter([custom, style](const temporal::api::common::v1::Payload& payload, JsonBuilder& json) {
            if (custom && custom(payload, json))
                return true;
            return style == Style::Readable && ReadablePayload::write(payload, json);
        });
    }

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
