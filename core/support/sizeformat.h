#pragma once

#include <QString>

namespace hl {

// "512 MiB", "1.5 KiB", "17 bytes": sizes as a person reads them in messages.
QString formatSize(qint64 bytes);

} // namespace hl
