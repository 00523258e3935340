#pragma once

#include <QString>

namespace hl {

// Something the reader kept, repaired or left out while loading, shown to the user rather than silently dropped.
struct Notice {
    enum class Kind {
        UnknownField,     // a JSON key the Temporal API does not define; its value is kept as text
        UnknownEnumValue, // an enum name or number the API does not define; kept as `value`
        InvalidValue,     // a value of the wrong JSON type or out of range; the field was left unset
        RepairedValue,    // a value read leniently (text that is not base64, ...)
        SourceError,      // the source itself reports a problem (a server error appended to an export, ...)
        DamagedEvent,     // an event whose bytes could not be read in full; kept as far as they were read
        EventOrder,       // events out of id order (sorted) or sharing an id (kept): the source is not a clean history
    };

    Kind kind = Kind::UnknownField;
    int eventIndex = -1;  // position in the history; -1 for the file as a whole
    QString fieldPath;    // JSON path inside the event, canonical field names: "workflowTaskScheduledEventAttributes.taskQueue.kind"
    QString value;        // the original text (an unknown enum name, an unknown field's JSON), shortened
    QString message;      // what happened, for a person

    static QString kindName(Kind kind);
};

} // namespace hl
