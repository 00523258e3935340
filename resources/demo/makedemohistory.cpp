// Builds resources/demo/demo-history.json: an order workflow with activities (completed, retried, failed), a timer,
// a signal, an update, a child workflow, memo and search attributes, and a failure with a cause chain. Every payload
// is encoded the way the samples-go encryption sample does it: zlib, then AES-256-GCM under the demo key.
//
// Real encoders draw a random nonce per payload. Here nonces come from a counter, so the file rebuilds byte for
// byte; a nonce is still never reused under the key.
#include "codec/aesgcm.h"
#include "demo/demokey.h"
#include "history/history.h"
#include "support/deflater.h"
#include "render/historyjsonwriter.h"

#include <temporal/api/history/v1/message.pb.h>

#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <cstring>

using namespace temporal::api;

namespace {

class DemoEncoder {
public:
    common::v1::Payload encode(const common::v1::Payload& plain)
    {
        common::v1::Payload zipped;
        (*zipped.mutable_metadata())["encoding"] = "binary/zlib";
        zipped.set_data(hl::Deflater::deflate(plain.SerializeAsString(), hl::Inflater::Format::Zlib));

        common::v1::Payload encrypted;
        (*encrypted.mutable_metadata())["encoding"] = "binary/encrypted";
        (*encrypted.mutable_metadata())["encryption-key-id"] = hl::demo::kKeyId;
        encrypted.set_data(seal(zipped.SerializeAsString()));
        return encrypted;
    }

    common::v1::Payload json(const std::string& text)
    {
        common::v1::Payload plain;
        (*plain.mutable_metadata())["encoding"] = "json/plain";
        plain.set_data(text);
        return encode(plain);
    }

    void add(common::v1::Payloads* payloads, const std::string& text) { *payloads->add_payloads() = json(text); }

    // What an SDK's failure converter does with encodeCommonAttributes: message and stack trace move into an
    // encoded payload.
    void encodeAttributes(failure::v1::Failure* failure)
    {
        const std::string attributes = R"({"message":")" + failure->message() + R"(","stack_trace":")"
                                       + escaped(failure->stack_trace()) + "\"}";
        *failure->mutable_encoded_attributes() = json(attributes);
        failure->set_message("Encoded failure");
        failure->clear_stack_trace();
        if (failure->has_cause())
            encodeAttributes(failure->mutable_cause());
    }

private:
    static std::string escaped(const std::string& text)
    {
        std::string out;
        for (const char c : text) {
            if (c == '\n')
                out += "\\n";
            else if (c == '\t')
                out += "\\t";
            else if (c == '"' || c == '\\')
                out += std::string("\\") + c;
            else
                out += c;
        }
        return out;
    }

    std::string seal(const std::string& plaintext)
    {
        char nonce[12] = {'h', 'l', 'd', 'e', 'm', 'o', 0, 0, 0, 0, 0, 0};
        const uint32_t counter = ++m_counter;
        std::memcpy(nonce + 8, &counter, sizeof counter);
        return hl::AesGcm::seal(m_key, std::string_view(nonce, sizeof nonce), plaintext).value();
    }

    const hl::SecretBytes m_key{hl::demo::kKeyText};
    uint32_t m_counter = 0;
};

class Events {
public:
    explicit Events(history::v1::History* history) : m_history(history) {}

    history::v1::HistoryEvent* next(enums::v1::EventType type, int64_t secondsLater)
    {
        m_millis += secondsLater * 1000 + 37;
        auto* event = m_history->add_events();
        event->set_event_id(++m_id);
        event->set_event_type(type);
        event->set_task_id(2097152 + m_id);
        event->mutable_event_time()->set_seconds(m_millis / 1000);
        event->mutable_event_time()->set_nanos(int32_t(m_millis % 1000) * 1000000);
        return event;
    }

    void workflowTask()
    {
        auto* scheduled = next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 0)->mutable_workflow_task_scheduled_event_attributes();
        scheduled->mutable_task_queue()->set_name("orders");
        scheduled->mutable_task_queue()->set_kind(enums::v1::TASK_QUEUE_KIND_NORMAL);
        scheduled->mutable_start_to_close_timeout()->set_seconds(10);
        scheduled->set_attempt(1);
        const int64_t scheduledId = m_id;
        auto* started = next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_STARTED, 0)->mutable_workflow_task_started_event_attributes();
        started->set_scheduled_event_id(scheduledId);
        started->set_identity("41870@worker-eu-1@");
        started->set_history_size_bytes(2048 * m_id);
        auto* completed = next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 0)->mutable_workflow_task_completed_event_attributes();
        completed->set_scheduled_event_id(scheduledId);
        completed->set_started_event_id(scheduledId + 1);
        completed->set_identity("41870@worker-eu-1@");
    }

    int64_t activity(DemoEncoder& codec, const std::string& id, const std::string& type, const std::string& input)
    {
        auto* scheduled = next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 0)->mutable_activity_task_scheduled_event_attributes();
        scheduled->set_activity_id(id);
        scheduled->mutable_activity_type()->set_name(type);
        scheduled->mutable_task_queue()->set_name("orders");
        codec.add(scheduled->mutable_input(), input);
        scheduled->mutable_start_to_close_timeout()->set_seconds(30);
        scheduled->mutable_retry_policy()->mutable_initial_interval()->set_seconds(1);
        scheduled->mutable_retry_policy()->set_backoff_coefficient(2.0);
        scheduled->mutable_retry_policy()->set_maximum_attempts(5);
        scheduled->set_workflow_task_completed_event_id(m_id - 1);
        return m_id;
    }

    int64_t id() const { return m_id; }

private:
    history::v1::History* m_history;
    int64_t m_id = 0;
    int64_t m_millis = 1763802000000; // 2025-11-22T09:00:00Z
};

failure::v1::Failure applicationFailure(DemoEncoder& codec, const std::string& message, const std::string& type,
                                        const std::string& stack, const std::string& details, bool nonRetryable)
{
    failure::v1::Failure failure;
    failure.set_message(message);
    failure.set_source("GoSDK");
    failure.set_stack_trace(stack);
    failure.mutable_application_failure_info()->set_type(type);
    failure.mutable_application_failure_info()->set_non_retryable(nonRetryable);
    codec.add(failure.mutable_application_failure_info()->mutable_details(), details);
    return failure;
}

history::v1::History demoHistory()
{
    DemoEncoder codec;
    history::v1::History history;
    Events e(&history);
    const std::string runId = "0e5c8a9e-7d2b-4c1e-9f3a-5b6d7c8e9f01";

    auto* start = e.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 0)->mutable_workflow_execution_started_event_attributes();
    start->mutable_workflow_type()->set_name("OrderFulfillment");
    start->mutable_task_queue()->set_name("orders");
    start->mutable_task_queue()->set_kind(enums::v1::TASK_QUEUE_KIND_NORMAL);
    codec.add(start->mutable_input(),
              R"({"customer":{"email":"ada@example.com","name":"Ada Lovelace"},"items":[{"qty":1,"sku":"ENGINE-1"},{"qty":3,"sku":"CARD-PUNCH"}],"orderId":"ORD-2025-1122"})");
    start->mutable_workflow_execution_timeout()->set_seconds(86400);
    start->mutable_workflow_run_timeout()->set_seconds(86400);
    start->mutable_workflow_task_timeout()->set_seconds(10);
    start->set_original_execution_run_id(runId);
    start->set_first_execution_run_id(runId);
    start->set_identity("checkout-service@web-3");
    start->set_attempt(1);
    start->set_workflow_id("order-ORD-2025-1122");
    (*start->mutable_memo()->mutable_fields())["notes"] = codec.json(R"("gift wrap, deliver after 5pm")");
    common::v1::Payload tier;
    (*tier.mutable_metadata())["encoding"] = "json/plain";
    (*tier.mutable_metadata())["type"] = "Keyword";
    tier.set_data(R"("gold")");
    (*start->mutable_search_attributes()->mutable_indexed_fields())["CustomerTier"] = tier;
    common::v1::Payload region = tier;
    (*region.mutable_metadata())["type"] = "KeywordList";
    region.set_data(R"(["eu","priority"])");
    (*start->mutable_search_attributes()->mutable_indexed_fields())["Regions"] = region;
    e.workflowTask();

    // ReserveInventory completes at once.
    const int64_t reserve = e.activity(codec, "1", "ReserveInventory", R"({"items":["ENGINE-1","CARD-PUNCH"],"warehouse":"eu-west"})");
    auto* reserveStarted = e.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_STARTED, 1)->mutable_activity_task_started_event_attributes();
    reserveStarted->set_scheduled_event_id(reserve);
    reserveStarted->set_attempt(1);
    reserveStarted->set_identity("41870@worker-eu-1@");
    auto* reserved = e.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 2)->mutable_activity_task_completed_event_attributes();
    reserved->set_scheduled_event_id(reserve);
    reserved->set_started_event_id(reserve + 1);
    codec.add(reserved->mutable_result(), R"({"reservationId":"RSV-88121","reserved":true})");
    e.workflowTask();

    // ChargePayment succeeds on its third attempt.
    const int64_t charge = e.activity(codec, "2", "ChargePayment", R"({"amount":1842.5,"currency":"EUR","method":"card-4242"})");
    auto* chargeStarted = e.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_STARTED, 7)->mutable_activity_task_started_event_attributes();
    chargeStarted->set_scheduled_event_id(charge);
    chargeStarted->set_attempt(3);
    chargeStarted->set_identity("41870@worker-eu-1@");
    *chargeStarted->mutable_last_failure() =
        applicationFailure(codec, "payment gateway timeout after 10s", "GatewayTimeout",
                           "payments.(*Gateway).Charge\n\tpayments/gateway.go:88\nmain.ChargePayment\n\tactivities.go:41",
                           R"({"gateway":"psp-eu","retryAfterMs":2000})", false);
    codec.encodeAttributes(chargeStarted->mutable_last_failure());
    auto* charged = e.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 3)->mutable_activity_task_completed_event_attributes();
    charged->set_scheduled_event_id(charge);
    charged->set_started_event_id(charge + 1);
    codec.add(charged->mutable_result(), R"({"authorization":"AUTH-5521","captured":true})");
    e.workflowTask();

    // Wait for a manager's approval signal, with a timer as the deadline reminder.
    auto* timer = e.next(enums::v1::EVENT_TYPE_TIMER_STARTED, 0)->mutable_timer_started_event_attributes();
    timer->set_timer_id("approval-reminder");
    timer->mutable_start_to_fire_timeout()->set_seconds(1800);
    timer->set_workflow_task_completed_event_id(e.id() - 1);
    auto* fired = e.next(enums::v1::EVENT_TYPE_TIMER_FIRED, 1800)->mutable_timer_fired_event_attributes();
    fired->set_timer_id("approval-reminder");
    fired->set_started_event_id(e.id() - 1);
    e.workflowTask();
    auto* signal = e.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, 240)->mutable_workflow_execution_signaled_event_attributes();
    signal->set_signal_name("approve");
    codec.add(signal->mutable_input(), R"({"approvedBy":"grace@example.com","comment":"VIP customer, ship express"})");
    signal->set_identity("backoffice@web-1");
    e.workflowTask();

    // An update changes the shipping address.
    auto* accepted = e.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, 60)
                         ->mutable_workflow_execution_update_accepted_event_attributes();
    accepted->set_protocol_instance_id("upd-address-1");
    accepted->set_accepted_request_message_id("upd-address-1/request");
    accepted->mutable_accepted_request()->mutable_meta()->set_update_id("upd-address-1");
    accepted->mutable_accepted_request()->mutable_meta()->set_identity("support@web-2");
    accepted->mutable_accepted_request()->mutable_input()->set_name("setShippingAddress");
    codec.add(accepted->mutable_accepted_request()->mutable_input()->mutable_args(),
              R"({"city":"London","postcode":"W1J 7NT","street":"12 St James's Square"})");
    auto* updated = e.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, 0)
                        ->mutable_workflow_execution_update_completed_event_attributes();
    updated->mutable_meta()->set_update_id("upd-address-1");
    updated->set_accepted_event_id(e.id() - 1);
    codec.add(updated->mutable_outcome()->mutable_success(), R"({"addressVersion":2})");

    // A child workflow ships the parcel.
    auto* child = e.next(enums::v1::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, 0)
                      ->mutable_start_child_workflow_execution_initiated_event_attributes();
    child->set_namespace_("default");
    child->set_workflow_id("ship-ORD-2025-1122");
    child->mutable_workflow_type()->set_name("ShipParcel");
    child->mutable_task_queue()->set_name("shipping");
    codec.add(child->mutable_input(), R"({"carrier":"royal-mail","express":true,"orderId":"ORD-2025-1122"})");
    child->set_parent_close_policy(enums::v1::PARENT_CLOSE_POLICY_TERMINATE);
    child->set_workflow_task_completed_event_id(e.id() - 3);
    const int64_t initiated = e.id();
    auto* childStarted = e.next(enums::v1::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, 1)
                             ->mutable_child_workflow_execution_started_event_attributes();
    childStarted->set_namespace_("default");
    childStarted->set_initiated_event_id(initiated);
    childStarted->mutable_workflow_execution()->set_workflow_id("ship-ORD-2025-1122");
    childStarted->mutable_workflow_execution()->set_run_id("7a41c2d0-9b1e-4f6a-8c3d-2e5f6a7b8c02");
    childStarted->mutable_workflow_type()->set_name("ShipParcel");
    auto* childDone = e.next(enums::v1::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED, 5400)
                          ->mutable_child_workflow_execution_completed_event_attributes();
    childDone->set_namespace_("default");
    *childDone->mutable_workflow_execution() = childStarted->workflow_execution();
    childDone->mutable_workflow_type()->set_name("ShipParcel");
    childDone->set_initiated_event_id(initiated);
    childDone->set_started_event_id(initiated + 1);
    codec.add(childDone->mutable_result(), R"({"delivered":false,"tracking":"RM-4471-0098-GB"})");
    e.workflowTask();

    // SendConfirmationEmail fails for good: the address bounces.
    const int64_t email = e.activity(codec, "3", "SendConfirmationEmail", R"({"template":"order-shipped","to":"ada@example.com"})");
    auto* emailStarted = e.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_STARTED, 1)->mutable_activity_task_started_event_attributes();
    emailStarted->set_scheduled_event_id(email);
    emailStarted->set_attempt(1);
    emailStarted->set_identity("41870@worker-eu-1@");
    auto* emailFailed = e.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_FAILED, 2)->mutable_activity_task_failed_event_attributes();
    emailFailed->set_scheduled_event_id(email);
    emailFailed->set_started_event_id(email + 1);
    emailFailed->set_retry_state(enums::v1::RETRY_STATE_NON_RETRYABLE_FAILURE);
    *emailFailed->mutable_failure() =
        applicationFailure(codec, "mailbox ada@example.com does not exist (550 5.1.1)", "MailboxNotFound",
                           "mail.(*Client).Send\n\tmail/smtp.go:203\nmain.SendConfirmationEmail\n\tactivities.go:77",
                           R"({"smtpCode":550,"smtpStatus":"5.1.1"})", true);
    codec.encodeAttributes(emailFailed->mutable_failure());
    e.workflowTask();

    // The workflow fails with the activity failure and its cause.
    auto* failed = e.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, 0)->mutable_workflow_execution_failed_event_attributes();
    failed->set_retry_state(enums::v1::RETRY_STATE_RETRY_POLICY_NOT_SET);
    failed->set_workflow_task_completed_event_id(e.id() - 1);
    auto* failure = failed->mutable_failure();
    failure->set_message("activity error");
    failure->set_source("GoSDK");
    failure->mutable_activity_failure_info()->set_scheduled_event_id(email);
    failure->mutable_activity_failure_info()->set_started_event_id(email + 1);
    failure->mutable_activity_failure_info()->mutable_activity_type()->set_name("SendConfirmationEmail");
    failure->mutable_activity_failure_info()->set_activity_id("3");
    failure->mutable_activity_failure_info()->set_retry_state(enums::v1::RETRY_STATE_NON_RETRYABLE_FAILURE);
    *failure->mutable_cause() = applicationFailure(
        codec, "mailbox ada@example.com does not exist (550 5.1.1)", "MailboxNotFound",
        "mail.(*Client).Send\n\tmail/smtp.go:203\nmain.SendConfirmationEmail\n\tactivities.go:77",
        R"({"smtpCode":550,"smtpStatus":"5.1.1"})", true);
    codec.encodeAttributes(failure);
    return history;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: makedemohistory OUTPUT.json\n");
        return 2;
    }
    auto page = std::make_shared<hl::HistoryPage>();
    *page->mutableEvents() = demoHistory();
    const hl::History history = hl::History().appended(page);
    QFile out(QString::fromLocal8Bit(argv[1]));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "cannot write %s\n", argv[1]);
        return 1;
    }
    return hl::HistoryJsonWriter().write(history, out) ? 0 : 1;
}
