#pragma once

#include <QString>

namespace hl {

// What a history source turned out to be, as the reader detected it.
struct SourceFormat {
    enum class Container {
        EventsObject,        // {"events":[...]}: CLI, SDKs, Web UI download
        HistoryResponse,     // {"history":{"events":[...]},"nextPageToken":...}: server HTTP API, old ui-server
        EventArray,          // [{event}, ...]: Web UI import, "View Raw History"
        HistoryBatchArray,   // [{"events":[...]}, ...]: archival, tdbg, features harness
        JsonLines,           // one History per line
        ArchiveBlob,         // {"header":{...},"body":[History...]}: S3 archival
        ExportJson,          // {"items":[{"history":...}]}: WorkflowExecutions as JSON
        BinaryHistory,       // serialized temporal.api.history.v1.History
        BinaryExport,        // serialized temporal.api.export.v1.WorkflowExecutions (Temporal Cloud export)
        Frontend,            // GetWorkflowExecutionHistory pages from a Temporal frontend (gRPC)
    };

    Container container = Container::EventsObject;
    bool gzip = false;
    bool legacyEnumNames = false;  // "WorkflowExecutionStarted", "Normal": tctl, CLI <= 0.11, UI <= 2.22
    bool numericEnums = false;
    bool snakeCaseNames = false;
    bool payloadShorthand = false; // server HTTP API: payloads inlined as JSON values
    bool readablePayloads = false; // Web UI "decoded"/"readable" downloads: plain metadata, parsed data
    bool newestFirst = false;      // --reverse / history-reverse: reordered to event-id order

    // "JSON {events}, legacy enum names, gzip"
    QString describe() const;
};

} // namespace hl
