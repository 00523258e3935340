#include "render/externalreference.h"

#include "support/sizeformat.h"

#include <simdjson.h>

#include <QStringList>

namespace hl {

namespace {

const std::string& metadataValue(const temporal::api::common::v1::Payload& payload, const char* key)
{
    static const std::string none;
    const auto found = payload.metadata().find(key);
    return found == payload.metadata().end() ? none : found->second;
}

} // namespace

bool ExternalReference::is(const temporal::api::common::v1::Payload& payload)
{
    return payload.external_payloads_size() > 0
           || metadataValue(payload, "messageType") == "temporal.api.sdk.v1.ExternalStorageReference"
           || metadataValue(payload, "encoding") == "json/external-storage-reference"
           || !metadataValue(payload, "temporal.io/remote-codec").empty();
}

QString ExternalReference::describe(const temporal::api::common::v1::Payload& payload)
{
    QStringList facts;
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    std::string_view driver;
    if (parser.parse(payload.data()).get(object) == simdjson::SUCCESS
        && (object["driverName"].get(driver) == simdjson::SUCCESS || object["driver_name"].get(driver) == simdjson::SUCCESS))
        facts << QStringLiteral("driver %1").arg(QString::fromUtf8(driver.data(), int(driver.size())));
    const std::string& remote = metadataValue(payload, "temporal.io/remote-codec");
    if (!remote.empty())
        facts << QStringLiteral("remote codec %1").arg(QString::fromStdString(remote));
    qint64 size = 0;
    for (const auto& details : payload.external_payloads())
        size += details.size_bytes();
    if (size > 0)
        facts << formatSize(size);
    return facts.isEmpty() ? QStringLiteral("stored externally")
                           : QStringLiteral("stored externally (%1)").arg(facts.join(QStringLiteral(", ")));
}

} // namespace hl
