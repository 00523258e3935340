#include "codec/payloadlocator.h"

#include <temporal/api/history/v1/message.pb.h>

#include <google/protobuf/descriptor.h>

#include <algorithm>

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
    for (const auto& [descriptor, holds] : m_mayHoldPayload) {
        if (!holds || isSkipped(descriptor) || descriptor == Payload::descriptor())
            continue;
        Plan& plan = m_plans[descriptor];
        for (int i = 0; i < descriptor->field_count(); ++i) {
            const FieldDescriptor* field = descriptor->field(i);
            if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || !m_mayHoldPayload.at(field->message_type()))
                continue;
            Step step;
            step.field = field;
            step.jsonName = field->json_name();
            const Descriptor* target = field->message_type();
            if (field->is_map()) {
                step.kind = Step::Kind::Map;
                step.mapKey = target->map_key();
                step.mapValue = target->map_value();
                step.stringKey = step.mapKey->cpp_type() == FieldDescriptor::CPPTYPE_STRING;
                target = step.mapValue->message_type();
            } else if (field->is_repeated()) {
                step.kind = Step::Kind::Repeated;
            }
            step.target = target;
            step.isPayload = target == Payload::descriptor();
            const auto* oneof = field->real_containing_oneof();
            if (!oneof) {
                plan.steps.push_back(std::move(step));
            } else {
                if (std::find(plan.oneofs.begin(), plan.oneofs.end(), oneof) == plan.oneofs.end())
                    plan.oneofs.push_back(oneof);
                plan.oneofSteps.emplace(field, std::move(step));
            }
        }
    }
}

const PayloadLocator& PayloadLocator::forEvents()
{
    static const PayloadLocator locator(temporal::api::history::v1::HistoryEvent::descriptor());
    return locator;
}

void PayloadLocator::collect(const Message& message, std::vector<const Payload*>* out) const
{
    walk(message, message.GetDescriptor(), out, nullptr, nullptr);
}

void PayloadLocator::forEach(const Message& message, const Visitor& visit) const
{
    std::string path;
    walk(message, message.GetDescriptor(), nullptr, &visit, &path);
}

void PayloadLocator::walk(const Message& message, const Descriptor* descriptor, std::vector<const Payload*>* out,
                          const Visitor* visit, std::string* path) const
{
    const auto found = m_plans.find(descriptor);
    if (found == m_plans.end())
        return;
    const Plan& plan = found->second;
    const Reflection* reflection = message.GetReflection();
    // Visited in field-number order, as the JSON writer writes them.
    const Step* chosen[8];
    size_t chosenCount = 0;
    for (const auto* oneof : plan.oneofs) {
        const FieldDescriptor* field = reflection->GetOneofFieldDescriptor(message, oneof);
        if (!field || chosenCount == 8)
            continue;
        if (const auto step = plan.oneofSteps.find(field); step != plan.oneofSteps.end())
            chosen[chosenCount++] = &step->second;
    }
    for (size_t i = 1; i < chosenCount; ++i) { // usually one, rarely more: an insertion sort
        for (size_t j = i; j > 0 && chosen[j]->field->number() < chosen[j - 1]->field->number(); --j)
            std::swap(chosen[j], chosen[j - 1]);
    }
    size_t next = 0;
    for (const Step& step : plan.steps) {
        for (; next < chosenCount && chosen[next]->field->number() < step.field->number(); ++next)
            walkStep(message, reflection, *chosen[next], out, visit, path);
        walkStep(message, reflection, step, out, visit, path);
    }
    for (; next < chosenCount; ++next)
        walkStep(message, reflection, *chosen[next], out, visit, path);
}

void PayloadLocator::visitMessage(const Message& message, const Step& step,
                                  std::vector<const Payload*>* out, const Visitor* visit, std::string* path) const
{
    if (step.isPayload) {
        const auto& payload = static_cast<const Payload&>(message);
        if (out)
            out->push_back(&payload);
        if (visit)
            (*visit)(payload, *path);
    } else {
        walk(message, step.target, out, visit, path);
    }
}

void PayloadLocator::walkStep(const Message& message, const Reflection* reflection, const Step& step,
                              std::vector<const Payload*>* out, const Visitor* visit, std::string* path) const
{
    const int count = step.kind == Step::Kind::Single ? (reflection->HasField(message, step.field) ? 1 : 0)
                                                      : reflection->FieldSize(message, step.field);
    if (count == 0)
        return;
    const size_t pathLength = path ? path->size() : 0;
    if (path) {
        if (!path->empty())
            path->push_back('.');
        path->append(step.jsonName);
    }
    switch (step.kind) {
    case Step::Kind::Single:
        visitMessage(reflection->GetMessage(message, step.field), step, out, visit, path);
        break;
    case Step::Kind::Repeated:
        for (int i = 0; i < count; ++i) {
            const size_t itemLength = path ? path->size() : 0;
            if (path)
                path->append("[" + std::to_string(i) + "]");
            visitMessage(reflection->GetRepeatedMessage(message, step.field, i), step, out, visit, path);
            if (path)
                path->resize(itemLength);
        }
        break;
    case Step::Kind::Map:
        for (int i = 0; i < count; ++i) {
            const Message& entry = reflection->GetRepeatedMessage(message, step.field, i);
            const Reflection* entryReflection = entry.GetReflection();
            const size_t entryLength = path ? path->size() : 0;
            if (path && step.stringKey)
                path->append("." + entryReflection->GetString(entry, step.mapKey));
            visitMessage(entryReflection->GetMessage(entry, step.mapValue), step, out, visit, path);
            if (path)
                path->resize(entryLength);
        }
        break;
    }
    if (path)
        path->resize(pathLength);
}

} // namespace hl
