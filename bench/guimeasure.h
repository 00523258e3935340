#pragma once

#include <QString>

namespace hl::bench {

// The desktop app's figures on the benchmark history, at widget level: open to first rows painted (load, decode,
// model, tree), expanding an event, scrolling a page, a search over every decoded payload, and peak memory. Runs
// in a QApplication on the offscreen platform; prints one JSON line.
int measureGui(const QString& path);
// The desktop app under mixed use of the benchmark history for `seconds` (tabs opened and closed while loading,
// decoding again, searches, exports, scrolling, expanding), from a fixed seed: the longest time the GUI thread's
// event loop did not run, and its 99th percentile. One JSON line.
int measureStalls(const QString& path, int seconds);

} // namespace hl::bench
