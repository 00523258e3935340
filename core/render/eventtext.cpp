#include "render/eventtext.h"

#include "render/failureattributes.h"
#include "render/payloadpreview.h"
#include "render/usermetadata.h"

#include <temporal/api/enums/v1/event_type.pb.h>

#include <QStringList>

namespace hl {

namespace {

QString str(const std::string& text)
{
    return QString::fromUtf8(text.data(), int(text.size()));
}

QString pascal(const std::string& screaming, size_t prefixLength)
{
    QString out;
    bool upper = true;
    for (size_t i = prefixLength; i < screaming.size(); ++i) {
        const char c = screaming[i];
        if (c == '_') {
            upper = true;
            continue;
        }
        out += QLatin1Char(upper ? c : char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        upper = false;
    }
    return out;
}

QString withInput(QString text, const QString& label, const temporal::api::common::v1::Payloads& payloads,
                  const PayloadContext& context, int width)
{
    if (payloads.payloads_size() == 0)
        return text;
    if (!text.isEmpty())
        text += QStringLiteral(", ");
    return text + label + QLatin1Char(' ') + PayloadPreview::of(payloads, context, width);
}

QString quoted(const std::string& text)
{
    return QLatin1Char('"') + str(text) + QLatin1Char('"');
}

} // namespace

QString EventText::enumText(const google::protobuf::EnumDescriptor* type, int value)
{
    const auto* found = type->FindValueByNumber(value);
    if (!found)
        return QString::number(value);
    // The canonical names repeat the enum's name as a prefix: TIMEOUT_TYPE_START_TO_CLOSE.
    const std::string& name = found->name();
    const std::string& zero = type->value(0)->name();
    const size_t prefix = zero.size() > 11 && zero.compare(zero.size() - 11, 11, "UNSPECIFIED") == 0 ? zero.size() - 11 : 0;
    return pascal(name, name.compare(0, prefix, zero, 0, prefix) == 0 ? prefix : 0);
}

QString EventText::typeName(int eventType)
{
    const auto* descriptor = temporal::api::enums::v1::EventType_descriptor();
    if (!descriptor->FindValueByNumber(eventType) || eventType == 0)
        return QStringLiteral("EventType(%1)").arg(eventType);
    return enumText(descriptor, eventType);
}

QString EventText::typeName(const History& history, int eventIndex)
{
    const int type = history.event(eventIndex).event_type();
    if (type == 0) {
        for (const Notice& notice : history.noticesFor(eventIndex)) {
            if (notice.kind == Notice::Kind::UnknownEnumValue && notice.fieldPath == QLatin1String("eventType"))
                return notice.value;
        }
    }
    return typeName(type);
}

QString EventText::failureText(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context)
{
    QStringList chain;
    const temporal::api::failure::v1::Failure* current = &failure;
    for (int depth = 0; current && depth < 8; ++depth) {
        const auto restored = FailureAttributes::restore(*current, context);
        QString text = str(restored && restored->message ? *restored->message : current->message());
        if (current->has_application_failure_info() && !current->application_failure_info().type().empty())
            text += QStringLiteral(" (%1)").arg(str(current->application_failure_info().type()));
        else if (current->has_timeout_failure_info())
            text += QStringLiteral(" (timeout %1)")
                        .arg(enumText(temporal::api::enums::v1::TimeoutType_descriptor(),
                                      current->timeout_failure_info().timeout_type()));
        if (!text.isEmpty())
            chain << text;
        current = current->has_cause() ? &current->cause() : nullptr;
    }
    return chain.join(QStringLiteral("; cause: "));
}

QString EventText::describe(const History::Event& event, const PayloadContext& context, int previewWidth)
{
    // What the SDK said the step is for comes first: it tells twelve runs of one activity apart.
    return UserMetadata::withSummary(UserMetadata::summary(event, context, previewWidth),
                                     describeAttributes(event, context, previewWidth));
}

QString EventText::describeAttributes(const History::Event& event, const PayloadContext& context, int previewWidth)
{
    using E = History::Event;
    switch (event.attributes_case()) {
    case E::kWorkflowExecutionStartedEventAttributes: {
        const auto& a = event.workflow_execution_started_event_attributes();
        return withInput(str(a.workflow_type().name()) + QStringLiteral(" on ") + quoted(a.task_queue().name()),
                         QStringLiteral("input"), a.input(), context, previewWidth);
    }
    case E::kWorkflowExecutionCompletedEventAttributes:
        return withInput({}, QStringLiteral("result"), event.workflow_execution_completed_event_attributes().result(), context, previewWidth);
    case E::kWorkflowExecutionFailedEventAttributes:
        return QStringLiteral("failure: ") + failureText(event.workflow_execution_failed_event_attributes().failure(), context);
    case E::kWorkflowExecutionTimedOutEventAttributes:
        return QStringLiteral("retry state ")
               + enumText(temporal::api::enums::v1::RetryState_descriptor(),
                          event.workflow_execution_timed_out_event_attributes().retry_state());
    case E::kWorkflowTaskScheduledEventAttributes: {
        const auto& a = event.workflow_task_scheduled_event_attributes();
        return QStringLiteral("task queue ") + quoted(a.task_queue().name())
               + (a.attempt() > 1 ? QStringLiteral(", attempt %1").arg(a.attempt()) : QString());
    }
    case E::kWorkflowTaskStartedEventAttributes:
        return str(event.workflow_task_started_event_attributes().identity());
    case E::kWorkflowTaskCompletedEventAttributes:
        return str(event.workflow_task_completed_event_attributes().identity());
    case E::kWorkflowTaskTimedOutEventAttributes:
        return QStringLiteral("timeout ")
               + enumText(temporal::api::enums::v1::TimeoutType_descriptor(),
                          event.workflow_task_timed_out_event_attributes().timeout_type());
    case E::kWorkflowTaskFailedEventAttributes: {
        const auto& a = event.workflow_task_failed_event_attributes();
        return enumText(temporal::api::enums::v1::WorkflowTaskFailedCause_descriptor(), a.cause())
               + (a.has_failure() ? QStringLiteral(": ") + failureText(a.failure(), context) : QString());
    }
    case E::kActivityTaskScheduledEventAttributes: {
        const auto& a = event.activity_task_scheduled_event_attributes();
        return withInput(str(a.activity_type().name()) + QStringLiteral(" (activity ") + str(a.activity_id())
                             + QLatin1Char(')'),
                         QStringLiteral("input"), a.input(), context, previewWidth);
    }
    case E::kActivityTaskStartedEventAttributes: {
        const auto& a = event.activity_task_started_event_attributes();
        QString text = QStringLiteral("attempt %1").arg(a.attempt());
        if (a.has_last_failure())
            text += QStringLiteral(", last failure: ") + failureText(a.last_failure(), context);
        return text;
    }
    case E::kActivityTaskCompletedEventAttributes:
        return withInput({}, QStringLiteral("result"), event.activity_task_completed_event_attributes().result(), context, previewWidth);
    case E::kActivityTaskFailedEventAttributes:
        return QStringLiteral("failure: ") + failureText(event.activity_task_failed_event_attributes().failure(), context);
    case E::kActivityTaskTimedOutEventAttributes:
        return QStringLiteral("failure: ") + failureText(event.activity_task_timed_out_event_attributes().failure(), context);
    case E::kActivityTaskCancelRequestedEventAttributes:
        return QStringLiteral("scheduled event %1").arg(event.activity_task_cancel_requested_event_attributes().scheduled_event_id());
    case E::kActivityTaskCanceledEventAttributes:
        return withInput({}, QStringLiteral("details"), event.activity_task_canceled_event_attributes().details(), context, previewWidth);
    case E::kTimerStartedEventAttributes: {
        const auto& a = event.timer_started_event_attributes();
        const auto& d = a.start_to_fire_timeout();
        return QStringLiteral("timer ") + str(a.timer_id()) + QStringLiteral(" for ")
               + QString::number(double(d.seconds()) + d.nanos() / 1e9) + QLatin1Char('s');
    }
    case E::kTimerFiredEventAttributes:
        return QStringLiteral("timer ") + str(event.timer_fired_event_attributes().timer_id());
    case E::kTimerCanceledEventAttributes:
        return QStringLiteral("timer ") + str(event.timer_canceled_event_attributes().timer_id());
    case E::kWorkflowExecutionCancelRequestedEventAttributes:
        return str(event.workflow_execution_cancel_requested_event_attributes().cause());
    case E::kWorkflowExecutionCanceledEventAttributes:
        return withInput({}, QStringLiteral("details"), event.workflow_execution_canceled_event_attributes().details(), context, previewWidth);
    case E::kMarkerRecordedEventAttributes: {
        const auto& a = event.marker_recorded_event_attributes();
        return QStringLiteral("marker ") + str(a.marker_name())
               + (a.has_failure() ? QStringLiteral(", failure: ") + failureText(a.failure(), context) : QString());
    }
    case E::kWorkflowExecutionSignaledEventAttributes: {
        const auto& a = event.workflow_execution_signaled_event_attributes();
        return withInput(QStringLiteral("signal ") + str(a.signal_name()), QStringLiteral("input"), a.input(), context, previewWidth);
    }
    case E::kWorkflowExecutionTerminatedEventAttributes: {
        const auto& a = event.workflow_execution_terminated_event_attributes();
        return withInput(a.reason().empty() ? QString() : QStringLiteral("reason ") + quoted(a.reason()),
                         QStringLiteral("details"), a.details(), context, previewWidth);
    }
    case E::kWorkflowExecutionContinuedAsNewEventAttributes: {
        const auto& a = event.workflow_execution_continued_as_new_event_attributes();
        return withInput(QStringLiteral("as ") + str(a.workflow_type().name()), QStringLiteral("input"), a.input(), context, previewWidth);
    }
    case E::kStartChildWorkflowExecutionInitiatedEventAttributes: {
        const auto& a = event.start_child_workflow_execution_initiated_event_attributes();
        return withInput(str(a.workflow_type().name()) + QLatin1Char(' ') + quoted(a.workflow_id()), QStringLiteral("input"),
                         a.input(), context, previewWidth);
    }
    case E::kStartChildWorkflowExecutionFailedEventAttributes: {
        const auto& a = event.start_child_workflow_execution_failed_event_attributes();
        return str(a.workflow_type().name()) + QStringLiteral(": ")
               + enumText(temporal::api::enums::v1::StartChildWorkflowExecutionFailedCause_descriptor(), a.cause());
    }
    case E::kChildWorkflowExecutionStartedEventAttributes: {
        const auto& a = event.child_workflow_execution_started_event_attributes();
        return str(a.workflow_type().name()) + QLatin1Char(' ') + quoted(a.workflow_execution().workflow_id());
    }
    case E::kChildWorkflowExecutionCompletedEventAttributes: {
        const auto& a = event.child_workflow_execution_completed_event_attributes();
        return withInput(str(a.workflow_type().name()), QStringLiteral("result"), a.result(), context, previewWidth);
    }
    case E::kChildWorkflowExecutionFailedEventAttributes: {
        const auto& a = event.child_workflow_execution_failed_event_attributes();
        return str(a.workflow_type().name()) + QStringLiteral(" failure: ") + failureText(a.failure(), context);
    }
    case E::kChildWorkflowExecutionCanceledEventAttributes:
        return str(event.child_workflow_execution_canceled_event_attributes().workflow_type().name());
    case E::kChildWorkflowExecutionTimedOutEventAttributes:
        return str(event.child_workflow_execution_timed_out_event_attributes().workflow_type().name());
    case E::kChildWorkflowExecutionTerminatedEventAttributes:
        return str(event.child_workflow_execution_terminated_event_attributes().workflow_type().name());
    case E::kSignalExternalWorkflowExecutionInitiatedEventAttributes: {
        const auto& a = event.signal_external_workflow_execution_initiated_event_attributes();
        return withInput(QStringLiteral("signal ") + str(a.signal_name()) + QStringLiteral(" to ")
                             + quoted(a.workflow_execution().workflow_id()),
                         QStringLiteral("input"), a.input(), context, previewWidth);
    }
    case E::kSignalExternalWorkflowExecutionFailedEventAttributes:
        return quoted(event.signal_external_workflow_execution_failed_event_attributes().workflow_execution().workflow_id());
    case E::kExternalWorkflowExecutionSignaledEventAttributes:
        return quoted(event.external_workflow_execution_signaled_event_attributes().workflow_execution().workflow_id());
    case E::kRequestCancelExternalWorkflowExecutionInitiatedEventAttributes:
        return quoted(event.request_cancel_external_workflow_execution_initiated_event_attributes().workflow_execution().workflow_id());
    case E::kUpsertWorkflowSearchAttributesEventAttributes: {
        QStringList keys;
        for (const auto& entry : event.upsert_workflow_search_attributes_event_attributes().search_attributes().indexed_fields())
            keys << str(entry.first);
        keys.sort();
        return keys.join(QStringLiteral(", "));
    }
    case E::kWorkflowExecutionUpdateAdmittedEventAttributes: {
        const auto& r = event.workflow_execution_update_admitted_event_attributes().request();
        return withInput(QStringLiteral("update ") + str(r.input().name()), QStringLiteral("args"), r.input().args(), context, previewWidth);
    }
    case E::kWorkflowExecutionUpdateAcceptedEventAttributes: {
        const auto& a = event.workflow_execution_update_accepted_event_attributes();
        return withInput(QStringLiteral("update ") + str(a.accepted_request().input().name()) + QStringLiteral(" (")
                             + str(a.protocol_instance_id()) + QLatin1Char(')'),
                         QStringLiteral("args"), a.accepted_request().input().args(), context, previewWidth);
    }
    case E::kWorkflowExecutionUpdateRejectedEventAttributes: {
        const auto& a = event.workflow_execution_update_rejected_event_attributes();
        return QStringLiteral("update ") + str(a.rejected_request().input().name()) + QStringLiteral(" rejected: ")
               + failureText(a.failure(), context);
    }
    case E::kWorkflowExecutionUpdateCompletedEventAttributes: {
        const auto& a = event.workflow_execution_update_completed_event_attributes();
        const QString head = QStringLiteral("update ") + str(a.meta().update_id());
        if (a.outcome().has_failure())
            return head + QStringLiteral(" failure: ") + failureText(a.outcome().failure(), context);
        return withInput(head, QStringLiteral("result"), a.outcome().success(), context, previewWidth);
    }
    case E::kWorkflowPropertiesModifiedEventAttributes:
    case E::kWorkflowPropertiesModifiedExternallyEventAttributes: {
        const auto& memo = event.has_workflow_properties_modified_event_attributes()
                               ? event.workflow_properties_modified_event_attributes().upserted_memo()
                               : event.workflow_properties_modified_externally_event_attributes().upserted_memo();
        QStringList keys;
        for (const auto& entry : memo.fields())
            keys << str(entry.first);
        keys.sort();
        return keys.isEmpty() ? QString() : QStringLiteral("memo ") + keys.join(QStringLiteral(", "));
    }
    case E::kNexusOperationScheduledEventAttributes: {
        const auto& a = event.nexus_operation_scheduled_event_attributes();
        QString text = str(a.service()) + QLatin1Char('.') + str(a.operation());
        if (a.has_input())
            text += QStringLiteral(", input ") + PayloadPreview::of(a.input(), context, previewWidth);
        return text;
    }
    case E::kNexusOperationCompletedEventAttributes: {
        const auto& a = event.nexus_operation_completed_event_attributes();
        return a.has_result() ? QStringLiteral("result ") + PayloadPreview::of(a.result(), context, previewWidth) : QString();
    }
    case E::kNexusOperationFailedEventAttributes:
        return QStringLiteral("failure: ") + failureText(event.nexus_operation_failed_event_attributes().failure(), context);
    case E::kNexusOperationCanceledEventAttributes:
        return QStringLiteral("failure: ") + failureText(event.nexus_operation_canceled_event_attributes().failure(), context);
    case E::kNexusOperationTimedOutEventAttributes:
        return QStringLiteral("failure: ") + failureText(event.nexus_operation_timed_out_event_attributes().failure(), context);
    case E::kNexusOperationCancelRequestFailedEventAttributes:
        return QStringLiteral("failure: ")
               + failureText(event.nexus_operation_cancel_request_failed_event_attributes().failure(), context);
    default:
        return {};
    }
}

} // namespace hl
