#pragma once

#include "history/history.h"
#include "history/sourceformat.h"

#include <QString>

#include <vector>

namespace hl {

// Everything one source held: usually one workflow history; a Temporal Cloud export holds several.
struct HistoryFile {
    QString sourceName;
    SourceFormat format;
    std::vector<History> histories;
};

} // namespace hl
