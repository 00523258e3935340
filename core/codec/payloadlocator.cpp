#include "codec/payloadlocator.h"

#include <temporal/api/history/v1/message.pb.h>

#include <google/protobuf/descriptor.h>

namespace hl {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {

bool isSkipped(const Descriptor* descriptor)
{
    return descriptor == temporal::api::common::v1::SearchAttributes::descriptor();
}

// Marks every message type reachable from `descriptor` with whether a Payload can be found under it.
bool mark(const Descriptor* descriptor, std::unordered_map<const Descriptor*, bool>& marks)
{
    const auto found = marks.find(descriptor);
    if (found != marks.end())
        return found->second;
    if (descriptor == temporal::api::common::v1::Payload::descriptor())
        return marks[descriptor] = true;
    marks[descriptor] = false; // breaks cycles (Failure.cause); fixed below if a field leads to a payload
    bool holds = false;
    if (!isSkipped(descriptor)) {
        for (int i = 0; i < descriptor->field_count(); ++i) {
            const FieldDescriptor* field = descriptor->field(i);
            if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && mark(field->message_type(), marks))
                holds = true;
        }
    }
    return marks[descriptor] = holds;
}

} // namespace

PayloadLocator::PayloadLocator(const Descriptor* root)
{
    mark(root, m_mayHoldPayload);
    // A type whose only way to a payload went through a cycle still open while it was marked (A -> B -> A) was
    // marked false; spread the trues until nothing changes.
    for (bool changed = true; changed;) {
        changed = false;
        for (auto& [descriptor, holds] : m_mayHoldPayload) {
            if (holds || isSkipped(descriptor))
                continue;
            for (int i = 0; i < descriptor->field_count() && !holds; ++i) {
                const FieldDescriptor* field = descriptor->field(i);
                holds = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && m_mayHoldPayload.at(field->message_type());
            }
            changed = changed || holds;
        }
    }
}

const PayloadLocator& PayloadLocator::forEvents()
{
    static const PayloadLocator locator(temporal::api::history::v1::HistoryEvent::descriptor());
    return locator;
}

bool PayloadLocator::mayHold(const Descriptor* descriptor) const
{
    const auto found = m_mayHoldPayload.find(descriptor);
    return found != m_mayHoldPayload.end() && found->second;
}

void PayloadLocator::collect(const Message& message, std::vector<const Payload*>* out) const
{
    walk(message, out, nullptr, nullptr);
}

void PayloadLocator::forEach(const Message& message, const Visitor& visit) const
{
    std::string path;
    walk(message, nullptr, &visit, &path);
}

void PayloadLocator::walk(const Message& message, std::vector<const Payload*>* out, const Visitor* visit,
                          std::string* path) const
{
    const Descriptor* descriptor = message.GetDescriptor();
    if (descriptor == Payload::descriptor()) {
        const auto& payload = static_cast<const Payload&>(message);
        if (out)
            out->push_back(&payload);
        if (visit)
            (*visit)(payload, *path);
        return;
    }
    if (!mayHold(descriptor))
        return;
    const Reflection* reflection = message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
        if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || !mayHold(field->message_type()))
            continue;
        const size_t pathLength = path ? path->size() : 0;
        if (path) {
            if (!path->empty())
                path->push_back('.');
            path->append(field->json_name());
        }
        if (field->is_map()) {
            const FieldDescriptor* keyField = field->message_type()->map_key();
            const FieldDescriptor* valueField = field->message_type()->map_value();
            for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
                const Message& entry = reflection->GetRepeatedMessage(message, field, i);
                const size_t entryLength = path ? path->size() : 0;
                if (path && keyField->cpp_type() == FieldDescriptor::CPPTYPE_STRING)
                    path->append("." + entry.GetReflection()->GetString(entry, keyField));
                walk(entry.GetReflection()->GetMessage(entry, valueField), out, visit, path);
                if (path)
                    path->resize(entryLength);
            }
        } else if (field->is_repeated()) {
            for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
                const size_t itemLength = path ? path->size() : 0;
                if (path)
                    path->append("[" + std::to_string(i) + "]");
                walk(reflection->GetRepeatedMessage(message, field, i), out, visit, path);
                if (path)
                    path->resize(itemLength);
            }
        } else {
            walk(reflection->GetMessage(message, field), out, visit, path);
        }
        if (path)
            path->resize(pathLength);
    }
}

} // namespace hl
