#pragma once

#include "history/historyfile.h"
#include "render/payloadcontext.h"

#include <QString>
#include <QStringList>

namespace hl {

// The text listings of `historylens-cli show -o summary`.
class HistorySummary {
public:
    // A header (source, format, workflow, payloads decoded) followed by one line per event: id, time, type,
    // description with decoded previews.
    static QStringList eventLines(const HistoryFile& file, int historyIndex, const PayloadContext& context = {});
    // One line per workflow of a file that holds several (a Cloud export).
    static QStringList workflowLines(const HistoryFile& file);
    // "2024-07-25T14:27:21.964Z"
    static QString timeText(const google::protobuf::Timestamp& time);
};

} // namespace hl
