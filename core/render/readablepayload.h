#pragma once

#include "json/jsonbuilder.h"

#include <temporal/api/common/v1/message.pb.h>

namespace hl {

// The "readable" form of a payload, as the Web UI's readable download writes it: metadata as plain text and the
// value itself in `data` (a JSON value for json/*, a string for UTF-8 binary/plain, null for binary/null). Payloads
// that are not plain JSON or text (encrypted, compressed, protobuf binary) are left in their canonical form, which
// HistoryLens and other tools read back unchanged.
class ReadablePayload {
public:
    // Writes `payload` and returns true when it can be shown readably; false otherwise (nothing written).
    static bool write(const temporal::api::common::v1::Payload& payload, JsonBuilder& json);
};

} // namespace hl
