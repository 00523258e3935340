#pragma once

#include "servecodec/codecexchange.h"

#include <QMutex>

#include <array>
#include <atomic>
#include <map>
#include <string>
#include <tuple>

namespace hl {

// What serve-codec has done, for Prometheus to scrape at GET /metrics: requests by operation, namespace and status;
// payloads by what became of them; request latency as a histogram; requests in flight; key reloads and JWKS
// refreshes. Written in the text exposition format (0.0.4) by hand: no Prometheus client library is packaged for
// Debian 12, and the format is a few lines of text. Thread-safe. A client chooses the namespace it sends, so at most
// kMaxNamespaces distinct ones are counted apart and the rest as "(other)": a flood of made-up names cannot grow it.
class CodecMetrics {
public:
    static constexpr int kMaxNamespaces = 200;
    // Seconds: from a cached answer to a large history's batch on a busy machine.
    static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

    // A request as handle() recorded it (operation, namespace, status, payload counts, duration).
    void recordRequest(const CodecRequestRecord& record);
    void requestStarted() { ++m_inFlight; }
    void requestEnded() { --m_inFlight; }
    void recordKeyReload(bool ok);
    void recordJwksRefresh(bool ok);

    // The exposition text.
    std::string text() const;
    // Escapes a label value as the format wants: backslash, double quote and newline.
    static std::string escapeLabel(const std::string& value);

private:
    struct Histogram {
        std::array<quint64, kBuckets.size()> buckets{};
        double sum = 0;
        quint64 count = 0;
    };

    mutable QMutex m_mutex;
    std::map<std::tuple<std::string, std::string, int>, quint64> m_requests; // (operation, namespace, status)
    std::map<std::pair<std::string, std::string>, quint64> m_payloads;       // (operation, outcome)
    std::map<std::string, Histogram> m_durations;                            // by operation
    std::map<std::string, bool> m_namespaces;                                // the ones counted apart
    std::map<std::string, quint64> m_keyReloads;                             // by result
    std::map<std::string, quint64> m_jwksRefreshes;                          // by result
    std::atomic<int> m_inFlight{0};
};

} // namespace hl
