#include "servecodec/codechttpserver.h"

#include "servecodec/httpsession.h"
#include "support/regularfilereader.h"

#include <QFile>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <openssl/crypto.h>

#ifndef _WIN32
#include <sys/resource.h>
#endif

#include <future>

namespace hl {

namespace {

using boost::asio::ip::tcp;

// Every connection is a descriptor: let the process have as many as the system allows it (1,024 is the usual soft
// limit, and --max-connections defaults to that beside the listening socket, files and the keychain).
void raiseDescriptorLimit()
{
#ifndef _WIN32
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 65536);
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
#endif
}

// The certificate chain and key, checked to belong together, in a context of their own: a reload that fails leaves
// the one in use untouched.
Result<std::shared_ptr<boost::asio::ssl::context>> loadTls(const ServeCodecSettings& config)
{
    // Read here, not by OpenSSL from the paths: a FIFO or device put where a renewed certificate belongs is refused
    // instead of blocking the reload.
    auto cert = RegularFileReader::read(config.tlsCertPath, 1024 * 1024, QStringLiteral("the TLS certificate"));
    if (!cert)
        return cert.error();
    auto key = RegularFileReader::read(config.tlsKeyPath, 1024 * 1024, QStringLiteral("the TLS key"));
    if (!key)
        return key.error();
    auto tls = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
    tls->set_options(boost::asio::ssl::context::default_workarounds | boost::asio::ssl::context::no_sslv2
                     | boost::asio::ssl::context::no_sslv3 | boost::asio::ssl::context::no_tlsv1
                     | boost::asio::ssl::context::no_tlsv1_1 | boost::asio::ssl::context::single_dh_use);
    boost::system::error_code error;
    tls->use_certificate_chain(boost::asio::buffer(cert.value().constData(), size_t(cert.value().size())), error);
    if (!error)
        tls->use_private_key(boost::asio::buffer(key.value().constData(), size_t(key.value().size())), boost::asio::ssl::context::pem, error);
    OPENSSL_cleanse(key.value().data(), size_t(key.value().size()));
    if (!error && !SSL_CTX_check_private_key(tls->native_handle()))
        error = boost::asio::error::invalid_argument;
    if (error)
        return Error{ErrorCode::TlsFailed,
                     QStringLiteral("the TLS certificate and key do not load together (PEM files, a key without "
                                    "passphrase, matching the certificate)"),
                     config.tlsCertPath};
    return tls;
}

} // namespace

HttpServerCore::HttpServerCore(std::shared_ptr<const CodecService> service, CodecHttpServer::Log log)
    : m_service(std::move(service))
    , m_log(std::move(log))
    , m_table(m_service->settings().maxConnections, m_service->settings().maxConnectionsPerClient)
    , m_workers(size_t(m_service->settings().maxConcurrent))
{
}

HttpServerCore::~HttpServerCore()
{
    m_workers.join();
}

Result<quint16> HttpServerCore::listen()
{
    const ServeCodecSettings& config = settings();
    if (config.usesTls()) {
        auto tls = loadTls(config);
        if (!tls)
            return tls.error();
        m_tls = std::move(tls.value());
    }
    raiseDescriptorLimit();
    boost::system::error_code error;
    const QString hostName = config.host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : config.host;
    const auto address = boost::asio::ip::make_address(hostName.toStdString(), error);
    const tcp::endpoint endpoint(address, config.port);
    if (!error)
        m_acceptor.open(endpoint.protocol(), error);
    // Only SO_REUSEADDR (a restart need not wait out TIME_WAIT), never SO_REUSEPORT, which would let a second
    // process bind the same port and take a share of the requests and their tokens. On Windows SO_REUSEADDR is what
    // lets another socket take over a bound port, so Asio's reuse_address is left off there.
#ifndef _WIN32
    if (!error)
        m_acceptor.set_option(tcp::acceptor::reuse_address(true), error);
#endif
    if (!error)
        m_acceptor.bind(endpoint, error);
    if (!error)
        m_acceptor.listen(boost::asio::socket_base::max_listen_connections, error);
    if (error) {
        return Error{ErrorCode::Unavailable, QStringLiteral("cannot listen on %1:%2 (%3)")
                                                 .arg(config.host)
                                                 .arg(config.port)
                                                 .arg(error == boost::asio::error::address_in_use ? QStringLiteral("the port is in use")
                                                                                                   : QString::fromStdString(error.message()))};
    }
    return quint16(m_acceptor.local_endpoint().port());
}

Result<void> HttpServerCore::reloadTls()
{
    if (!settings().usesTls())
        return {};
    auto tls = loadTls(settings());
    if (!tls)
        return tls.error();
    // Swapped on the network thread, which alone makes connections; a TLS stream holds its own reference to the
    // context it began with, so connections open now finish on the old certificate.
    boost::asio::post(m_io, [self = shared_from_this(), fresh = std::move(tls.value())]() mutable { self->m_tls = std::move(fresh); });
    return {};
}

void HttpServerCore::run()
{
    accept();
    m_thread = std::thread([this] { m_io.run(); });
}

void HttpServerCore::accept()
{
    m_acceptor.async_accept([self = shared_from_this()](boost::system::error_code error, tcp::socket socket) {
        if (error == boost::asio::error::operation_aborted || !self->m_acceptor.is_open())
            return;
        if (error) {
            // Out of descriptors (EMFILE) or another transient failure: try again shortly instead of spinning.
            self->m_acceptRetry.expires_after(std::chrono::milliseconds(50));
            self->m_acceptRetry.async_wait([self](boost::system::error_code waited) {
                if (!waited)
                    self->accept();
            });
            return;
        }
        self->onAccepted(std::move(socket));
        self->accept();
    });
}

void HttpServerCore::onAccepted(tcp::socket socket)
{
    boost::system::error_code error;
    const tcp::endpoint remote = socket.remote_endpoint(error);
    if (error || m_stopping)
        return;
    socket.set_option(tcp::no_delay(true), error); // headers and body leave at once, not after a delayed ACK
    const ConnectionTable::Id id = m_nextId++;
    const auto address = remote.address().is_v6() && remote.address().to_v6().is_v4_mapped()
                             ? boost::asio::ip::address(boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, remote.address().to_v6()))
                             : remote.address();
    const std::string client = address.to_string();
    const auto admitted = m_table.admit(id, client);
    if (!admitted) {
        m_refusedConnections.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    for (const ConnectionTable::Id displaced : *admitted) {
        m_displaced.fetch_add(1, std::memory_order_relaxed);
        if (const auto closer = m_closers.find(displaced); closer != m_closers.end())
            closer->second();
    }
    const std::string peer = client + ':' + std::to_string(remote.port());
    m_open.fetch_add(1, std::memory_order_relaxed);
    auto launch = [&](auto session) {
        m_closers[id] = [weak = std::weak_ptr(session)] {
            if (auto alive = weak.lock())
                alive->close();
        };
        session->start();
    };
    if (m_tls) {
        using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
        launch(std::make_shared<HttpSession<TlsStream>>(shared_from_this(), id, TlsStream(std::move(socket), *m_tls), peer,
                                                        address.is_loopback()));
    } else {
        launch(std::make_shared<HttpSession<boost::beast::tcp_stream>>(shared_from_this(), id, boost::beast::tcp_stream(std::move(socket)),
                                                                       peer, address.is_loopback()));
    }
}

bool HttpServerCore::tryBeginWork()
{
    if (m_work >= 4 * settings().maxConcurrent)
        return false;
    ++m_work;
    return true;
}

void HttpServerCore::closed(ConnectionTable::Id id)
{
    m_table.remove(id);
    m_closers.erase(id);
    m_open.fetch_sub(1, std::memory_order_relaxed);
    if (m_stopping && m_closers.empty())
        m_stopDeadline.cancel();
}

void HttpServerCore::finish(const CodecRequestRecord& record)
{
    if (record.probe) // a load balancer's or Prometheus's every few seconds: not the codec's work
        return;
    m_requests.fetch_add(1, std::memory_order_relaxed);
    m_payloads.fetch_add(quint64(record.payloads), std::memory_order_relaxed);
    if (record.status >= 400)
        m_refused.fetch_add(1, std::memory_order_relaxed);
    if (m_log)
        m_log(record);
}

void HttpServerCore::closeWaiting()
{
    boost::system::error_code ignored;
    m_acceptor.close(ignored);
    m_acceptRetry.cancel();
    std::vector<ConnectionTable::Id> waiting;
    for (const auto& [id, closer] : m_closers) {
        if (m_table.isWaiting(id))
            waiting.push_back(id);
    }
    for (const ConnectionTable::Id id : waiting) {
        if (const auto closer = m_closers.find(id); closer != m_closers.end())
            closer->second();
    }
}

void HttpServerCore::stopAccepting()
{
    if (!m_thread.joinable())
        return;
    std::promise<void> closed;
    boost::asio::post(m_io, [this, &closed] {
        m_stopping = true;
        closeWaiting();
        closed.set_value();
    });
    closed.get_future().wait();
}

void HttpServerCore::beginStop()
{
    m_stopping = true;
    closeWaiting();
    if (m_closers.empty())
        return;
    // Requests in flight answer; whatever is still open after the drain timeout is closed.
    m_stopDeadline.expires_after(std::chrono::seconds(m_service->settings().drainTimeoutSeconds));
    m_stopDeadline.async_wait([self = shared_from_this()](boost::system::error_code error) {
        if (error)
            return;
        auto closers = self->m_closers;
        for (auto& [id, closer] : closers)
            closer();
    });
}

void HttpServerCore::stop()
{
    if (!m_thread.joinable())
        return;
    boost::asio::post(m_io, [self = shared_from_this()] { self->beginStop(); });
    // The network thread ends once no connection, timer or decode is left.
    m_thread.join();
}

CodecHttpServer::Statistics HttpServerCore::statistics() const
{
    CodecHttpServer::Statistics statistics;
    statistics.requests = m_requests.load();
    statistics.payloads = m_payloads.load();
    statistics.refused = m_refused.load();
    statistics.timedOut = m_timedOut.load();
    statistics.displaced = m_displaced.load();
    statistics.refusedConnections = m_refusedConnections.load();
    statistics.openConnections = m_open.load();
    return statistics;
}

Result<std::unique_ptr<CodecHttpServer>> CodecHttpServer::start(std::shared_ptr<const CodecService> service, Log log)
{
    if (auto valid = service->settings().validate(); !valid)
        return valid.error();
    std::unique_ptr<CodecHttpServer> server(new CodecHttpServer);
    server->m_service = service;
    server->m_core = std::make_shared<HttpServerCore>(std::move(service), std::move(log));
    auto port = server->m_core->listen();
    if (!port)
        return port.error();
    server->m_port = port.value();
    server->m_core->run();
    return server;
}

CodecHttpServer::~CodecHttpServer()
{
    stop();
}

void CodecHttpServer::stopAccepting()
{
    if (m_core)
        m_core->stopAccepting();
}

void CodecHttpServer::stop()
{
    if (m_core)
        m_core->stop();
}

Result<void> CodecHttpServer::reloadTls()
{
    return m_core ? m_core->reloadTls() : Result<void>{};
}

QString CodecHttpServer::url() const
{
    return m_service->settings().url(m_port);
}

CodecHttpServer::Statistics CodecHttpServer::statistics() const
{
    return m_core ? m_core->statistics() : Statistics{};
}

} // namespace hl
