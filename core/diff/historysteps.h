#pragma once

#include "history/history.h"
#include "render/eventcategory.h"
#include "render/payloadcontext.h"

#include <temporal/api/failure/v1/message.pb.h>

#include <QString>

#include <cstdint>
#include <vector>

namespace hl {

// A history read as the steps a comparison aligns: the Grouped view's groups (an activity's scheduled, started and
// closing events as one step; a timer, a child, a signal, an update, a Nexus operation, a marker, a workflow task),
// each with a key that names the same step in another run, and the fields compared once two steps are aligned.
//
// Keys leave out what changes from run to run without meaning: an activity is its type, a child its workflow type,
// a signal or update its name, a timer its id only when the code chose it (SDKs number timers in order, so one extra
// timer would rename every later one), a marker its local activity type, version change id or patch id.
class HistorySteps {
public:
    struct Step {
        QString key;   // "activity:charge", "timer", "signal:approve", "workflowTask", ...
        QString title; // what a reader calls it: “Charge the card” · charge (activity 3)
        EventCategory::Kind category = EventCategory::Other;
        std::vector<int> events; // indexes into the history, the first opened the step
        int occurrence = 1;      // among the steps with this key, from 1
        QString outcome;         // "Completed", "Failed", "Fired", ... empty for a lone event
        int attempts = 0;        // an activity's last attempt, 0 when not told
        int64_t startOffset = 0; // µs from the workflow's start to the step's first event
        int64_t duration = 0;    // µs from its first event to its last
        // Digests of the decoded payloads (DecodedPayload::digest) and failure messages: of the opening event's (what
        // the step was asked to do), and of all its events'. Equal digests are equal values, so aligned steps with
        // equal content are never decoded again.
        uint64_t inputDigest = 0;
        uint64_t contentDigest = 0;
    };

    // A field of a step as compared: text, a payload (compared decoded) or a failure chain.
    struct Field {
        enum class Kind { Text, Payload, Failure, Micros };
        QString name; // "outcome", "attempts", "input[0]", "result[0]", "failure", "lastFailure", "memo.customer", "timing.duration"
        Kind kind = Kind::Text;
        QString text;
        const temporal::api::common::v1::Payload* payload = nullptr;
        const temporal::api::failure::v1::Failure* failure = nullptr;
        int64_t micros = 0;
    };

    HistorySteps() = default;
    static HistorySteps of(const History& history, const PayloadContext& context);

    const History& history() const { return m_history; }
    const PayloadContext& context() const { return m_context; }
    const std::vector<Step>& steps() const { return m_steps; }
    // The workflow itself: its start and close events, compared on their own (type, input, memo, search attributes,
    // outcome, result or failure, duration).
    const Step& workflow() const { return m_workflow; }

    // The fields of a step (or of workflow()), in a stable order.
    std::vector<Field> fieldsOf(const Step& step) const;
    // "event 12" or "events 12–14": the ids of a step's first and last events; empty for a step of no events.
    QString eventRange(const Step& step) const;

private:
    History m_history;
    PayloadContext m_context;
    std::vector<Step> m_steps;
    Step m_workflow;
};

} // namespace hl
