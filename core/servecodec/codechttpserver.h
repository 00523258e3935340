#pragma once

#include "servecodec/codecservice.h"

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

namespace httplib {
class Server;
}

namespace hl {

// serve-codec on the network: cpp-httplib's server (plain HTTP, or HTTPS with OpenSSL) in front of a CodecService.
// Keep-alive connections, a fixed pool of request threads (the concurrency bound), read and write timeouts against
// slow clients, and the body bound enforced before a byte of an oversized body is read.
class CodecHttpServer {
public:
    using Log = std::function<void(const CodecRequestRecord& record)>;

    struct Statistics {
        quint64 requests = 0;
        quint64 payloads = 0;
        quint64 refused = 0; // answered with a 4xx or 5xx status
    };

    // Binds and starts serving on a thread of its own; fails with what is wrong (a port in use, a certificate that
    // does not load). `log` runs on request threads, once per request.
    static Result<std::unique_ptr<CodecHttpServer>> start(std::shared_ptr<const CodecService> service, Log log = {});
    ~CodecHttpServer();

    // Closes the listening socket at once (new connections are refused); stop() also waits for the requests and
    // idle keep-alive connections in progress, up to the keep-alive timeout.
    void stopAccepting();
    void stop();
    quint16 port() const { return m_port; }
    QString url() const;
    Statistics statistics() const;
    const CodecService& service() const { return *m_service; }

private:
    CodecHttpServer() = default;
    void finish(const CodecRequestRecord& record);

    std::shared_ptr<const CodecService> m_service;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_listener;
    Log m_log;
    quint16 m_port = 0;
    std::atomic<quint64> m_requests{0};
    std::atomic<quint64> m_payloads{0};
    std::atomic<quint64> m_refused{0};
};

} // namespace hl
