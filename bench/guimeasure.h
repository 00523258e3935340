#pragma once

#include <QString>

namespace hl::bench {

// The desktop app's figures on the benchmark history, at widget level: open to first rows painted (load, decode,
// model, tree), expanding an event, scrolling a page, a search over every decoded payload, and peak memory. Runs
// in a QApplication on the offscreen platform; prints one JSON line.
int measureGui(const QString& path);

} // namespace hl::bench
