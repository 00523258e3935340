#include "render/eventattributes.h"

#include <google/protobuf/descriptor.h>

namespace hl {

const google::protobuf::FieldDescriptor* EventAttributes::field(const History::Event& event)
{
    static const auto* oneof = History::Event::descriptor()->FindOneofByName("attributes");
    return oneof ? event.GetReflection()->GetOneofFieldDescriptor(event, oneof) : nullptr;
}

const google::protobuf::Message* EventAttributes::of(const History::Event& event)
{
    const google::protobuf::FieldDescriptor* set = field(event);
    return set ? &event.GetReflection()->GetMessage(event, set) : nullptr;
}

const temporal::api::failure::v1::Failure* EventAttributes::failure(const History::Event& event)
{
    const google::protobuf::Message* attributes = of(event);
    if (!attributes)
        return nullptr;
    const google::protobuf::FieldDescriptor* failureField = attributes->GetDescriptor()->FindFieldByName("failure");
    if (!failureField || failureField->message_type() != temporal::api::failure::v1::Failure::descriptor()
        || !attributes->GetReflection()->HasField(*attributes, failureField))
        return nullptr;
    return static_cast<const temporal::api::failure::v1::Failure*>(&attributes->GetReflection()->GetMessage(*attributes, failureField));
}

} // namespace hl
