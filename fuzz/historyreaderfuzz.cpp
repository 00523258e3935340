#include "fuzztargets.h"

#include "format/historyreader.h"
#include "render/historyjsonwriter.h"
#include "render/historysummary.h"

#include <QBuffer>

namespace hl::fuzz {

// A file as `historylens-cli show` and the app's File › Open meet it: read, then shown (every event described, and
// written back as readable JSON). Rendering is bounded to what a fuzzer's input can hold, so exec/s stays useful.
int historyReader(const uint8_t* data, size_t size)
{
    const HistoryReader reader;
    auto file = reader.readBytes(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), QStringLiteral("fuzz"));
    if (!file)
        return 0;
    (void)HistorySummary::workflowLines(*file);
    for (int i = 0; i < int(file->histories.size()); ++i) {
        if (file->histories[size_t(i)].eventCount() > 5000)
            continue;
        (void)HistorySummary::eventLines(*file, i);
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        HistoryJsonWriter writer(HistoryJsonWriter::Style::Readable);
        (void)writer.write(file->histories[size_t(i)], out);
    }
    return 0;
}

} // namespace hl::fuzz
