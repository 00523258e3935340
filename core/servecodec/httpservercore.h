#pragma once

#include "servecodec/codechttpserver.h"
#include "servecodec/connectiontable.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <optional>
#include <thread>
#include <unordered_map>

namespace hl {

// What CodecHttpServer runs on (kept out of its header, so no Asio type reaches its users): the network thread and
// its io_context, the acceptor, the table of connections and the pool of decode workers. Everything but the
// statistics and the start and stop calls belongs to the network thread.
class HttpServerCore : public std::enable_shared_from_this<HttpServerCore> {
public:
    HttpServerCore(std::shared_ptr<const CodecService> service, CodecHttpServer::Log log);
    ~HttpServerCore();

    // Loads the TLS certificate when asked, binds and listens; the port bound.
    Result<quint16> listen();
    // Loads the certificate and key again (SIGHUP, a renewed certificate): new connections get them.
    Result<void> reloadTls();
    void run();
    void stopAccepting();
    void stop();
    CodecHttpServer::Statistics statistics() const;

    // For the connections, on the network thread.
    boost::asio::io_context& io() { return m_io; }
    boost::asio::thread_pool& workers() { return m_workers; }
    const CodecService& service() const { return *m_service; }
    const ServeCodecSettings& settings() const { return m_service->settings(); }
    bool stopping() const { return m_stopping; }
    // A request may be handed to the workers: fewer than four per worker are queued or running.
    bool tryBeginWork();
    void endWork() { --m_work; }
    void setWaiting(ConnectionTable::Id id, bool waiting) { m_table.setWaiting(id, waiting); }
    void closed(ConnectionTable::Id id);
    void countTimeout() { m_timedOut.fetch_add(1, std::memory_order_relaxed); }
    void finish(const CodecRequestRecord& record);

private:
    void accept();
    void onAccepted(boost::asio::ip::tcp::socket socket);
    void closeWaiting();
    void beginStop();

    std::shared_ptr<const CodecService> m_service;
    CodecHttpServer::Log m_log;
    ConnectionTable m_table;
    std::unordered_map<ConnectionTable::Id, std::function<void()>> m_closers; // close a connection's socket
    ConnectionTable::Id m_nextId = 1;
    int m_work = 0;
    bool m_stopping = false;

    std::atomic<quint64> m_requests{0};
    std::atomic<quint64> m_payloads{0};
    std::atomic<quint64> m_refused{0};
    std::atomic<quint64> m_timedOut{0};
    std::atomic<quint64> m_displaced{0};
    std::atomic<quint64> m_refusedConnections{0};
    std::atomic<quint64> m_open{0};

    boost::asio::io_context m_io{1};
    std::shared_ptr<boost::asio::ssl::context> m_tls; // set once, then swapped only on the network thread
    boost::asio::ip::tcp::acceptor m_acceptor{m_io};
    boost::asio::steady_timer m_acceptRetry{m_io};
    boost::asio::steady_timer m_stopDeadline{m_io};
    boost::asio::thread_pool m_workers;
    std::thread m_thread;
};

} // namespace hl
