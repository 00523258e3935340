#pragma once

#include "render/payloadcontext.h"

#include <temporal/api/history/v1/message.pb.h>

#include <QJsonObject>
#include <QString>

namespace hl {

// What SDKs write in a marker's details, read the same way wherever a marker is shown: a local activity's record
// (Go's ActivityType, core's activity_type, Java's type; its id, attempt, times), a version's change id, a patch's id.
class MarkerData {
public:
    // Local activities: Go and Java write "LocalActivity", core-based SDKs "core_local_activity".
    static bool isLocalActivity(const std::string& markerName);
    // The JSON object of the marker's "data" (or "type") detail, decoded; empty when there is none or it is no object.
    static QJsonObject data(const temporal::api::history::v1::MarkerRecordedEventAttributes& marker, const PayloadContext& context);
    // A local activity's type from its data, or empty.
    static QString localActivityType(const QJsonObject& data);
    // What tells markers of one name apart across runs: a local activity's type, a version's change id, a patch's id;
    // empty for others (side effects, mutable side effects are told apart by order).
    static QString identity(const temporal::api::history::v1::MarkerRecordedEventAttributes& marker, const PayloadContext& context);
};

} // namespace hl
