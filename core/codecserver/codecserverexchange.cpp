#include "codecserver/codecserverexchange.h"

#include "codecserver/payloadsjson.h"
#include "support/sizeformat.h"
#include "support/tlsdiagnosis.h"

#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSslCertificate>

#include <algorithm>

namespace hl {

namespace {

constexpr int kCancelPollMs = 50;
constexpr int kMaxRedirects = 5;
constexpr qint64 kReadAheadBytes = 1024 * 1024;
constexpr int kBaseBackoffMs = 200;
constexpr int kMaxRetryAfterMs = 5000;
constexpr int kBodySnippetChars = 300;
// Around the base64 of data and metadata: braces, keys, quotes.
constexpr qint64 kPerPayloadOverhead = 48;

qint64 estimatedBytes(const CodecServerClient::Payload& payload)
{
    qint64 raw = qint64(payload.data().size());
    for (const auto& [key, value] : payload.metadata())
        raw += qint64(key.size()) + qint64(value.size()) * 4 / 3 + 8;
    return (raw + 2) / 3 * 4 + kPerPayloadOverhead;
}

// What a server said in an error body, cut short and kept to one line of printable text.
QString snippet(const QByteArray& body)
{
    QString text = QString::fromUtf8(body.left(kBodySnippetChars * 4)).simplified();
    text.erase(std::remove_if(text.begin(), text.end(), [](QChar c) { return !c.isPrint(); }), text.end());
    if (text.size() > kBodySnippetChars)
        text = text.left(kBodySnippetChars) + QStringLiteral("…");
    return text;
}

bool isRetryable(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;
    }
}

} // namespace

CodecServerExchange::CodecServerExchange(CodecServerClient& client, const std::vector<const Payload*>& payloads,
                                         std::vector<Outcome>* outcomes, const std::atomic<bool>* cancelled,
                                         const CodecServerClient::Progress& progress, const QString& operation)
    : m_client(client), m_payloads(payloads), m_outcomes(outcomes), m_cancelled(cancelled), m_progress(progress)
{
    m_url = QUrl(client.settings().resolvedEndpoint() + QLatin1Char('/') + operation);
    if (m_url.scheme() == QLatin1String("https")) {
        // The system's trust store is loaded only for HTTPS.
        m_tls = QSslConfiguration::defaultConfiguration();
        if (!client.settings().caFile.isEmpty()) {
            auto authorities = m_tls.caCertificates();
            authorities.append(QSslCertificate::fromPath(client.settings().caFile, QSsl::Pem));
            m_tls.setCaCertificates(authorities);
        }
    }
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_network.setAutoDeleteReplies(false);
    connect(&m_network, &QNetworkAccessManager::finished, this, &CodecServerExchange::replyFinished);
    m_cancelPoll.setInterval(kCancelPollMs);
    connect(&m_cancelPoll, &QTimer::timeout, this, &CodecServerExchange::pollCancel);
}

CodecServerExchange::~CodecServerExchange()
{
    m_network.disconnect(this);
    for (auto& [reply, flight] : m_inFlight) {
        reply->abort();
        reply->deleteLater();
    }
}

void CodecServerExchange::start(std::function<void()> done)
{
    m_whenDone = std::move(done);
    enqueueAll();
    if (m_cancelled)
        m_cancelPoll.start();
    pump();
}

void CodecServerExchange::enqueueAll()
{
    const int maxPayloads = std::max(1, m_client.settings().maxBatchPayloads);
    const qint64 maxBytes = std::max<qint64>(1024, m_client.m_batchBytes.load());
    Batch batch;
    for (size_t i = 0; i < m_payloads.size(); ++i) {
        const qint64 bytes = estimatedBytes(*m_payloads[i]);
        if (!batch.items.empty() && (int(batch.items.size()) >= maxPayloads || batch.bytes + bytes > maxBytes)) {
            batch.url = m_url;
            m_queue.push_back(std::move(batch));
            batch = Batch();
        }
        batch.items.push_back(i);
        batch.bytes += bytes;
    }
    if (!batch.items.empty()) {
        batch.url = m_url;
        m_queue.push_back(std::move(batch));
    }
}

void CodecServerExchange::pump()
{
    const int maxInFlight = std::max(1, m_client.settings().maxInFlight);
    while (!m_queue.empty() && int(m_inFlight.size()) < maxInFlight) {
        Batch batch = std::move(m_queue.front());
        m_queue.pop_front();
        if (m_stopAll) {
            fail(batch, *m_stopAll);
            continue;
        }
        send(std::move(batch));
    }
    finishIfDone();
}

QNetworkRequest CodecServerExchange::requestFor(const Batch& batch) const
{
    const CodecServerSettings& settings = m_client.settings();
    QNetworkRequest request(batch.url);
    if (!m_tls.isNull())
        request.setSslConfiguration(m_tls);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("historylens/" HL_VERSION_STRING));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    // In the temporal CLI's order: X-Namespace, then the extra headers (which may replace it), then Authorization.
    request.setRawHeader(QByteArrayLiteral("X-Namespace"), settings.temporalNamespace.toUtf8());
    if (batch.withCredentials) {
        for (const auto& [name, value] : settings.headers)
            request.setRawHeader(name, value ? QByteArray(reinterpret_cast<const char*>(value->data()), qsizetype(value->size()))
                                             : QByteArray());
        if (settings.authorization)
            request.setRawHeader(QByteArrayLiteral("Authorization"),
                                 QByteArray(reinterpret_cast<const char*>(settings.authorization->data()),
                                            qsizetype(settings.authorization->size())));
    }
    return request;
}

QString CodecServerExchange::where(const QUrl& url) const
{
    return url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

void CodecServerExchange::send(Batch batch)
{
    std::vector<const Payload*> payloads;
    payloads.reserve(batch.items.size());
    for (size_t index : batch.items)
        payloads.push_back(m_payloads[index]);
    std::string body;
    body.reserve(size_t(batch.bytes) + 32);
    PayloadsJson::write(payloads, &body);
    QByteArray bytes(body.data(), qsizetype(body.size()));
    body = {};

    ++m_client.m_requests;
    m_client.m_bytesSent += bytes.size();
    QNetworkReply* reply = m_network.post(requestFor(batch), bytes);
    // Qt's HTTP thread reads ahead of this one without limit unless told; with a bound it stops reading from the
    // socket until the bytes are taken, so an endless answer (chunked, or without a length) is stopped at the answer
    // bound below, not buffered to memory's end first.
    reply->setReadBufferSize(kReadAheadBytes);
    InFlight& flight = m_inFlight[reply];
    flight.batch = std::move(batch);
    const qint64 maxAnswer = m_client.settings().maxAnswerBytes;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply, maxAnswer] {
        auto found = m_inFlight.find(reply);
        bool ok = false;
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
        if (found != m_inFlight.end() && ok && length > maxAnswer) {
            found->second.tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply, maxAnswer] {
        auto found = m_inFlight.find(reply);
        if (found == m_inFlight.end())
            return;
        found->second.answer += reply->read(std::max<qint64>(0, maxAnswer + 1 - found->second.answer.size()));
        if (found->second.answer.size() > maxAnswer) {
            found->second.tooLarge = true;
            found->second.answer.clear();
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError>& errors) {
        auto found = m_inFlight.find(reply);
        if (found == m_inFlight.end())
            return;
        found->second.tlsProblem = TlsDiagnosis::describe(errors, reply->url().host(), {QStringLiteral("--codec-ca-file"), {}});
    });
    flight.deadline = new QTimer(reply);
    flight.deadline->setSingleShot(true);
    connect(flight.deadline, &QTimer::timeout, this, [this, reply] {
        auto found = m_inFlight.find(reply);
        if (found == m_inFlight.end())
            return;
        found->second.timedOut = true;
        reply->abort();
    });
    flight.deadline->start(std::max(1, m_client.settings().timeoutMs));
}

void CodecServerExchange::replyFinished(QNetworkReply* reply)
{
    auto found = m_inFlight.find(reply);
    if (found == m_inFlight.end()) {
        reply->deleteLater();
        return;
    }
    InFlight flight = std::move(found->second);
    m_inFlight.erase(found);
    if (reply->isOpen()) // an aborted reply is closed
        flight.answer += reply->readAll();
    m_client.m_bytesReceived += flight.answer.size();
    handleAnswer(std::move(flight), reply);
    reply->deleteLater();
    pump();
}

void CodecServerExchange::handleAnswer(InFlight&& flight, QNetworkReply* reply)
{
    Batch& batch = flight.batch;
    const CodecServerSettings& settings = m_client.settings();
    const QString url = where(batch.url);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();

    // After a failure every batch would meet (or a cancel), only an answer already complete is still taken.
    if (m_stopAll && (status != 200 || reply->error() != QNetworkReply::NoError))
        return fail(batch, *m_stopAll);
    if (flight.timedOut) {
        return fail(batch, Error{ErrorCode::DeadlineExceeded, QStringLiteral("the Codec Server at %1 did not answer within %2 s")
                                                                 .arg(url)
                                                                 .arg(settings.timeoutMs / 1000.0)});
    }
    if (flight.tooLarge) {
        if (split(batch))
            return;
        return fail(batch, Error{ErrorCode::TooLarge, QStringLiteral("the Codec Server at %1 answered more than %2 for one payload; "
                                                                     "stopped reading")
                                                          .arg(url, formatSize(settings.maxAnswerBytes))});
    }
    if (status == 0) {
        const auto error = reply->error();
        if (error == QNetworkReply::SslHandshakeFailedError || !flight.tlsProblem.isEmpty()) {
            m_stopAll = Error{ErrorCode::TlsFailed,
                              QStringLiteral("TLS with the Codec Server at %1 failed: %2")
                                  .arg(url, flight.tlsProblem.isEmpty() ? reply->errorString() : flight.tlsProblem)};
            fail(batch, *m_stopAll);
            return failQueued(*m_stopAll);
        }
        if (isRetryable(error) && batch.attempt < settings.maxAttempts)
            return retryLater(std::move(batch));
        const QString what = error == QNetworkReply::ConnectionRefusedError
                                 ? QStringLiteral("no Codec Server answers at %1 (connection refused)").arg(settings.hostLabel())
                             : error == QNetworkReply::HostNotFoundError
                                 ? QStringLiteral("the Codec Server's host %1 was not found").arg(QUrl(url).host())
                                 : QStringLiteral("the connection to the Codec Server at %1 failed: %2").arg(url, reply->errorString());
        m_stopAll = Error{ErrorCode::Unavailable,
                          batch.attempt > 1 ? what + QStringLiteral(" (tried %1 times)").arg(batch.attempt) : what};
        fail(batch, *m_stopAll);
        return failQueued(*m_stopAll);
    }

    if (status == 307 || status == 308) {
        const QUrl target = batch.url.resolved(reply->header(QNetworkRequest::LocationHeader).toUrl());
        if (!target.isValid() || (target.scheme() != QLatin1String("https") && target.scheme() != QLatin1String("http"))
            || batch.redirects >= kMaxRedirects) {
            return fail(batch, Error{ErrorCode::ServerError, QStringLiteral("the Codec Server at %1 redirected too often or to "
                                                                            "an unusable address")
                                                                 .arg(url)});
        }
        // Credentials go only where they were configured for: the same scheme, host and port.
        const bool sameOrigin = target.scheme() == batch.url.scheme() && target.host() == batch.url.host()
                                && target.port(target.scheme() == QLatin1String("https") ? 443 : 80)
                                       == batch.url.port(batch.url.scheme() == QLatin1String("https") ? 443 : 80);
        batch.withCredentials = batch.withCredentials && sameOrigin;
        batch.url = target;
        ++batch.redirects;
        return send(std::move(batch));
    }
    if (status >= 300 && status < 400) {
        return fail(batch, Error{ErrorCode::ServerError,
                                 QStringLiteral("the Codec Server at %1 redirected (%2) to %3; a POST is only followed through 307 "
                                                "and 308, so set the endpoint to the address it points to")
                                     .arg(url)
                                     .arg(status)
                                     .arg(reply->header(QNetworkRequest::LocationHeader).toUrl().toString())});
    }
    const QString body = snippet(flight.answer);
    const QString said = body.isEmpty() ? QString() : QStringLiteral(": ") + body;
    if (status == 401 || status == 403) {
        m_stopAll = Error{status == 401 ? ErrorCode::Unauthenticated : ErrorCode::Forbidden,
                          status == 401 ? QStringLiteral("the Codec Server at %1 rejected the token (401 %2); check the "
                                                         "Authorization value (--codec-auth)%3")
                                              .arg(url, reason, said)
                                        : QStringLiteral("the Codec Server at %1 refused access (403 %2) for namespace %3%4")
                                              .arg(url, reason, settings.temporalNamespace, said)};
        fail(batch, *m_stopAll);
        return failQueued(*m_stopAll);
    }
    if (status == 404 || status == 405) {
        m_stopAll = Error{ErrorCode::NotFound, QStringLiteral("no Codec Server at %1 (%2 %3): check the endpoint's path; "
                                                              "HistoryLens posts to the endpoint followed by /%4")
                                                   .arg(url)
                                                   .arg(status)
                                                   .arg(reason, m_url.path().section(QLatin1Char('/'), -1))};
        fail(batch, *m_stopAll);
        return failQueued(*m_stopAll);
    }
    if (status == 413) {
        // Smaller batches for the rest of the session, then this one again in halves.
        qint64 lowered = std::max<qint64>(1024, batch.bytes / 2);
        qint64 current = m_client.m_batchBytes.load();
        while (lowered < current && !m_client.m_batchBytes.compare_exchange_weak(current, lowered)) {
        }
        if (split(batch))
            return;
        return fail(batch, Error{ErrorCode::TooLarge, QStringLiteral("the Codec Server at %1 refused this payload as too large "
                                                                     "(413, %2 as JSON)")
                                                          .arg(url, formatSize(batch.bytes))});
    }
    if (status == 400 || status == 422) {
        // A server that fails a whole body for one payload it cannot decode (the Go SDK's handler does): halve until
        // the payloads that fail are alone.
        if (split(batch))
            return;
        return fail(batch, Error{ErrorCode::ServerError,
                                 QStringLiteral("the Codec Server could not %4 it (%1 %2)%3")
                                     .arg(status)
                                     .arg(reason, said, m_url.path().section(QLatin1Char('/'), -1))});
    }
    if (status >= 500) {
        if (batch.attempt < settings.maxAttempts) {
            bool ok = false;
            const int retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After")).toInt(&ok);
            return retryLater(std::move(batch), ok && retryAfter >= 0 ? std::min(retryAfter * 1000, kMaxRetryAfterMs) : -1);
        }
        return fail(batch, Error{ErrorCode::ServerError, QStringLiteral("the Codec Server at %1 failed (%2 %3, %4 attempts)%5")
                                                             .arg(url)
                                                             .arg(status)
                                                             .arg(reason)
                                                             .arg(batch.attempt)
                                                             .arg(said)});
    }
    if (status != 200) {
        return fail(batch, Error{ErrorCode::ServerError,
                                 QStringLiteral("the Codec Server at %1 answered %2 %3%4").arg(url).arg(status).arg(reason, said)});
    }

    std::vector<Payload> answers;
    answers.reserve(batch.items.size());
    if (auto read = PayloadsJson::read(std::string_view(flight.answer.constData(), size_t(flight.answer.size())), &answers); !read) {
        return fail(batch, Error{ErrorCode::InvalidJson, QStringLiteral("the Codec Server at %1 answered something that is not a "
                                                                        "Payloads JSON body: %2")
                                                             .arg(url, read.error().message)});
    }
    if (answers.size() != batch.items.size()) {
        return fail(batch, Error{ErrorCode::InvalidStructure, QStringLiteral("the Codec Server at %1 answered %2 payloads for the %3 "
                                                                             "sent")
                                                                  .arg(url)
                                                                  .arg(answers.size())
                                                                  .arg(batch.items.size())});
    }
    succeed(batch, std::move(answers));
}

void CodecServerExchange::retryLater(Batch batch, int delayMs)
{
    if (delayMs < 0)
        delayMs = kBaseBackoffMs << (batch.attempt - 1); // 200 ms, then 400 ms, ...
    ++batch.attempt;
    ++m_client.m_retries;
    ++m_retriesWaiting;
    const int jitter = int(QRandomGenerator::global()->bounded(delayMs / 4 + 1));
    QTimer::singleShot(delayMs + jitter, this, [this, batch = std::move(batch)]() mutable {
        --m_retriesWaiting;
        m_queue.push_front(std::move(batch));
        pump();
    });
}

bool CodecServerExchange::split(const Batch& batch)
{
    if (batch.items.size() < 2)
        return false;
    ++m_client.m_splits;
    const size_t half = batch.items.size() / 2;
    Batch first;
    Batch second;
    first.items.assign(batch.items.begin(), batch.items.begin() + qsizetype(half));
    second.items.assign(batch.items.begin() + qsizetype(half), batch.items.end());
    for (Batch* part : {&first, &second}) {
        for (size_t index : part->items)
            part->bytes += estimatedBytes(*m_payloads[index]);
        part->url = m_url;
    }
    m_queue.push_front(std::move(second));
    m_queue.push_front(std::move(first));
    return true;
}

void CodecServerExchange::fail(const Batch& batch, const Error& error)
{
    for (size_t index : batch.items) {
        (*m_outcomes)[index].answer = nullptr;
        (*m_outcomes)[index].error = error;
    }
    m_done += qint64(batch.items.size());
    reportProgress();
}

void CodecServerExchange::failQueued(const Error& error)
{
    while (!m_queue.empty()) {
        fail(m_queue.front(), error);
        m_queue.pop_front();
    }
}

void CodecServerExchange::succeed(const Batch& batch, std::vector<Payload>&& answers)
{
    // Whole answers are let go as soon as they are compacted, while later ones are on the wire: a large history's
    // answers are a hundred MiB of JSON.
    for (size_t i = 0; i < batch.items.size(); ++i) {
        Outcome& outcome = (*m_outcomes)[batch.items[i]];
        outcome.answer = CompactPayload::of(answers[i]);
        outcome.error.reset();
        answers[i].Clear();
    }
    m_done += qint64(batch.items.size());
    reportProgress();
}

void CodecServerExchange::pollCancel()
{
    if (!m_cancelled || !m_cancelled->load() || m_stopAll)
        return;
    m_stopAll = Error{ErrorCode::Cancelled, QStringLiteral("decoding through the Codec Server was cancelled")};
    failQueued(*m_stopAll);
    std::vector<QNetworkReply*> replies;
    for (const auto& entry : m_inFlight)
        replies.push_back(entry.first);
    for (QNetworkReply* reply : replies)
        reply->abort(); // finished() follows for each, failing its batch
    finishIfDone();
}

void CodecServerExchange::finishIfDone()
{
    if (m_finished || !m_whenDone || !m_queue.empty() || !m_inFlight.empty() || m_retriesWaiting > 0)
        return;
    m_finished = true;
    m_cancelPoll.stop();
    reportProgress();
    // Later, from the event loop: the caller may delete this exchange in `done`, and this may be deep in a handler.
    QTimer::singleShot(0, this, [this] {
        auto done = std::move(m_whenDone); // outlives this exchange, which `done` may delete
        done();
    });
}

void CodecServerExchange::reportProgress()
{
    if (m_progress)
        m_progress(m_done, qint64(m_payloads.size()));
}

} // namespace hl
