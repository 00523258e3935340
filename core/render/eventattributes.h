#pragma once

#include "history/history.h"

#include <temporal/api/failure/v1/message.pb.h>

namespace hl {

// An event's `attributes` oneof: which one it holds and the message, and the failure it carries when it has one
// (`failure` of ActivityTaskFailed, WorkflowExecutionFailed, ChildWorkflowExecutionFailed, ...).
class EventAttributes {
public:
    // The set field of the oneof; null for an event without attributes.
    static const google::protobuf::FieldDescriptor* field(const History::Event& event);
    static const google::protobuf::Message* of(const History::Event& event);
    static const temporal::api::failure::v1::Failure* failure(const History::Event& event);
};

} // namespace hl
