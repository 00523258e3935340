#pragma once

#ifndef Q_MOC_RUN
#include "diff/historycomparison.h"
#include "history/history.h"
#include "render/payloadcontext.h"
#endif

#include <QObject>

#include <atomic>
#include <memory>

namespace hl {

template <typename Owner>
class OwnerLink;

// Compares two histories on the CPU pool and reports on the thread that started it: each side read as steps (the
// two at once), then aligned and compared. A side given with its steps from an earlier comparison is not read
// again, so changing an option (ignore timing) costs only the comparison. cancel() stops it between steps and drops
// what comes later.
class ComparisonTask : public QObject {
    Q_OBJECT

public:
    struct Side {
        History history;
        PayloadContext context;
        std::shared_ptr<const HistorySteps> steps; // null: read from history and context
    };

    ComparisonTask(Side a, Side b, HistoryComparison::Options options, QObject* parent = nullptr);
    ~ComparisonTask() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    // Valid after finished().
    const std::shared_ptr<const HistoryComparison>& comparison() const { return m_comparison; }

Q_SIGNALS:
    void finished();

private:
    Side m_a;
    Side m_b;
    HistoryComparison::Options m_options;
    std::shared_ptr<const HistoryComparison> m_comparison;
    std::shared_ptr<std::atomic<bool>> m_cancelled;
    std::shared_ptr<OwnerLink<ComparisonTask>> m_link;
    bool m_running = false;
};

} // namespace hl
