#include "servecodec/codechttpserver.h"

#include <QFile>
#include <QFileInfo>

#include <httplib.h>

#ifndef _WIN32
#include <sys/socket.h>
#endif

#include <cerrno>
#include <cstring>

namespace hl {

namespace {

std::string header(const httplib::Request& request, const char* name)
{
    return request.get_header_value(name);
}

Result<void> readable(const QString& path, const char* what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::NotFound, QStringLiteral("cannot read the TLS %1: %2").arg(QLatin1String(what), file.errorString()), path};
    return {};
}

} // namespace

Result<std::unique_ptr<CodecHttpServer>> CodecHttpServer::start(std::shared_ptr<const CodecService> service, Log log)
{
    const ServeCodecSettings& settings = service->settings();
    if (auto valid = settings.validate(); !valid)
        return valid.error();
    std::unique_ptr<CodecHttpServer> server(new CodecHttpServer);
    server->m_service = service;
    server->m_log = std::move(log);
    if (settings.usesTls()) {
        if (auto cert = readable(settings.tlsCertPath, "certificate"); !cert)
            return cert.error();
        if (auto key = readable(settings.tlsKeyPath, "key"); !key)
            return key.error();
        auto tls = std::make_unique<httplib::SSLServer>(QFile::encodeName(settings.tlsCertPath).constData(),
                                                        QFile::encodeName(settings.tlsKeyPath).constData());
        if (!tls->is_valid())
            return Error{ErrorCode::TlsFailed,
                         QStringLiteral("the TLS certificate and key do not load together (PEM files, a key without "
                                        "passphrase, matching the certificate)"),
                         settings.tlsCertPath};
        server->m_server = std::move(tls);
    } else {
        server->m_server = std::make_unique<httplib::Server>();
    }
    httplib::Server& http = *server->m_server;
    const int threads = settings.maxConcurrent;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
    http.set_payload_max_length(size_t(settings.maxBodyBytes));
    http.set_read_timeout(10, 0);
    http.set_write_timeout(10, 0);
    // An idle keep-alive connection holds its request thread, and stop() waits for it: 2 s keeps a stop quick while
    // a browser's bursts still reuse their connections.
    http.set_keep_alive_timeout(2);
    http.set_keep_alive_max_count(10000);
    // Headers and body leave in separate writes: without TCP_NODELAY, Nagle and delayed ACKs hold each answer ~40 ms.
    http.set_tcp_nodelay(true);
    // cpp-httplib's default adds SO_REUSEPORT, which lets a second process bind the same port and take a share of
    // the requests (and their tokens); only SO_REUSEADDR, so a port in use is refused. On Windows SO_REUSEADDR is
    // what lets another socket take over a bound port, and SO_EXCLUSIVEADDRUSE is what refuses it.
    http.set_socket_options([](socket_t socket) {
        int yes = 1;
#ifdef _WIN32
        ::setsockopt(socket, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&yes), sizeof(yes));
#else
        ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
#endif
    });

    CodecHttpServer* self = server.get();
    auto handle = [self](const httplib::Request& request, httplib::Response& response) {
        CodecRequest codecRequest;
        codecRequest.method = request.method;
        codecRequest.path = request.path;
        codecRequest.origin = header(request, "Origin");
        codecRequest.contentType = header(request, "Content-Type");
        codecRequest.temporalNamespace = header(request, "X-Namespace");
        codecRequest.authorization = header(request, "Authorization");
        codecRequest.peer = request.remote_addr;
        codecRequest.body = request.body;
        CodecRequestRecord record;
        CodecResponse answer = self->m_service->handle(codecRequest, &record);
        response.status = answer.status;
        for (auto& [name, value] : answer.headers)
            response.set_header(name.c_str(), value);
        if (!answer.contentType.empty())
            response.set_content(std::move(answer.body), answer.contentType.c_str());
        self->finish(record);
    };
    http.Post(".*", handle);
    http.Options(".*", handle);
    http.Get(".*", handle);
    http.Put(".*", handle);
    http.Patch(".*", handle);
    http.Delete(".*", handle);
    // What cpp-httplib refuses itself (a body past the bound, a malformed request) is logged and explained too.
    http.set_error_handler([self](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty())
            return;
        CodecRequestRecord record;
        record.time = QDateTime::currentDateTimeUtc();
        record.peer = request.remote_addr;
        record.method = request.method;
        record.path = request.path;
        record.origin = header(request, "Origin");
        record.status = response.status;
        CodecResponse cors;
        self->m_service->addCorsHeaders(record.origin, &cors);
        for (auto& [name, value] : cors.headers)
            response.set_header(name.c_str(), value);
        if (response.status == 413) {
            record.outcome = QStringLiteral("body larger than %1 bytes").arg(self->m_service->settings().maxBodyBytes);
            response.set_content("Payload Too Large: the body is over " + std::to_string(self->m_service->settings().maxBodyBytes)
                                     + " bytes (serve-codec --max-body)\n",
                                 "text/plain; charset=utf-8");
        } else {
            record.outcome = QStringLiteral("refused by the HTTP layer");
            response.set_content("HTTP " + std::to_string(response.status) + ": the request could not be read\n",
                                 "text/plain; charset=utf-8");
        }
        self->finish(record);
    });

    const std::string host = settings.host.toStdString();
    errno = 0;
    int port = settings.port;
    if (port == 0) {
        port = http.bind_to_any_port(host);
    } else if (!http.bind_to_port(host, port)) {
        port = -1;
    }
    if (port <= 0) {
        const int error = errno;
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot listen on %1:%2 (%3)")
                         .arg(settings.host)
                         .arg(settings.port)
                         .arg(error == EADDRINUSE ? QStringLiteral("the port is in use")
                              : error ? QString::fromLocal8Bit(std::strerror(error))
                                      : QStringLiteral("cannot bind"))};
    }
    server->m_port = quint16(port);
    server->m_listener = std::thread([&http] { http.listen_after_bind(); });
    // bind_to_port() already listens: connections made from here on wait in the backlog for the accept loop. Until
    // that loop runs, cpp-httplib's stop() does nothing, so start() returns only once it does.
    for (int waited = 0; !http.is_running() && waited < 5000; ++waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return server;
}

CodecHttpServer::~CodecHttpServer()
{
    stop();
}

void CodecHttpServer::stopAccepting()
{
    if (m_server)
        m_server->stop();
}

void CodecHttpServer::stop()
{
    if (m_server)
        m_server->stop();
    if (m_listener.joinable())
        m_listener.join();
}

QString CodecHttpServer::url() const
{
    return m_service->settings().url(m_port);
}

CodecHttpServer::Statistics CodecHttpServer::statistics() const
{
    return {m_requests.load(), m_payloads.load(), m_refused.load()};
}

void CodecHttpServer::finish(const CodecRequestRecord& record)
{
    m_requests.fetch_add(1, std::memory_order_relaxed);
    m_payloads.fetch_add(quint64(record.payloads), std::memory_order_relaxed);
    if (record.status >= 400)
        m_refused.fetch_add(1, std::memory_order_relaxed);
    if (m_log)
        m_log(record);
}

} // namespace hl
