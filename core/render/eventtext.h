#pragma once

#include "history/history.h"
#include "render/payloadcontext.h"

#include <QString>

namespace hl {

// Short texts about an event for one-line listings: its type name and what it was about (activity type and input,
// signal name, timer id, failure message, ...).
class EventText {
public:
    // "WorkflowExecutionStarted"; for a type this build does not know, the name the source used ("UnknownEvent")
    // or "EventType(99)".
    static QString typeName(const History& history, int eventIndex);
    static QString typeName(int eventType);
    // Payload previews are cut at `previewWidth` characters.
    static QString describe(const History::Event& event, const PayloadContext& context = {}, int previewWidth = 60);
    // describe() without the user-metadata summary.
    static QString describeAttributes(const History::Event& event, const PayloadContext& context = {}, int previewWidth = 60);
    // "message (type X)", along the cause chain: "activity failed: cause: boom"; messages moved into encoded
    // attributes are shown restored.
    static QString failureText(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context = {});
    // "TIMEOUT_TYPE_START_TO_CLOSE" -> "StartToClose"
    static QString enumText(const google::protobuf::EnumDescriptor* type, int value);
};

} // namespace hl
