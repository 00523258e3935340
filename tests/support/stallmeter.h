#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace hl::test {

// How long the GUI thread's event loop went without running: a timer that should tick every few milliseconds on
// the thread that makes the meter, and the gaps between its ticks beyond that. With `frozenForGoodMs`, a watchdog
// thread ends the process when the loop has not run for that long (a test could not fail otherwise). Shared by the
// GUI stress test and historylens-bench.
class StallMeter : public QObject {
public:
    static constexpr int kTickMs = 5;

    explicit StallMeter(qint64 frozenForGoodMs = 0)
    {
        m_clock.start();
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kTickMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.elapsed();
            m_stalls.push_back(std::max<qint64>(0, now - m_lastTick.load() - kTickMs));
            m_lastTick = now;
        });
        m_timer.start();
        if (frozenForGoodMs <= 0)
            return;
        m_watchdog = std::thread([this, frozenForGoodMs] {
            while (!m_stop) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                const qint64 silent = m_clock.elapsed() - m_lastTick.load();
                if (silent > frozenForGoodMs) {
                    std::fprintf(stderr, "FAIL: the GUI thread has not run for %lld ms: frozen\n", static_cast<long long>(silent));
                    std::abort();
                }
            }
        });
    }

    ~StallMeter() override
    {
        m_stop = true;
        if (m_watchdog.joinable())
            m_watchdog.join();
    }

    qint64 longest() const { return m_stalls.empty() ? 0 : *std::max_element(m_stalls.begin(), m_stalls.end()); }
    qint64 percentile(double fraction) const
    {
        if (m_stalls.empty())
            return 0;
        std::vector<qint64> sorted = m_stalls;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, size_t(double(sorted.size()) * fraction))];
    }
    size_t samples() const { return m_stalls.size(); }

private:
    QElapsedTimer m_clock;
    std::atomic<qint64> m_lastTick{0};
    QTimer m_timer;
    std::vector<qint64> m_stalls;
    std::atomic<bool> m_stop{false};
    std::thread m_watchdog;
};

} // namespace hl::test
