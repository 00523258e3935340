#pragma once

#include "servecodec/answercompression.h"
#include "servecodec/httpservercore.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <QElapsedTimer>

#include <chrono>
#include <limits>
#include <memory>
#include <type_traits>

namespace hl {

namespace http = boost::beast::http;

// One connection to serve-codec, plain (beast::tcp_stream) or TLS (beast::ssl_stream). It reads a request's headers
// within --header-timeout and its body within --request-timeout, both bounded in bytes as they arrive (a chunked body
// too); hands the whole request to a decode worker; writes the answer within --write-timeout; and waits for the next
// request on the same connection. Every step runs on the network thread, and nothing in it blocks.
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
public:
    static constexpr bool kTls = !std::is_same_v<Stream, boost::beast::tcp_stream>;
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    HttpSession(std::shared_ptr<HttpServerCore> core, ConnectionTable::Id id, Stream stream, std::string peer, bool local)
        : m_core(std::move(core))
        , m_id(id)
        , m_stream(std::move(stream))
        , m_peer(std::move(peer))
        , m_local(local)
    {
    }
    ~HttpSession() { m_core->closed(m_id); }

    void start()
    {
        if constexpr (kTls) {
            lowest().expires_after(std::chrono::seconds(settings().headerTimeoutSeconds));
            m_stream.async_handshake(boost::asio::ssl::stream_base::server,
                                     [self = this->shared_from_this()](boost::beast::error_code error) {
                                         if (error)
                                             return self->timedOutIf(error);
                                         self->readHeader();
                                     });
        } else {
            readHeader();
        }
    }

    // Closes the socket: whatever the connection was waiting for ends with operation_aborted.
    void close()
    {
        boost::beast::error_code ignored;
        lowest().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
        lowest().socket().close(ignored);
    }

private:
    boost::beast::tcp_stream& lowest() { return boost::beast::get_lowest_layer(m_stream); }
    const ServeCodecSettings& settings() const { return m_core->settings(); }

    void readHeader()
    {
        if (m_core->stopping())
            return close();
        m_core->setWaiting(m_id, true);
        m_parser.emplace();
        m_parser->header_limit(std::uint32_t(settings().maxHeaderBytes));
        // The body's bound is set once the headers are in: a Content-Length over it is then refused with every
        // header known (the Origin for CORS), and a chunked body is still stopped as its bytes arrive.
        m_parser->body_limit(std::numeric_limits<std::uint64_t>::max()); // (boost::none compares below any length)
        lowest().expires_after(std::chrono::seconds(settings().headerTimeoutSeconds));
        http::async_read_header(m_stream, m_buffer, *m_parser,
                                [self = this->shared_from_this()](boost::beast::error_code error, size_t) {
                                    self->onHeader(error);
                                });
    }

    void onHeader(boost::beast::error_code error)
    {
        m_core->setWaiting(m_id, false);
        m_timer.start();
        if (error)
            return refuseUnread(error);
        const Request& request = m_parser->get();
        if (std::distance(request.begin(), request.end()) > settings().maxHeaders)
            return refuse(431, QStringLiteral("Request Header Fields Too Large: more than %1 header fields (serve-codec --max-headers)")
                                   .arg(settings().maxHeaders));
        const auto encoding = request[http::field::content_encoding];
        if (!encoding.empty() && !boost::beast::iequals(encoding, "identity"))
            return refuse(415, QStringLiteral("Unsupported Media Type: send the body without Content-Encoding"));
        lowest().expires_after(std::chrono::seconds(settings().requestTimeoutSeconds));
        const auto declared = m_parser->content_length();
        if (declared && *declared > std::uint64_t(settings().maxBodyBytes))
            return refuseDeclaredBody(*declared);
        m_parser->body_limit(std::uint64_t(settings().maxBodyBytes));
        if (boost::beast::iequals(request[http::field::expect], "100-continue")) {
            static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
            return boost::asio::async_write(m_stream, boost::asio::buffer(kContinue, sizeof kContinue - 1),
                                            [self = this->shared_from_this()](boost::beast::error_code written, size_t) {
                                                if (written)
                                                    return self->close();
                                                self->readBody();
                                            });
        }
        readBody();
    }

    void readBody()
    {
        if (m_parser->is_done())
            return dispatch();
        http::async_read(m_stream, m_buffer, *m_parser, [self = this->shared_from_this()](boost::beast::error_code error, size_t) {
            if (error)
                return self->refuseUnread(error);
            self->dispatch();
        });
    }

    void refuseBodyTooLarge()
    {
        refuse(413, QStringLiteral("Payload Too Large: the body is over %1 bytes (serve-codec --max-body)")
                        .arg(settings().maxBodyBytes));
    }

    // A body declared over --max-body. Most clients read no answer until they have sent their body, so one of a
    // modest size is read and dropped first (within --request-timeout); a larger one is answered at once.
    void refuseDeclaredBody(std::uint64_t declared)
    {
        auto tooLarge = [self = this->shared_from_this()] { self->refuseBodyTooLarge(); };
        const std::uint64_t buffered = m_buffer.size();
        const bool waitsToSend = boost::beast::iequals(m_parser->get()[http::field::expect], "100-continue");
        if (waitsToSend || declared > kMaxSkippedBodyBytes || buffered >= declared) {
            m_buffer.consume(m_buffer.size());
            return tooLarge();
        }
        m_buffer.consume(m_buffer.size());
        m_drain = std::make_unique<char[]>(kDrainBufferBytes);
        skipBody(declared - buffered, std::move(tooLarge));
    }

    template <class Then>
    void skipBody(std::uint64_t left, Then then)
    {
        if (left == 0)
            return then();
        // Through the stream itself: under TLS the body is records to decrypt, not bytes to skip.
        m_stream.async_read_some(boost::asio::buffer(m_drain.get(), std::size_t(std::min<std::uint64_t>(left, kDrainBufferBytes))),
                                 [self = this->shared_from_this(), left, then = std::move(then)](boost::beast::error_code error,
                                                                                                 size_t read) mutable {
                                     if (error) {
                                         self->timedOutIf(error);
                                         return self->close();
                                     }
                                     self->skipBody(left - read, std::move(then));
                                 });
    }

    // A request that could not be read whole: answered with why where the client can still hear it.
    void refuseUnread(boost::beast::error_code error)
    {
        if (error == http::error::body_limit)
            return refuseBodyTooLarge();
        if (error == http::error::header_limit)
            return refuse(431, QStringLiteral("Request Header Fields Too Large: over %1 bytes of headers (serve-codec "
                                              "--max-header-bytes)")
                                   .arg(settings().maxHeaderBytes));
        timedOutIf(error);
        // Gone, timed out or closed for another: nobody to answer.
        if (error == boost::beast::error::timeout || error == http::error::end_of_stream || error == boost::asio::error::operation_aborted
            || error == boost::asio::error::connection_reset || error == boost::asio::error::eof
            || error == boost::asio::ssl::error::stream_truncated || error == http::error::partial_message)
            return close();
        refuse(400, QStringLiteral("Bad Request: the request could not be read (%1)").arg(QString::fromStdString(error.message())));
    }

    void timedOutIf(boost::beast::error_code error)
    {
        if (error == boost::beast::error::timeout)
            m_core->countTimeout();
    }

    void refuse(int status, const QString& message)
    {
        CodecRequestRecord record;
        record.time = QDateTime::currentDateTimeUtc();
        record.peer = m_peer;
        if (m_parser && m_parser->is_header_done()) {
            record.method = std::string(m_parser->get().method_string());
            record.path = path(m_parser->get().target());
            record.origin = std::string(m_parser->get()[http::field::origin]);
        }
        record.status = status;
        record.outcome = message.section(QLatin1Char(':'), 0, 0).toLower();
        CodecResponse answer;
        answer.status = status;
        answer.contentType = "text/plain; charset=utf-8";
        answer.body = message.toStdString() + "\n";
        if (status == 503)
            answer.headers.emplace_back("Retry-After", "1");
        m_core->service().addCorsHeaders(record.origin, &answer);
        respond(std::move(answer), std::move(record), false, false);
    }

    static std::string path(boost::beast::string_view target)
    {
        const size_t query = target.find('?');
        return std::string(query == boost::beast::string_view::npos ? target : target.substr(0, query));
    }

    void dispatch()
    {
        if (!m_core->tryBeginWork())
            return refuse(503, QStringLiteral("Service Unavailable: every decode worker is busy and the queue is full; try again"));
        Request& request = m_parser->get();
        CodecRequest codec;
        codec.method = std::string(request.method_string());
        codec.path = path(request.target());
        codec.host = std::string(request[http::field::host]);
        codec.origin = std::string(request[http::field::origin]);
        codec.contentType = std::string(request[http::field::content_type]);
        codec.temporalNamespace = std::string(request["X-Namespace"]);
        codec.authorization = std::string(request[http::field::authorization]);
        codec.requestId = std::string(request["X-Request-Id"]);
        codec.peer = m_peer;
        const bool keepAlive = request.keep_alive();
        std::string acceptEncoding(request[http::field::accept_encoding]);
        std::string body = std::move(request.body());
        HttpServerCore& core = *m_core;
        // The guard keeps the network thread running while the decode does, so its answer is always delivered.
        boost::asio::post(core.workers(), [self = this->shared_from_this(), guard = boost::asio::make_work_guard(core.io()),
                                           codec = std::move(codec), body = std::move(body),
                                           acceptEncoding = std::move(acceptEncoding), keepAlive]() mutable {
            codec.body = body;
            CodecRequestRecord record;
            CodecResponse answer = self->m_core->service().handle(codec, &record);
            bool compressed = false;
            if (AnswerCompression::worthIt(acceptEncoding, answer.body.size(), self->m_local)) {
                std::string gzipped = AnswerCompression::gzip(answer.body);
                if (!gzipped.empty()) {
                    answer.body = std::move(gzipped);
                    compressed = true;
                }
            }
            HttpServerCore& core = *self->m_core;
            boost::asio::post(core.io(), [self = std::move(self), answer = std::move(answer), record = std::move(record), compressed,
                                          keepAlive]() mutable {
                self->m_core->endWork();
                self->respond(std::move(answer), std::move(record), compressed, keepAlive);
            });
        });
    }

    void respond(CodecResponse answer, CodecRequestRecord record, bool compressed, bool keepAlive)
    {
        const unsigned version = m_parser && m_parser->is_header_done() ? m_parser->get().version() : 11;
        m_response.emplace(http::status(answer.status), version);
        for (auto& [name, value] : answer.headers)
            m_response->insert(name, value);
        if (!answer.contentType.empty())
            m_response->set(http::field::content_type, answer.contentType);
        if (compressed)
            m_response->set(http::field::content_encoding, "gzip");
        if (answer.status == 200)
            m_response->set(http::field::vary, "Accept-Encoding");
        m_response->body() = std::move(answer.body);
        m_response->keep_alive(keepAlive && !m_core->stopping());
        m_response->prepare_payload();
        record.responseBytes = qint64(m_response->body().size());
        record.compressed = compressed;
        lowest().expires_after(std::chrono::seconds(settings().writeTimeoutSeconds));
        http::async_write(m_stream, *m_response,
                          [self = this->shared_from_this(), record = std::move(record)](boost::beast::error_code error, size_t) mutable {
                              record.milliseconds = double(self->m_timer.nsecsElapsed()) / 1e6;
                              self->m_core->finish(record);
                              const bool again = !error && self->m_response->keep_alive();
                              self->m_response.reset();
                              if (again)
                                  return self->readHeader();
                              self->timedOutIf(error);
                              self->finishConnection();
                          });
    }

    // The answer is sent and the connection ends: TLS says so first (close_notify), within a short deadline.
    void finishConnection()
    {
        if constexpr (kTls) {
            lowest().expires_after(std::chrono::seconds(2));
            m_stream.async_shutdown([self = this->shared_from_this()](boost::beast::error_code) { self->close(); });
        } else {
            // A client refused in mid-upload (413) still sends its body; closing with it unread would reset the
            // connection and lose the answer. Its rest is read and dropped for a short, bounded while first.
            boost::beast::error_code ignored;
            lowest().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
            lowest().expires_after(std::chrono::seconds(kLingerSeconds));
            m_drain = std::make_unique<char[]>(kDrainBufferBytes);
            drain(0);
        }
    }

    void drain(std::size_t drained)
    {
        lowest().async_read_some(boost::asio::buffer(m_drain.get(), kDrainBufferBytes),
                                 [self = this->shared_from_this(), drained](boost::beast::error_code error, size_t read) {
                                     if (error || drained + read > kMaxLingerBytes)
                                         return self->close();
                                     self->drain(drained + read);
                                 });
    }

    // A refused body is read and dropped up to this size before the answer; past the answer, a connection is
    // drained for at most this long and this much, so a flood refused mid-stream costs next to nothing.
    static constexpr std::uint64_t kMaxSkippedBodyBytes = 64 * 1024 * 1024;
    static constexpr int kLingerSeconds = 1;
    static constexpr std::size_t kMaxLingerBytes = 256 * 1024;
    static constexpr std::size_t kDrainBufferBytes = 16 * 1024;

    std::shared_ptr<HttpServerCore> m_core;
    ConnectionTable::Id m_id;
    Stream m_stream;
    std::string m_peer;
    bool m_local;
    boost::beast::flat_buffer m_buffer{1024 * 1024}; // bytes read but not parsed yet: at most a read ahead of the parser
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::optional<Response> m_response;
    std::unique_ptr<char[]> m_drain; // only while lingering before the close
    QElapsedTimer m_timer;
};

} // namespace hl
