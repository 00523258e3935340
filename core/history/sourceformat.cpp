#include "history/sourceformat.h"

#include <QStringList>

namespace hl {

QString SourceFormat::describe() const
{
    QStringList parts;
    switch (container) {
    case Container::EventsObject: parts << QStringLiteral("JSON {events}"); break;
    case Container::HistoryResponse: parts << QStringLiteral("JSON history response {history:{events}}"); break;
    case Container::EventArray: parts << QStringLiteral("JSON array of events"); break;
    case Container::HistoryBatchArray: parts << QStringLiteral("JSON array of history batches"); break;
    case Container::JsonLines: parts << QStringLiteral("JSON Lines"); break;
    case Container::ArchiveBlob: parts << QStringLiteral("JSON archival HistoryBlob"); break;
    case Container::ExportJson: parts << QStringLiteral("JSON WorkflowExecutions export"); break;
    case Container::BinaryHistory: parts << QStringLiteral("binary History protobuf"); break;
    case Container::BinaryExport: parts << QStringLiteral("Temporal Cloud export (binary WorkflowExecutions)"); break;
    case Container::Frontend: parts << QStringLiteral("Temporal frontend, gRPC"); break;
    }
    if (legacyEnumNames)
        parts << QStringLiteral("legacy enum names");
    if (numericEnums)
        parts << QStringLiteral("numeric enums");
    if (snakeCaseNames)
        parts << QStringLiteral("snake_case names");
    if (payloadShorthand)
        parts << QStringLiteral("payload shorthand");
    if (readablePayloads)
        parts << QStringLiteral("decoded payloads");
    if (newestFirst)
        parts << QStringLiteral("newest first");
    if (gzip)
        parts << QStringLiteral("gzip");
    return parts.join(QStringLiteral(", "));
}

} // namespace hl
