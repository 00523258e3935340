#pragma once

#include "history/history.h"

#include <QString>

namespace hl {

// A reader's notice for a person, the same in the CLI and the desktop app:
// "event #8 (id 8), field workflowTaskStartedEventAttributes.requestId: the event's bytes ... hold ...".
class NoticeText {
public:
    static QString of(const Notice& notice, const History& history);
};

} // namespace hl
