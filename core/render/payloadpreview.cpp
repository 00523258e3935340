#include "render/payloadpreview.h"

#include "render/externalreference.h"
#include "support/sizeformat.h"
#include "support/utf8.h"

#include <QStringList>

namespace hl {


QString PayloadPreview::elide(const QString& text, int width)
{
    QString flat = text;
    flat.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (flat.size() <= width)
        return flat;
    return flat.left(width - 1) + QChar(0x2026);
}

QString PayloadPreview::encodingOf(const temporal::api::common::v1::Payload& payload)
{
    const auto found = payload.metadata().find("encoding");
    return found == payload.metadata().end() ? QString() : QString::fromStdString(found->second);
}

QString PayloadPreview::of(const temporal::api::common::v1::Payload& stored, const PayloadContext& context, int width)
{
    if (const DecodedPayload* decoded = context.find(stored); decoded && decoded->failed())
        return QStringLiteral("<not decoded: %1>").arg(decoded->error ? decoded->error->message : QString());
    const ShownPayload shown = context.shown(stored);
    const temporal::api::common::v1::Payload& payload = *shown;
    if (ExternalReference::is(payload))
        return QStringLiteral("<%1>").arg(ExternalReference::describe(payload));
    const QString encoding = encodingOf(payload);
    const std::string& data = payload.data();
    if (encoding == QLatin1String("binary/null"))
        return QStringLiteral("null");
    if ((encoding == QLatin1String("json/plain") || encoding == QLatin1String("json/protobuf")) && isValidUtf8(data))
        return elide(QString::fromUtf8(data.data(), int(data.size())).simplified(), width);
    if (encoding == QLatin1String("binary/plain") && isValidUtf8(data))
        return elide(QLatin1Char('"') + QString::fromUtf8(data.data(), int(data.size())) + QLatin1Char('"'), width);
    if (encoding == QLatin1String("binary/protobuf") && context.types) {
        const auto type = payload.metadata().find("messageType");
        if (type != payload.metadata().end()) {
            if (auto json = context.types->toJson(type->second, data); json.ok())
                return elide(QString::fromStdString(json.value()), width);
        }
    }
    const QString shownEncoding = encoding.isEmpty() ? QStringLiteral("no encoding") : encoding;
    return QStringLiteral("<%1, %2>").arg(shownEncoding, formatSize(qint64(data.size())));
}

QString PayloadPreview::of(const temporal::api::common::v1::Payloads& payloads, const PayloadContext& context, int width)
{
    if (payloads.payloads_size() == 1)
        return of(payloads.payloads(0), context, width);
    QStringList parts;
    for (const auto& payload : payloads.payloads())
        parts << of(payload, context, width);
    return elide(QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']'), width);
}

} // namespace hl
