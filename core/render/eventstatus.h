#pragma once

#include "history/history.h"

#include <QString>

namespace hl {

// How an event went, for highlighting and the status filter: failed (or terminated), timed out, canceled, or a
// retry (an attempt after the first).
class EventStatus {
public:
    enum Flag { None = 0, Failed = 1, TimedOut = 2, Canceled = 4, Retried = 8 };
    static constexpr int kAll[] = {Failed, TimedOut, Canceled, Retried};

    static int of(const History::Event& event);
    static QString name(int flag);
};

} // namespace hl
