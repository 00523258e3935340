#pragma once

#include "history/history.h"
#include "json/protojsonwriter.h"
#include "render/payloadcontext.h"
#include "support/result.h"

class QIODevice;

namespace hl {

// Writes a History as {"events":[...]} to a device, event by event, so even the largest history needs little
// memory beyond the History itself.
class HistoryJsonWriter {
public:
    enum class Style {
        Canonical, // proto3 JSON, replayable by every SDK; decoded payloads in their decoded form
        Readable,  // payloads shown as their values, with their encoding chain; failure messages restored
    };

    explicit HistoryJsonWriter(Style style = Style::Canonical, int indent = 2);

    // Decoded payloads and message types to write payloads with. A payload that failed to decode is written as
    // stored, with its reason in the metadata key `historylens-decode-error` (SDKs ignore unknown metadata).
    void setPayloadContext(PayloadContext context);

    Result<void> write(const History& history, QIODevice& out);
    // One message (an event, a failure) in the same style, for display.
    std::string messageJson(const google::protobuf::Message& message);

private:
    void configure(ProtoJsonWriter& writer, ProtoJsonWriter& canonical) const;

    Style m_style;
    int m_indent;
    PayloadContext m_context;
};

} // namespace hl
