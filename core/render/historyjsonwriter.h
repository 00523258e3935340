#pragma once

#include "history/history.h"
#include "json/protojsonwriter.h"
#include "support/result.h"

class QIODevice;

namespace hl {

// Writes a History as {"events":[...]} to a device, event by event, so even the largest history needs little
// memory beyond the History itself.
class HistoryJsonWriter {
public:
    enum class Style {
        Canonical, // proto3 JSON, replayable by every SDK
        Readable,  // payloads shown as their values where they are plain JSON or text
    };

    explicit HistoryJsonWriter(Style style = Style::Canonical, int indent = 2);

    // Replaces how payloads are written (a decoder's view of them); false from the writer falls back to the style.
    void setPayloadWriter(ProtoJsonWriter::PayloadWriter writer);

    Result<void> write(const History& history, QIODevice& out);

private:
    Style m_style;
    int m_indent;
    ProtoJsonWriter::PayloadWriter m_payloadWriter;
};

} // namespace hl
