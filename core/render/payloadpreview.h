#pragma once

#include "render/payloadcontext.h"

#include <temporal/api/common/v1/message.pb.h>

#include <QString>

namespace hl {

// One-line previews of payloads for summaries and tree rows: JSON compacted, text as text, protobuf through the
// known message types, anything else by its encoding and size. Decoded payloads are previewed decoded; one that
// failed to decode says so. Long values are cut with an ellipsis.
class PayloadPreview {
public:
    static constexpr int kDefaultWidth = 60;

    static QString of(const temporal::api::common::v1::Payload& payload, const PayloadContext& context = {},
                      int width = kDefaultWidth);
    // Several payloads as a JSON-like list: ["a", 1]; one payload alone without brackets.
    static QString of(const temporal::api::common::v1::Payloads& payloads, const PayloadContext& context = {},
                      int width = kDefaultWidth);

    static QString encodingOf(const temporal::api::common::v1::Payload& payload);
    static QString elide(const QString& text, int width);
};

} // namespace hl
