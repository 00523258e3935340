#include "ui/codecserver/codecserving.h"

#include "keys/sessionkeystore.h"

#include <QMutex>
#include "session/workthreads.h"

#include <QPointer>
#include <QThreadPool>

namespace hl {

// Shared with the request threads, which may still write while the server stops.
struct CodecServing::Log {
    static constexpr int kKept = 200;
    QMutex mutex;
    QStringList lines;

    void append(const QString& line)
    {
        QMutexLocker lock(&mutex);
        lines << line;
        if (lines.size() > kKept)
            lines.removeFirst();
    }
};

CodecServing::CodecServing(SessionKeyStore* sessionKeys, KeyStore* keychain, QObject* parent)
    : QObject(parent), m_sessionKeys(sessionKeys), m_keychain(keychain), m_log(std::make_shared<Log>())
{
    m_poll.setInterval(500);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        const quint64 requests = statistics().requests;
        if (requests != m_lastRequests) {
            m_lastRequests = requests;
            Q_EMIT statisticsChanged();
        }
    });
}

CodecServing::~CodecServing()
{
    m_destroying = true;
    // No signal from a destructor: whoever listened may be half gone.
    m_poll.stop();
    stop(); // on the blocking pool; nothing here waits for it
}

void CodecServing::start(const ServeCodecSettings& settings, Started started)
{
    stop();
    QPointer<CodecServing> self(this);
    // The keychain answers through this thread's event loop, which keeps running meanwhile.
    ServeKeys::load(*m_sessionKeys, m_keychain, [self, settings, started = std::move(started)](ServeKeys keys,
                                                                                             std::vector<Error> problems) {
        if (!self)
            return;
        auto log = self->m_log;
        auto service = CodecService::create(settings, std::move(keys), [log](const QString& line) { log->append(line); });
        if (!service)
            return started(service.error());
        auto server = CodecHttpServer::start(service.value(), [log](const CodecRequestRecord& record) { log->append(record.logLine()); });
        if (!server)
            return started(server.error());
        self->stop(); // a second start that overtook this one
        self->m_warnings = service.value()->warnings();
        for (const Error& problem : problems)
            self->m_warnings << problem.toString();
        self->m_server = std::move(server.value());
        self->m_lastRequests = 0;
        self->m_poll.start();
        Q_EMIT self->runningChanged(true);
        Q_EMIT self->statisticsChanged();
        started({});
    });
}

void CodecServing::stop()
{
    if (!m_server)
        return;
    m_poll.stop();
    // The listening socket closes at once; request threads still in an idle keep-alive wait end within its timeout,
    // off the GUI thread.
    m_server->stopAccepting();
    std::shared_ptr<CodecHttpServer> stopping(std::move(m_server));
    WorkThreads::instance().blocking()->start([stopping] { stopping->stop(); });
    if (!m_destroying)
        Q_EMIT runningChanged(false);
}

QString CodecServing::url() const
{
    return m_server ? m_server->url() : QString();
}

CodecHttpServer::Statistics CodecServing::statistics() const
{
    return m_server ? m_server->statistics() : CodecHttpServer::Statistics{};
}

size_t CodecServing::keyCount() const
{
    return m_server ? m_server->service().keys()->keyCount() : 0;
}

QStringList CodecServing::recentLog() const
{
    QMutexLocker lock(&m_log->mutex);
    return m_log->lines;
}

} // namespace hl
