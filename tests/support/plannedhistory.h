#pragma once

#include "support/eventwriter.h"

#include <functional>
#include <string>
#include <vector>

namespace hl::test {

// A workflow written from a plan: each step an activity of a type with a JSON input and result, a signal, or a timer.
struct PlannedStep {
    enum Kind { Activity, Signal, Timer } kind = Activity;
    std::string name;
    std::string input; // JSON
};

inline temporal::api::common::v1::Payload jsonPayload(const std::string& json)
{
    temporal::api::common::v1::Payload payload;
    (*payload.mutable_metadata())["encoding"] = "json/plain";
    payload.set_data(json);
    return payload;
}

// How a JSON value becomes a payload: plain by default; a test may encrypt it.
using PayloadEncoder = std::function<temporal::api::common::v1::Payload(const std::string& json)>;

inline History historyOfPlan(const std::vector<PlannedStep>& plan, const std::string& result = "\"done\"",
                             const std::string& workflowId = "planned-order", const PayloadEncoder& encode = jsonPayload)
{
    auto page = std::make_shared<HistoryPage>();
    test::EventWriter w(page->mutableEvents());
    auto* started = w.next(temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 0)->mutable_workflow_execution_started_event_attributes();
    started->mutable_workflow_type()->set_name("Planned");
    started->set_workflow_id(workflowId);
    *started->mutable_input()->add_payloads() = encode("{\"order\":42}");
    int timers = 0;
    for (const PlannedStep& step : plan) {
        switch (step.kind) {
        case PlannedStep::Activity: {
            auto* scheduled = w.next(temporal::api::enums::v1::EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 10);
            const int64_t id = scheduled->event_id();
            auto* a = scheduled->mutable_activity_task_scheduled_event_attributes();
            a->mutable_activity_type()->set_name(step.name);
            a->set_activity_id(std::to_string(id));
            *a->mutable_input()->add_payloads() = encode(step.input);
            auto* s = w.next(temporal::api::enums::v1::EVENT_TYPE_ACTIVITY_TASK_STARTED, 10)->mutable_activity_task_started_event_attributes();
            s->set_scheduled_event_id(id);
            s->set_attempt(1);
            auto* c = w.next(temporal::api::enums::v1::EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 100)->mutable_activity_task_completed_event_attributes();
            c->set_scheduled_event_id(id);
            *c->mutable_result()->add_payloads() = encode("{\"ok\":true,\"for\":" + step.input + "}");
            break;
        }
        case PlannedStep::Signal: {
            auto* a = w.next(temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, 10)->mutable_workflow_execution_signaled_event_attributes();
            a->set_signal_name(step.name);
            *a->mutable_input()->add_payloads() = encode(step.input);
            break;
        }
        case PlannedStep::Timer: {
            auto* t = w.next(temporal::api::enums::v1::EVENT_TYPE_TIMER_STARTED, 10);
            t->mutable_timer_started_event_attributes()->set_timer_id(std::to_string(++timers));
            t->mutable_timer_started_event_attributes()->mutable_start_to_fire_timeout()->set_seconds(1);
            w.next(temporal::api::enums::v1::EVENT_TYPE_TIMER_FIRED, 1000)->mutable_timer_fired_event_attributes()->set_started_event_id(t->event_id());
            break;
        }
        }
    }
    auto* completed = w.next(temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, 10)->mutable_workflow_execution_completed_event_attributes();
    *completed->mutable_result()->add_payloads() = encode(result);
    return test::historyOf(page);
}

} // namespace hl::test
