#include "render/usermetadata.h"

#include "render/payloadpreview.h"
#include "support/utf8.h"

#include <simdjson.h>

namespace hl {

QString UserMetadata::text(const temporal::api::common::v1::Payload& stored, const PayloadContext& context)
{
    const ShownPayload shown = context.shown(stored);
    const auto encoding = shown->metadata().find("encoding");
    if (encoding == shown->metadata().end())
        return {};
    const std::string& data = shown->data();
    if (encoding->second == "binary/plain")
        return isValidUtf8(data) ? QString::fromUtf8(data.data(), qsizetype(data.size())) : QString();
    if (encoding->second != "json/plain")
        return {};
    simdjson::dom::parser parser;
    std::string_view value;
    if (parser.parse(data).get(value) != simdjson::SUCCESS)
        return {};
    return QString::fromUtf8(value.data(), qsizetype(value.size()));
}

QString UserMetadata::summary(const History::Event& event, const PayloadContext& context, int width)
{
    if (!event.has_user_metadata() || !event.user_metadata().has_summary())
        return {};
    QString line = text(event.user_metadata().summary(), context).simplified();
    return PayloadPreview::elide(line, width);
}

QString UserMetadata::withSummary(const QString& summary, const QString& text)
{
    if (summary.isEmpty())
        return text;
    const QString quoted = QStringLiteral("\u201c%1\u201d").arg(summary);
    return text.isEmpty() ? quoted : quoted + QStringLiteral(" \u00b7 ") + text;
}

QString UserMetadata::details(const History::Event& event, const PayloadContext& context)
{
    if (!event.has_user_metadata() || !event.user_metadata().has_details())
        return {};
    return text(event.user_metadata().details(), context);
}

} // namespace hl
