#pragma once

#include "servecodec/jwkset.h"

#include <QString>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace hl {

// Where the access tokens' public keys come from: a JWKS file, or an https URL (an identity provider's jwks_uri)
// fetched with verified TLS, kept, refreshed in the background, and fetched again at once (at most every 30 s) when
// a token names a key the kept set lacks, which is how providers rotate keys. A failed refresh keeps the last good
// set and is reported; the first read must succeed, so a server never starts without keys.
class JwksSource {
public:
    struct Options {
        QString location;   // a file path, or an https:// URL
        QString caFile;     // for the URL: trust this CA (PEM) instead of the system's
        std::chrono::seconds refreshEvery{600};
        std::chrono::seconds minRefetchGap{30};
        std::chrono::seconds timeout{10};
        std::function<void(bool ok)> fetched; // after every fetch or read (for the metrics)
    };
    using Report = std::function<void(const QString& line)>;

    static Result<std::unique_ptr<JwksSource>> open(Options options, Report report = {});
    ~JwksSource();

    std::shared_ptr<const JwkSet> current() const;
    // A fresh copy when the last fetch is older than minRefetchGap, waiting for it; else the kept set.
    std::shared_ptr<const JwkSet> refreshed();
    const QString& location() const { return m_options.location; }

    // One read of `options.location`, for open() and the refreshes.
    static Result<std::shared_ptr<const JwkSet>> load(const Options& options);

private:
    explicit JwksSource(Options options, Report report);
    void refreshLoop();
    void refreshNow(std::unique_lock<std::mutex>& lock);

    Options m_options;
    Report m_report;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::shared_ptr<const JwkSet> m_keys;
    std::chrono::steady_clock::time_point m_fetchedAt;
    bool m_fetching = false;
    bool m_stopping = false;
    std::thread m_refresher;
};

} // namespace hl
