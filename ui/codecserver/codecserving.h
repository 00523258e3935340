#pragma once

#ifndef Q_MOC_RUN
#include "servecodec/codechttpserver.h"
#endif

#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace hl {

class KeyStore;
class SessionKeyStore;

// The app's serve-codec server (File › Serve Codec…): started with the session's and the keychain's keys, stopped on
// request or when the app quits. The request counters are read twice a second for the dialog and the status bar.
class CodecServing : public QObject {
    Q_OBJECT

public:
    CodecServing(SessionKeyStore* sessionKeys, KeyStore* keychain, QObject* parent = nullptr);
    ~CodecServing() override;

    using Started = std::function<void(Result<void> started)>;
    // Starts with `settings` once the keychain's keys are read (without waiting for them here); `started` tells
    // how it went: an error (port in use, TLS files, JWKS) leaves it stopped. It may run before start() returns.
    void start(const ServeCodecSettings& settings, Started started);
    void stop();
    bool isRunning() const { return bool(m_server); }
    QString url() const;
    CodecHttpServer::Statistics statistics() const;
    size_t keyCount() const;
    QStringList warnings() const { return m_warnings; }
    // The last request lines (newest last), as `historylens-cli serve-codec` logs them.
    QStringList recentLog() const;

Q_SIGNALS:
    void runningChanged(bool running);
    void statisticsChanged();

private:
    SessionKeyStore* m_sessionKeys;
    KeyStore* m_keychain;
    std::unique_ptr<CodecHttpServer> m_server;
    QStringList m_warnings;
    struct Log;
    std::shared_ptr<Log> m_log;
    QTimer m_poll;
    bool m_destroying = false; // no signal from a destructor: whoever listened may be half gone
    quint64 m_lastRequests = 0;
};

} // namespace hl
