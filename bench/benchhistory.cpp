#include "benchhistory.h"

#include "codec/aesgcm.h"
#include "support/deflater.h"

#include <temporal/api/history/v1/message.pb.h>

#include <cstring>
#include <random>

namespace hl::bench {

using namespace temporal::api;

namespace {

// Encodes like samples-go, with counter nonces so the file is the same on every run.
class Encoder {
public:
    explicit Encoder(uint32_t run) : m_run(run) {}

    common::v1::Payload json(const std::string& text)
    {
        common::v1::Payload plain;
        (*plain.mutable_metadata())["encoding"] = "json/plain";
        plain.set_data(text);
        common::v1::Payload zipped;
        (*zipped.mutable_metadata())["encoding"] = "binary/zlib";
        zipped.set_data(Deflater::deflate(plain.SerializeAsString(), Inflater::Format::Zlib));
        char nonce[AesGcm::kNonceSize] = {'b', 'e', 'n', 'c', 'h', 0, 0, 0, 0, 0, 0, 0};
        if (m_run != 0)
            std::memcpy(nonce, &m_run, sizeof m_run);
        const uint64_t counter = ++m_counter;
        std::memcpy(nonce + 4, &counter, sizeof counter);
        common::v1::Payload encrypted;
        (*encrypted.mutable_metadata())["encoding"] = "binary/encrypted";
        (*encrypted.mutable_metadata())["encryption-key-id"] = BenchHistory::kKeyId;
        encrypted.set_data(AesGcm::seal(BenchHistory::key(), std::string_view(nonce, sizeof nonce),
                                        zipped.SerializeAsString()).value());
        return encrypted;
    }

private:
    uint32_t m_run;
    uint64_t m_counter = 0;
};

// Business JSON as workflows carry it: an order with a customer, an address and line items, drawn from word
// lists, with uuids, timestamps and prices. It compresses about as much as such data does (3 to 4 times).
std::string orderJson(std::mt19937_64& random, int items)
{
    static const char* const kNames[] = {"Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson",
                                         "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth", "Margaret Hamilton"};
    static const char* const kCities[] = {"London", "Zurich", "Lisbon", "Toronto", "Osaka", "Nairobi", "Austin", "Oslo"};
    static const char* const kProducts[] = {"analytical engine gear", "punch card stack", "brass crank handle",
                                            "difference engine column", "steam valve assembly", "walnut storage case",
                                            "copper wire spool", "glass lens set", "oak drawing table"};
    static const char* const kStates[] = {"reserved", "backordered", "picked", "packed", "shipped"};
    auto pick = [&random](const auto& list) { return list[random() % (sizeof list / sizeof list[0])]; };
    auto uuid = [&random] {
        static const char* const kHex = "0123456789abcdef";
        std::string text;
        for (int i = 0; i < 32; ++i) {
            if (i == 8 || i == 12 || i == 16 || i == 20)
                text.push_back('-');
            text.push_back(kHex[random() % 16]);
        }
        return text;
    };
    const std::string name = pick(kNames);
    std::string text = R"({"orderId":")" + uuid() + R"(","createdAt":"2026-01-)" + std::to_string(10 + random() % 18)
                       + "T" + std::to_string(10 + random() % 13) + ":" + std::to_string(10 + random() % 50)
                       + R"(:00Z","customer":{"name":")" + name + R"(","email":")" + name.substr(0, name.find(' '))
                       + "." + std::to_string(random() % 1000) + R"(@example.com","address":{"street":")"
                       + std::to_string(1 + random() % 300) + R"( Analytical Row","city":")" + pick(kCities)
                       + R"(","postcode":")" + std::to_string(10000 + random() % 89999) + R"("}},"items":[)";
    for (int i = 0; i < items; ++i) {
        text += (i ? "," : "") + std::string(R"({"sku":"SKU-)") + std::to_string(100000 + random() % 900000)
                + R"(","description":")" + pick(kProducts) + R"(","quantity":)" + std::to_string(1 + random() % 12)
                + R"(,"unitPrice":)" + std::to_string(random() % 5000) + "." + std::to_string(10 + random() % 90)
                + R"(,"status":")" + pick(kStates) + R"(","warehouse":"WH-)" + std::to_string(1 + random() % 9)
                + R"("})";
    }
    return text + R"(],"notes":"deliver to the loading dock before noon; call ahead"})";
}

class Builder {
public:
    explicit Builder(history::v1::History* history) : m_history(history) {}

    history::v1::HistoryEvent* next(enums::v1::EventType type)
    {
        m_millis += 41;
        auto* event = m_history->add_events();
        event->set_event_id(m_history->events_size());
        event->set_event_type(type);
        event->set_task_id(1048576 + event->event_id());
        event->mutable_event_time()->set_seconds(m_millis / 1000);
        event->mutable_event_time()->set_nanos(int32_t(m_millis % 1000) * 1000000);
        return event;
    }

    void workflowTask()
    {
        const int64_t scheduledId = m_history->events_size() + 1;
        auto* scheduled = next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)->mutable_workflow_task_scheduled_event_attributes();
        scheduled->mutable_task_queue()->set_name("bench-orders");
        scheduled->mutable_start_to_close_timeout()->set_seconds(10);
        scheduled->set_attempt(1);
        auto* started = next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_STARTED)->mutable_workflow_task_started_event_attributes();
        started->set_scheduled_event_id(scheduledId);
        started->set_identity("8127@bench-worker-1@");
        started->set_request_id("5f0e3b1c-2d4a-4b6e-8f90-a1b2c3d4e5f6");
        auto* completed = next(enums::v1::EVENT_TYPE_WORKFLOW_TASK_COMPLETED)->mutable_workflow_task_completed_event_attributes();
        completed->set_scheduled_event_id(scheduledId);
        completed->set_started_event_id(scheduledId + 1);
        completed->set_identity("8127@bench-worker-1@");
    }

    int eventCount() const { return m_history->events_size(); }

private:
    history::v1::History* m_history;
    int64_t m_millis = 1767225600000; // 2026-01-01T00:00:00Z
};

} // namespace

const SecretBytes& BenchHistory::key()
{
    static const SecretBytes key(std::string_view("historylens-bench-key-32-bytes!!"));
    return key;
}

History BenchHistory::make(int eventCount, uint32_t run, int changeEvery)
{
    std::mt19937_64 random(51200);
    Encoder encoder(run);
    auto page = std::make_shared<HistoryPage>();
    history::v1::History& history = *page->mutableEvents();
    Builder b(&history);

    auto* start = b.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)->mutable_workflow_execution_started_event_attributes();
    start->mutable_workflow_type()->set_name("BulkOrderImport");
    start->mutable_task_queue()->set_name("bench-orders");
    *start->mutable_input()->add_payloads() = encoder.json(orderJson(random, 4));
    start->set_workflow_id("bulk-import-2026-01");
    start->set_original_execution_run_id("9b2f4c6e-1a3d-4e5f-8a7b-0c1d2e3f4a5b");
    start->set_attempt(1);

    int activity = 0;
    // Blocks of six: a workflow task, then an activity scheduled, started and completed; every 16th block a signal.
    while (b.eventCount() + 7 + 4 <= eventCount) {
        b.workflowTask();
        const int64_t scheduledId = b.eventCount() + 1;
        auto* scheduled = b.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)->mutable_activity_task_scheduled_event_attributes();
        scheduled->set_activity_id(std::to_string(++activity));
        scheduled->mutable_activity_type()->set_name("ImportOrder");
        scheduled->mutable_task_queue()->set_name("bench-orders");
        *scheduled->mutable_input()->add_payloads() = encoder.json(orderJson(random, 44));
        scheduled->mutable_start_to_close_timeout()->set_seconds(30);
        scheduled->set_workflow_task_completed_event_id(scheduledId - 1);
        auto* started = b.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_STARTED)->mutable_activity_task_started_event_attributes();
        started->set_scheduled_event_id(scheduledId);
        started->set_identity("8127@bench-worker-1@");
        started->set_attempt(1);
        auto* completed = b.next(enums::v1::EVENT_TYPE_ACTIVITY_TASK_COMPLETED)->mutable_activity_task_completed_event_attributes();
        completed->set_scheduled_event_id(scheduledId);
        completed->set_started_event_id(scheduledId + 1);
        std::string result = orderJson(random, 30);
        if (changeEvery > 0 && activity % changeEvery == changeEvery / 2) {
            const std::string note = "call ahead";
            result.replace(result.rfind(note), note.size(), "leave at the door");
        }
        *completed->mutable_result()->add_payloads() = encoder.json(result);
        if (activity % 16 == 0) {
            auto* signal = b.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)->mutable_workflow_execution_signaled_event_attributes();
            signal->set_signal_name("priority-changed");
            *signal->mutable_input()->add_payloads() = encoder.json(orderJson(random, 1));
        }
    }
    while (b.eventCount() + 4 < eventCount) { // fill up to the exact count
        auto* signal = b.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)->mutable_workflow_execution_signaled_event_attributes();
        signal->set_signal_name("priority-changed");
        *signal->mutable_input()->add_payloads() = encoder.json(orderJson(random, 1));
    }
    b.workflowTask();
    auto* done = b.next(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)->mutable_workflow_execution_completed_event_attributes();
    *done->mutable_result()->add_payloads() = encoder.json(R"({"imported":)" + std::to_string(activity) + "}");
    done->set_workflow_task_completed_event_id(b.eventCount() - 1);
    return History().appended(page);
}

} // namespace hl::bench
