#pragma once

#include <QString>

namespace hl {

// protobuf reports what was wrong with bytes it could not parse (invalid UTF-8 in a string field, ...) only by
// logging it, by default to standard error, where it would stand beside our own message. install() sends its log
// to the Qt logging category "historylens.protobuf" instead (debug; QT_LOGGING_RULES shows it) and keeps each
// thread's latest message, so a reader can tell the person what was wrong and where.
class ProtobufLog {
public:
    // Once per process; later calls do nothing. Each executable calls it at start, and the readers too.
    static void install();
    // Forgets this thread's latest message, before a parse whose reason is wanted.
    static void clear();
    // This thread's latest message since clear(), empty when protobuf said nothing.
    static QString latest();
};

} // namespace hl
