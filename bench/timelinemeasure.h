#pragma once

#include <QString>

namespace hl::bench {

// The timeline's figures on the benchmark history: the lane model built at once and page by page, its memory, the
// first paint after the history is loaded, and pan and zoom frames at every zoom level from the whole history to a
// millisecond (lanes grouped and one per row). Runs in a QApplication on the offscreen platform; one JSON line.
int measureTimeline(const QString& path);

} // namespace hl::bench
