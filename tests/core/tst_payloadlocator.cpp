#ifndef Q_MOC_RUN
#include "codec/payloadlocator.h"

#include <temporal/api/history/v1/message.pb.h>
#endif

#include <QtTest>

using namespace hl;
using namespace temporal::api;

namespace {

void addPayload(common::v1::Payloads* payloads, const std::string& data)
{
    auto* payload = payloads->add_payloads();
    (*payload->mutable_metadata())["encoding"] = "json/plain";
    payload->set_data(data);
}

std::vector<std::string> pathsOf(const google::protobuf::Message& message)
{
    std::vector<std::string> paths;
    PayloadLocator::forEvents().forEach(message, [&](const common::v1::Payload&, const std::string& path) {
        paths.push_back(path);
    });
    return paths;
}

} // namespace

// Every payload location is found by reflection, with the path a person reads; search attributes never are.
class TestPayloadLocator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startedEventLocations();
    void failureCauseChain();
    void collectMatchesForEach();
    void eventsWithoutPayloads();
};

void TestPayloadLocator::startedEventLocations()
{
    history::v1::HistoryEvent event;
    auto* a = event.mutable_workflow_execution_started_event_attributes();
    addPayload(a->mutable_input(), "1");
    addPayload(a->mutable_input(), "2");
    (*a->mutable_memo()->mutable_fields())["note"].set_data("m");
    (*a->mutable_header()->mutable_fields())["tracing"].set_data("h");
    (*a->mutable_search_attributes()->mutable_indexed_fields())["CustomerTier"].set_data("\"gold\"");
    addPayload(a->mutable_last_completion_result(), "r");
    a->mutable_continued_failure()->mutable_encoded_attributes()->set_data("f");
    event.mutable_user_metadata()->mutable_summary()->set_data("s");

    const std::vector<std::string> expected = {
        "workflowExecutionStartedEventAttributes.input.payloads[0]",
        "workflowExecutionStartedEventAttributes.input.payloads[1]",
        "workflowExecutionStartedEventAttributes.continuedFailure.encodedAttributes",
        "workflowExecutionStartedEventAttributes.lastCompletionResult.payloads[0]",
        "workflowExecutionStartedEventAttributes.memo.fields.note",
        "workflowExecutionStartedEventAttributes.header.fields.tracing",
        "userMetadata.summary",
    };
    std::vector<std::string> paths = pathsOf(event);
    std::vector<std::string> sortedPaths = paths;
    std::vector<std::string> sortedExpected = expected;
    std::sort(sortedPaths.begin(), sortedPaths.end());
    std::sort(sortedExpected.begin(), sortedExpected.end());
    QCOMPARE(sortedPaths, sortedExpected);
}

void TestPayloadLocator::failureCauseChain()
{
    history::v1::HistoryEvent event;
    auto* failure = event.mutable_activity_task_failed_event_attributes()->mutable_failure();
    failure->mutable_encoded_attributes()->set_data("0");
    auto* cause = failure->mutable_cause();
    addPayload(cause->mutable_application_failure_info()->mutable_details(), "d");
    auto* deeper = cause->mutable_cause();
    addPayload(deeper->mutable_timeout_failure_info()->mutable_last_heartbeat_details(), "hb");
    deeper->mutable_cause()->mutable_encoded_attributes()->set_data("3");

    const std::vector<std::string> expected = {
        "activityTaskFailedEventAttributes.failure.cause.applicationFailureInfo.details.payloads[0]",
        "activityTaskFailedEventAttributes.failure.cause.cause.cause.encodedAttributes",
        "activityTaskFailedEventAttributes.failure.cause.cause.timeoutFailureInfo.lastHeartbeatDetails.payloads[0]",
        "activityTaskFailedEventAttributes.failure.encodedAttributes",
    };
    std::vector<std::string> paths = pathsOf(event);
    std::sort(paths.begin(), paths.end());
    QCOMPARE(paths, expected);
}

void TestPayloadLocator::collectMatchesForEach()
{
    history::v1::HistoryEvent event;
    auto* update = event.mutable_workflow_execution_update_accepted_event_attributes();
    addPayload(update->mutable_accepted_request()->mutable_input()->mutable_args(), "a");
    (*update->mutable_accepted_request()->mutable_input()->mutable_header()->mutable_fields())["x"].set_data("h");
    std::vector<const common::v1::Payload*> collected;
    PayloadLocator::forEvents().collect(event, &collected);
    QCOMPARE(collected.size(), size_t(2));
    // Map values are reached through reflection's view of the map, as the JSON writer reaches them.
    const auto& header = update->accepted_request().input().header();
    const auto* reflection = header.GetReflection();
    const auto& entry = reflection->GetRepeatedMessage(header, header.GetDescriptor()->FindFieldByName("fields"), 0);
    QCOMPARE(static_cast<const google::protobuf::Message*>(collected[0]),
             &entry.GetReflection()->GetMessage(entry, entry.GetDescriptor()->map_value()));
    QCOMPARE(collected[1], &update->accepted_request().input().args().payloads(0));
}

void TestPayloadLocator::eventsWithoutPayloads()
{
    history::v1::HistoryEvent event;
    event.mutable_timer_started_event_attributes()->set_timer_id("t");
    QVERIFY(pathsOf(event).empty());
    history::v1::HistoryEvent upsert;
    (*upsert.mutable_upsert_workflow_search_attributes_event_attributes()->mutable_search_attributes()->mutable_indexed_fields())["A"]
        .set_data("1");
    QVERIFY(pathsOf(upsert).empty());
}

QTEST_GUILESS_MAIN(TestPayloadLocator)
#include "tst_payloadlocator.moc"
