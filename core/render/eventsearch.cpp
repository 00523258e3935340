#include "render/eventsearch.h"

#include "render/eventattributes.h"

#include "codec/codecscratch.h"
#include "codec/payloadlocator.h"
#include "render/eventtext.h"
#include "render/failureattributes.h"

#include <temporal/api/failure/v1/message.pb.h>


#include <algorithm>
#include <cctype>

namespace hl {

namespace {

char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}


} // namespace

EventSearch::EventSearch(const QString& text, bool regularExpression) : m_text(text), m_regex(regularExpression)
{
    if (m_regex) {
        m_expression.setPattern(text);
        m_expression.setPatternOptions(QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
        m_expression.optimize();
    } else {
        m_folded = text.toUtf8().toStdString();
        std::transform(m_folded.begin(), m_folded.end(), m_folded.begin(), fold);
    }
}

bool EventSearch::isValid() const
{
    return !m_regex || m_expression.isValid();
}

QString EventSearch::errorString() const
{
    return isValid() ? QString() : m_expression.errorString();
}

bool EventSearch::matchesText(const QString& text) const
{
    if (m_regex)
        return m_expression.match(text).hasMatch();
    return matchesBytes(text.toUtf8().toStdString());
}

bool EventSearch::matchesBytes(const std::string& bytes) const
{
    if (m_regex)
        return m_expression.match(QString::fromUtf8(bytes.data(), int(bytes.size()))).hasMatch();
    return std::search(bytes.begin(), bytes.end(), m_folded.begin(), m_folded.end(),
                       [](char a, char b) { return fold(a) == b; })
           != bytes.end();
}

bool EventSearch::matches(const History& history, int eventIndex, const PayloadContext& context, CodecScratch* scratch) const
{
    if (m_text.isEmpty() || !isValid())
        return false;
    const History::Event& event = history.event(eventIndex);
    // Names and ids from the description; payload values and failure messages are matched below, decoded once.
    if (matchesText(EventText::typeName(history, eventIndex)) || matchesText(EventText::describe(event, {}, 1 << 20)))
        return true;
    thread_local std::vector<const temporal::api::common::v1::Payload*> payloads;
    payloads.clear();
    PayloadLocator::forEvents().collect(event, &payloads);
    for (const auto* payload : payloads) {
        if (matchesBytes(context.shown(*payload, false, scratch)->data()))
            return true;
    }
    // Failure messages and stack traces anywhere in the event, restored where they were encoded.
    const google::protobuf::Message* attributes = EventAttributes::of(event);
    if (!attributes)
        return false;
    const google::protobuf::Message& message = *attributes;
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    message.GetReflection()->ListFields(message, &fields);
    for (const auto* candidate : fields) {
        if (candidate->message_type() != temporal::api::failure::v1::Failure::descriptor() || candidate->is_repeated())
            continue;
        for (const auto* failure = &static_cast<const temporal::api::failure::v1::Failure&>(
                 message.GetReflection()->GetMessage(message, candidate));
             failure; failure = failure->has_cause() ? &failure->cause() : nullptr) {
            const auto restored = FailureAttributes::restore(*failure, context);
            if (matchesBytes(restored && restored->message ? *restored->message : failure->message())
                || matchesBytes(restored && restored->stackTrace ? *restored->stackTrace : failure->stack_trace()))
                return true;
        }
    }
    return false;
}

std::vector<int> EventSearch::matchingEvents(const History& history, const PayloadContext& context,
                                             const std::atomic<bool>* cancelled) const
{
    return matchingEvents(history, 0, history.eventCount(), context, cancelled);
}

std::vector<int> EventSearch::matchingEvents(const History& history, int first, int end, const PayloadContext& context,
                                             const std::atomic<bool>* cancelled) const
{
    CodecScratch scratch; // this run's cipher contexts, wiped when it is done
    std::vector<int> found;
    for (int i = std::max(first, 0); i < std::min(end, history.eventCount()); ++i) {
        if (cancelled && cancelled->load(std::memory_order_relaxed))
            return {};
        if (matches(history, i, context, &scratch))
            found.push_back(i);
    }
    return found;
}

} // namespace hl
