#pragma once

#include "history/history.h"
#include "render/payloadcontext.h"

#include <QString>

namespace hl {

// What an SDK attached to an event for people to read (`user_metadata`: a one-line summary, Markdown details),
// decoded through the codecs like any payload. The payloads are json/plain strings by the API's contract; one that
// is not (another encoding, not decoded) reads as empty, and is still shown as a payload in the tree.
class UserMetadata {
public:
    // The summary on one line (line breaks and tabs become spaces), at most `width` characters.
    static QString summary(const History::Event& event, const PayloadContext& context, int width = 120);
    static QString details(const History::Event& event, const PayloadContext& context);
    // `text` led by the summary, quoted: “Charge the card” · charge (activity 1). Either may be empty.
    static QString withSummary(const QString& summary, const QString& text);
    // The text of a json/plain payload that holds one JSON string (or a binary/plain one); empty otherwise.
    static QString text(const temporal::api::common::v1::Payload& payload, const PayloadContext& context);
};

} // namespace hl
