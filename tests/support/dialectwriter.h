#pragma once

#include <google/protobuf/message.h>

#include <QByteArray>
#include <QJsonValue>

namespace hl::test {

// The JSON dialects Temporal tools have written, produced from a message by protobuf's own JSON printer plus the
// documented differences of each dialect (research: history-formats.md, table at the top). Tests read these back.
struct Dialect {
    bool pascalEnums = false;       // gogo-era tools: "WorkflowExecutionStarted", "Normal"
    bool numericEnums = false;      // Go encoding/json ("View Raw History")
    bool snakeCase = false;         // proto field names
    bool int64Numbers = false;      // int64 as JSON numbers
    bool secondsNanos = false;      // Timestamp/Duration as {"seconds":..,"nanos":..}
    bool goOneofWrappers = false;   // "Attributes":{"WorkflowExecutionStartedEventAttributes":{...}}
    bool payloadShorthand = false;  // server HTTP API
    bool readablePayloads = false;  // Web UI "readable" download
    bool decodedMaps = false;       // Web UI "decoded" download: memo/header/search attribute payloads readable
    bool nulls = false;             // old ui-server (EmitDefaults): unset messages as null
};

QJsonValue toDialect(const google::protobuf::Message& message, const Dialect& dialect);

QByteArray gzip(const QByteArray& data);
// zlib (RFC 1950) or gzip (RFC 1952) of `data`, by zlib itself.
QByteArray compress(const QByteArray& data, bool gzip);

} // namespace hl::test
