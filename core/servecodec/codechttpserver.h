#pragma once

#include "servecodec/codecservice.h"

#include <functional>
#include <memory>

namespace hl {

class HttpServerCore;

// serve-codec on the network: an event-driven HTTP/1.1 server (Boost.Beast on Asio, plain or TLS with OpenSSL) in
// front of a CodecService. One network thread reads and writes every connection, so a connection that sends slowly or
// not at all costs a socket and a few KiB, never a thread; whole requests are read (headers and body bounded in bytes
// and time) before a worker of the decode pool sees them. docs/hardening.md lists the bounds and the attacks behind
// them.
class CodecHttpServer {
public:
    using Log = std::function<void(const CodecRequestRecord& record)>;

    struct Statistics {
        quint64 requests = 0;
        quint64 payloads = 0;
        quint64 refused = 0;            // answered with a 4xx or 5xx status
        quint64 timedOut = 0;           // closed: a request that did not arrive in time
        quint64 displaced = 0;          // closed while waiting, to make room for a newcomer
        quint64 refusedConnections = 0; // closed at once: every connection busy
        quint64 openConnections = 0;
    };

    // Binds and starts serving on threads of its own; fails with what is wrong (a port in use, a certificate that
    // does not load). `log` runs on the network thread, once per request, after its answer is sent.
    static Result<std::unique_ptr<CodecHttpServer>> start(std::shared_ptr<const CodecService> service, Log log = {});
    ~CodecHttpServer();

    // Closes the listening socket (new connections are refused) and the connections waiting for a request.
    void stopAccepting();
    // The same, then lets the requests in flight answer (up to the settings' drain timeout) and ends every thread.
    void stop();
    // Reads the TLS certificate and key again for the connections to come; on an error the ones in use stay.
    Result<void> reloadTls();
    quint16 port() const { return m_port; }
    QString url() const;
    Statistics statistics() const;
    const CodecService& service() const { return *m_service; }

private:
    CodecHttpServer() = default;

    std::shared_ptr<const CodecService> m_service;
    std::shared_ptr<HttpServerCore> m_core;
    quint16 m_port = 0;
};

} // namespace hl
