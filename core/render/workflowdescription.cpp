#include "render/workflowdescription.h"

#include "render/usermetadata.h"

#include <QDateTime>

#include <algorithm>
#include <map>

#include "frontend/workflowlisting.h"
#include "render/eventgroups.h"
#include "render/failureattributes.h"
#include "render/failurechain.h"
#include "render/historysummary.h"
#include "render/payloadpreview.h"

namespace hl {

namespace {

using Payload = temporal::api::common::v1::Payload;
using Failure = temporal::api::failure::v1::Failure;

template <typename Visit>
void forEachPayload(const WorkflowDescription::Response& description, Visit visit)
{
    // Memo values and user metadata go through the codecs (search attributes do not: the server indexes them).
    for (const auto& [name, payload] : description.workflow_execution_info().memo().fields())
        visit(payload);
    if (description.execution_config().has_user_metadata()) {
        const auto& metadata = description.execution_config().user_metadata();
        if (metadata.has_summary())
            visit(metadata.summary());
        if (metadata.has_details())
            visit(metadata.details());
    }
    for (const auto& activity : description.pending_activities()) {
        for (const Payload& payload : activity.heartbeat_details().payloads())
            visit(payload);
        for (const Failure* failure = activity.has_last_failure() ? &activity.last_failure() : nullptr; failure;
             failure = failure->has_cause() ? &failure->cause() : nullptr) {
            if (failure->has_encoded_attributes())
                visit(failure->encoded_attributes());
        }
    }
    for (const auto& operation : description.pending_nexus_operations()) {
        for (const Failure* failure = operation.has_last_attempt_failure() ? &operation.last_attempt_failure() : nullptr; failure;
             failure = failure->has_cause() ? &failure->cause() : nullptr) {
            if (failure->has_encoded_attributes())
                visit(failure->encoded_attributes());
        }
    }
}

QString timeOf(const google::protobuf::Timestamp& time)
{
    return HistorySummary::timeText(time);
}

// "in 59m 58.00s", "3.20s ago": a time beside the clock's now.
QString fromNow(const google::protobuf::Timestamp& time, qint64 nowMs)
{
    const qint64 delta = time.seconds() * 1000 + time.nanos() / 1000000 - nowMs;
    return delta >= 0 ? QObject::tr("in %1").arg(EventGroups::durationText(delta)) : QObject::tr("%1 ago").arg(EventGroups::durationText(-delta));
}

QString failureText(const Failure& failure, const PayloadContext& context)
{
    return FailureChain::of(failure, context).messages();
}

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

} // namespace

DecodeRequest WorkflowDescription::decodeRequest(std::shared_ptr<const Response> description)
{
    DecodeRequest request;
    forEachPayload(*description, [&](const Payload& payload) { request.payloads.push_back(&payload); });
    request.payloadsOwner = std::move(description);
    return request;
}

QStringList WorkflowDescription::lines(const Response& description, const PayloadContext& context)
{
    const auto& info = description.workflow_execution_info();
    QStringList lines;
    lines << QObject::tr("Execution") << QObject::tr("  Workflow ID     %1").arg(text(info.execution().workflow_id()))
          << QObject::tr("  Run ID          %1").arg(text(info.execution().run_id()))
          << QObject::tr("  Type            %1").arg(text(info.type().name()))
          << QObject::tr("  Status          %1").arg(WorkflowListing::statusName(info.status()))
          << QObject::tr("  Task queue      %1").arg(text(info.task_queue()))
          << QObject::tr("  Start time      %1").arg(timeOf(info.start_time()))
          << QObject::tr("  Close time      %1").arg(info.has_close_time() ? timeOf(info.close_time()) : QStringLiteral("-"))
          << QObject::tr("  History length  %1 events").arg(info.history_length());
    if (info.has_parent_execution())
        lines << QObject::tr("  Parent          %1 (run %2)").arg(text(info.parent_execution().workflow_id()), text(info.parent_execution().run_id()));
    if (description.execution_config().has_user_metadata()) {
        const auto& metadata = description.execution_config().user_metadata();
        if (metadata.has_summary())
            lines << QObject::tr("  Summary         %1").arg(UserMetadata::text(metadata.summary(), context).simplified());
        if (metadata.has_details()) {
            lines << QObject::tr("  Details");
            for (const QString& line : UserMetadata::text(metadata.details(), context).split(QLatin1Char('\n')))
                lines << QStringLiteral("    ") + line;
        }
    }
    // Sorted by name: a map's order is not stable from one answer to the next.
    auto sortedFields = [](const auto& fields) {
        std::map<std::string, const Payload*> sorted;
        for (const auto& [name, payload] : fields)
            sorted.emplace(name, &payload);
        return sorted;
    };
    if (info.memo().fields_size() > 0) {
        lines << QString() << QObject::tr("Memo: %1").arg(info.memo().fields_size());
        for (const auto& [name, payload] : sortedFields(info.memo().fields()))
            lines << QStringLiteral("  %1  %2").arg(text(name), PayloadPreview::of(*payload, context, 200));
    }
    if (info.search_attributes().indexed_fields_size() > 0) {
        lines << QString() << QObject::tr("Search attributes: %1").arg(info.search_attributes().indexed_fields_size());
        for (const auto& [name, payload] : sortedFields(info.search_attributes().indexed_fields()))
            lines << QStringLiteral("  %1  %2").arg(text(name), PayloadPreview::of(*payload, context, 200));
    }
    lines << QString() << QObject::tr("Pending activities: %1").arg(description.pending_activities_size());
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    for (const auto& activity : description.pending_activities()) {
        QString state = text(temporal::api::enums::v1::PendingActivityState_Name(activity.state()));
        state.remove(QStringLiteral("PENDING_ACTIVITY_STATE_"));
        // The attempt under way or scheduled, and how many the retry policy allows after it.
        const QString attempts = activity.maximum_attempts() > 0
                                     ? QObject::tr("attempt %1 of %2, %3 more if it fails")
                                           .arg(activity.attempt())
                                           .arg(activity.maximum_attempts())
                                           .arg(std::max(0, activity.maximum_attempts() - activity.attempt()))
                                     : QObject::tr("attempt %1, no limit on attempts").arg(activity.attempt());
        lines << QObject::tr("  %1 (%2): %3%4, %5")
                     .arg(text(activity.activity_id()), text(activity.activity_type().name()), state.toLower(),
                          activity.paused() ? QObject::tr(" (paused)") : QString(), attempts);
        if (activity.has_next_attempt_schedule_time())
            lines << QObject::tr("    next attempt  %1 (%2)").arg(timeOf(activity.next_attempt_schedule_time()), fromNow(activity.next_attempt_schedule_time(), nowMs));
        if (activity.has_current_retry_interval() && activity.attempt() > 1)
            lines << QObject::tr("    retry after   %1").arg(EventGroups::durationText(activity.current_retry_interval().seconds() * 1000
                                                                                       + activity.current_retry_interval().nanos() / 1000000));
        if (activity.has_last_started_time()) {
            const QString worker = activity.last_worker_identity().empty() ? QString() : QObject::tr(" by %1").arg(text(activity.last_worker_identity()));
            lines << QObject::tr("    last started  %1 (%2)%3").arg(timeOf(activity.last_started_time()), fromNow(activity.last_started_time(), nowMs), worker);
        }
        if (activity.has_last_heartbeat_time())
            lines << QObject::tr("    heartbeat at  %1 (%2)").arg(timeOf(activity.last_heartbeat_time()), fromNow(activity.last_heartbeat_time(), nowMs));
        if (activity.has_expiration_time() && activity.expiration_time().seconds() > 0)
            lines << QObject::tr("    gives up at   %1 (%2)").arg(timeOf(activity.expiration_time()), fromNow(activity.expiration_time(), nowMs));
        if (activity.has_heartbeat_details())
            lines << QObject::tr("    heartbeat     %1").arg(PayloadPreview::of(activity.heartbeat_details(), context, 100));
        if (activity.has_last_failure())
            lines << QObject::tr("    last failure  %1").arg(failureText(activity.last_failure(), context));
    }
    lines << QString() << QObject::tr("Pending child workflows: %1").arg(description.pending_children_size());
    for (const auto& child : description.pending_children())
        lines << QObject::tr("  %1 (%2), run %3: %4")
                     .arg(text(child.workflow_id()), text(child.workflow_type_name()),
                          child.run_id().empty() ? QObject::tr("(not started yet)") : text(child.run_id()),
                          child.run_id().empty() ? QObject::tr("initiated") : QObject::tr("started"));
    lines << QString() << QObject::tr("Pending Nexus operations: %1").arg(description.pending_nexus_operations_size());
    for (const auto& operation : description.pending_nexus_operations()) {
        QString state = text(temporal::api::enums::v1::PendingNexusOperationState_Name(operation.state()));
        state.remove(QStringLiteral("PENDING_NEXUS_OPERATION_STATE_"));
        lines << QObject::tr("  %1/%2 at %3: %4, attempt %5")
                     .arg(text(operation.service()), text(operation.operation()), text(operation.endpoint()), state.toLower())
                     .arg(operation.attempt());
        if (operation.has_next_attempt_schedule_time())
            lines << QObject::tr("    next attempt  %1 (%2)").arg(timeOf(operation.next_attempt_schedule_time()), fromNow(operation.next_attempt_schedule_time(), nowMs));
        if (!operation.blocked_reason().empty())
            lines << QObject::tr("    blocked       %1").arg(text(operation.blocked_reason()));
        if (operation.has_last_attempt_failure())
            lines << QObject::tr("    last failure  %1").arg(failureText(operation.last_attempt_failure(), context));
    }
    return lines;
}

} // namespace hl
