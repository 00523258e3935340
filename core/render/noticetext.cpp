#include "render/noticetext.h"

namespace hl {

QString NoticeText::of(const Notice& notice, const History& history)
{
    if (notice.eventIndex < 0 || notice.eventIndex >= history.eventCount())
        return notice.message; // about the file as a whole
    QString where = QStringLiteral("event #%1 (id %2)").arg(notice.eventIndex + 1).arg(history.event(notice.eventIndex).event_id());
    if (!notice.fieldPath.isEmpty())
        where += QStringLiteral(", field ") + notice.fieldPath;
    return where + QStringLiteral(": ") + notice.message;
}

} // namespace hl
