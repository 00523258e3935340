#pragma once

#include "json/jsonbuilder.h"
#include "render/payloadcontext.h"

#include <temporal/api/common/v1/message.pb.h>

#include <QJsonValue>

namespace hl {

// The "readable" form of a payload, as the Web UI's readable download writes it: metadata as plain text and the
// value itself in `data` (a JSON value for json/*, a string for UTF-8 binary/plain, null for binary/null, the
// message as JSON for binary/protobuf of a known type). A decoded payload is shown decoded, with the layers that
// came off in `encodingChain`; one that failed keeps its stored bytes and says why in `decodeError`.
class ReadablePayload {
public:
    // Writes `payload` and returns true when it can be shown readably; false otherwise (nothing written), for the
    // canonical form.
    static bool write(const temporal::api::common::v1::Payload& payload, JsonBuilder& json,
                      const PayloadContext& context = {});
    // The value a reader sees: the decoded JSON, text or message; `{decodeError, encodingChain}` when it could not
    // be decoded; `{encoding, base64}` when it has no readable form.
    static QJsonValue valueOf(const temporal::api::common::v1::Payload& payload, const PayloadContext& context);
};

} // namespace hl
