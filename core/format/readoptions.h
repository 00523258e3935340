#pragma once

#include "support/readlimits.h"

#include <functional>

namespace hl {

struct ReadOptions {
    ReadLimits limits;
    // Called now and then with the events read so far and the events expected (0 when unknown). Returning false
    // cancels the read, which then fails with ErrorCode::Cancelled. Called on the reading thread.
    std::function<bool(qint64 done, qint64 total)> progress;
};

} // namespace hl
