#pragma once

#include "history/history.h"

#include <QString>

namespace hl::test {

// The events of a History snapshot as one History message, for comparing with MessageDifferencer.
inline temporal::api::history::v1::History eventsOf(const History& history)
{
    temporal::api::history::v1::History out;
    for (int i = 0; i < history.eventCount(); ++i)
        *out.add_events() = history.event(i);
    return out;
}

// The input of the signal named `signal` (the codec vectors have one signal per case).
inline const temporal::api::common::v1::Payload& signalInput(const History& history, const QString& signal)
{
    for (int i = 0; i < history.eventCount(); ++i) {
        const auto& event = history.event(i);
        if (event.has_workflow_execution_signaled_event_attributes()
            && QString::fromStdString(event.workflow_execution_signaled_event_attributes().signal_name()) == signal)
            return event.workflow_execution_signaled_event_attributes().input().payloads(0);
    }
    qFatal("no signal %s", qPrintable(signal));
}

} // namespace hl::test
