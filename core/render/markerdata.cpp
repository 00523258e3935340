#include "render/markerdata.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hl {

namespace {

constexpr int kMaxDataBytes = 64 * 1024;

// The first payload of a detail, decoded, as text (JSON strings unquoted); empty when missing or too large.
QString detailText(const temporal::api::history::v1::MarkerRecordedEventAttributes& marker, const char* key, const PayloadContext& context)
{
    const auto found = marker.details().find(key);
    if (found == marker.details().end() || found->second.payloads_size() == 0)
        return {};
    const ShownPayload payload = context.shown(found->second.payloads(0), false);
    if (payload->data().size() > kMaxDataBytes)
        return {};
    const QByteArray bytes = QByteArray::fromStdString(payload->data());
    const QJsonDocument document = QJsonDocument::fromJson("[" + bytes + "]");
    if (document.isArray() && document.array().size() == 1) {
        const QJsonValue value = document.array().first();
        if (value.isString())
            return value.toString();
        if (value.isDouble())
            return QString::number(value.toDouble());
    }
    return QString::fromUtf8(bytes);
}

} // namespace

bool MarkerData::isLocalActivity(const std::string& markerName)
{
    return markerName == "LocalActivity" || markerName == "core_local_activity";
}

QJsonObject MarkerData::data(const temporal::api::history::v1::MarkerRecordedEventAttributes& marker, const PayloadContext& context)
{
    for (const char* key : {"data", "type"}) {
        const auto found = marker.details().find(key);
        if (found == marker.details().end() || found->second.payloads_size() == 0)
            continue;
        const ShownPayload payload = context.shown(found->second.payloads(0), false);
        if (payload->data().size() > kMaxDataBytes)
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(payload->data()));
        if (document.isObject())
            return document.object();
        if (qstrcmp(key, "type") == 0) {
            const QString type = QString::fromUtf8(QByteArray::fromStdString(payload->data())).remove(QLatin1Char('"'));
            return QJsonObject{{QStringLiteral("type"), type}};
        }
    }
    return {};
}

QString MarkerData::localActivityType(const QJsonObject& data)
{
    for (const char* key : {"activity_type", "ActivityType", "activityType", "type"}) {
        if (const QString name = data.value(QLatin1String(key)).toString(); !name.isEmpty())
            return name;
    }
    return {};
}

QString MarkerData::identity(const temporal::api::history::v1::MarkerRecordedEventAttributes& marker, const PayloadContext& context)
{
    const std::string& name = marker.marker_name();
    if (isLocalActivity(name))
        return localActivityType(data(marker, context));
    if (name == "Version") // Go: GetVersion's change id
        return detailText(marker, "change-id", context);
    if (name == "core_patch") { // core-based SDKs: patched()'s id, in "patch_data" ({"id": ..., "deprecated": ...})
        const QJsonObject patch = QJsonDocument::fromJson(detailText(marker, "patch_data", context).toUtf8()).object();
        return patch.contains(QStringLiteral("id")) ? patch.value(QStringLiteral("id")).toString() : detailText(marker, "patch_id", context);
    }
    return {};
}

} // namespace hl
