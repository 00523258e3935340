#include "codecserver/codecserverclient.h"

#include "codecserver/codecserverexchange.h"

#include "support/opensslruntime.h"

#include <QAbstractEventDispatcher>
#include <QEventLoop>
#include <QFileInfo>
#include <QHostAddress>
#include <QSslCertificate>
#include <QUrl>

#include <unordered_map>

namespace hl {

namespace {

bool isLoopback(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

CodecServerClient::CodecServerClient(CodecServerSettings settings, std::shared_ptr<RemoteAnswerCache> cache)
    : m_settings(std::move(settings))
    , m_cache(cache ? std::move(cache) : std::make_shared<RemoteAnswerCache>())
    , m_batchBytes(m_settings.maxBatchBytes)
{
    m_cache->bindTo(m_settings.fingerprint());
}

Result<void> CodecServerClient::check() const
{
    const QString endpoint = m_settings.resolvedEndpoint();
    const QUrl url(endpoint, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        return Error{ErrorCode::UsageError,
                     QStringLiteral("the Codec Server endpoint `%1` is not an http:// or https:// URL").arg(endpoint)};
    }
    if (!url.userInfo().isEmpty())
        return Error{ErrorCode::UsageError, QStringLiteral("put the Codec Server's credentials in its auth setting, not in the URL")};
    if (url.scheme() == QLatin1String("http") && m_settings.authorization && !isLoopback(url.host()) && !m_settings.allowPlaintextAuth) {
        return Error{ErrorCode::Forbidden,
                     QStringLiteral("the Codec Server's Authorization would travel unencrypted to %1; use https://, or allow "
                                    "plain HTTP for this endpoint (--codec-allow-plaintext-auth)")
                         .arg(url.host())};
    }
    if (!m_settings.caFile.isEmpty()) {
        if (!QFileInfo(m_settings.caFile).isReadable())
            return Error{ErrorCode::NotFound, QStringLiteral("the Codec Server CA file %1 cannot be read").arg(m_settings.caFile)};
        if (QSslCertificate::fromPath(m_settings.caFile, QSsl::Pem).isEmpty())
            return Error{ErrorCode::InvalidStructure,
                         QStringLiteral("the Codec Server CA file %1 holds no PEM certificate").arg(m_settings.caFile)};
    }
    return {};
}

struct CodecServerClient::Run {
    std::vector<Outcome> outcomes;
    std::vector<const Payload*> toSend;
    std::vector<RemoteAnswerCache::Digest> sendDigests;
    std::vector<std::ptrdiff_t> sentAs;
    std::vector<Outcome> sent;
    Progress relay;
    std::unique_ptr<CodecServerExchange> exchange;
};

std::shared_ptr<CodecServerClient::Run> CodecServerClient::prepare(const std::vector<const Payload*>& payloads,
                                                                  const Progress& progress)
{
    auto run = std::make_shared<Run>();
    run->outcomes.resize(payloads.size());
    if (payloads.empty())
        return run;
    if (auto checked = check(); !checked) {
        for (Outcome& outcome : run->outcomes)
            outcome.error = checked.error();
        return run;
    }
    // Each distinct payload once: answered from the session's cache, or sent in the first request that holds it.
    std::unordered_map<RemoteAnswerCache::Digest, size_t, RemoteAnswerCache::DigestHash> sendIndex;
    run->sentAs.assign(payloads.size(), -1);
    qint64 fromCache = 0;
    for (size_t i = 0; i < payloads.size(); ++i) {
        const auto digest = RemoteAnswerCache::digest(*payloads[i]);
        if (auto answer = m_cache->find(digest)) {
            run->outcomes[i].answer = std::move(answer);
            ++fromCache;
            continue;
        }
        auto [found, added] = sendIndex.try_emplace(digest, run->toSend.size());
        if (added) {
            run->toSend.push_back(payloads[i]);
            run->sendDigests.push_back(digest);
        }
        run->sentAs[i] = std::ptrdiff_t(found->second);
    }
    m_cacheHits += int(fromCache);
    run->sent.resize(run->toSend.size());
    const qint64 total = qint64(payloads.size());
    if (run->toSend.empty()) {
        if (progress)
            progress(total, total);
        return run;
    }
    run->relay = [progress, fromCache, total](qint64 done, qint64 sentTotal) {
        if (progress)
            progress(fromCache + done * (total - fromCache) / std::max<qint64>(1, sentTotal), total);
    };
    return run;
}

void CodecServerClient::send(std::shared_ptr<Run> run, const std::atomic<bool>* cancelled, std::function<void()> done)
{
    run->exchange = std::make_unique<CodecServerExchange>(*this, run->toSend, &run->sent, cancelled, run->relay);
    run->exchange->start(std::move(done));
}

std::vector<CodecServerClient::Outcome> CodecServerClient::complete(Run& run)
{
    run.exchange.reset();
    for (size_t i = 0; i < run.sent.size(); ++i) {
        if (run.sent[i].answer)
            m_cache->insert(run.sendDigests[i], run.sent[i].answer);
    }
    for (size_t i = 0; i < run.outcomes.size(); ++i) {
        if (!run.sentAs.empty() && run.sentAs[i] >= 0)
            run.outcomes[i] = run.sent[size_t(run.sentAs[i])];
    }
    return std::move(run.outcomes);
}

void CodecServerClient::decodeAsync(std::shared_ptr<CodecServerClient> client, std::vector<const Payload*> payloads,
                                    std::shared_ptr<const std::atomic<bool>> cancelled, Progress progress, Done done)
{
    std::shared_ptr<Run> run = client->prepare(payloads, progress);
    auto finish = [client, run, cancelled, done = std::move(done)] { done(client->complete(*run)); };
    if (run->toSend.empty()) // still from the event loop, as promised: the caller is not re-entered
        QMetaObject::invokeMethod(QAbstractEventDispatcher::instance(), std::move(finish), Qt::QueuedConnection);
    else
        client->send(run, cancelled.get(), std::move(finish));
}

std::vector<CodecServerClient::Outcome> CodecServerClient::decode(const std::vector<const Payload*>& payloads,
                                                                  const std::atomic<bool>* cancelled, const Progress& progress)
{
    // Qt Network, its TLS backend and SHA-256 use OpenSSL on this thread: its state goes when this returns.
    struct ReleaseOpenSsl {
        ~ReleaseOpenSsl() { OpenSslRuntime::releaseThreadState(); }
    } releaseOpenSsl;
    std::shared_ptr<Run> run = prepare(payloads, progress);
    if (!run->toSend.empty()) {
        QEventLoop waiting;
        bool finished = false;
        send(run, cancelled, [&] {
            finished = true;
            waiting.quit();
        });
        if (!finished)
            waiting.exec();
    }
    return complete(*run);
}

std::vector<CodecServerClient::Outcome> CodecServerClient::encode(const std::vector<const Payload*>& payloads,
                                                                  const std::atomic<bool>* cancelled)
{
    struct ReleaseOpenSsl {
        ~ReleaseOpenSsl() { OpenSslRuntime::releaseThreadState(); }
    } releaseOpenSsl;
    std::vector<Outcome> outcomes(payloads.size());
    if (payloads.empty())
        return outcomes;
    CodecServerExchange exchange(*this, payloads, &outcomes, cancelled, {}, QStringLiteral("encode"));
    QEventLoop waiting;
    bool finished = false;
    exchange.start([&] {
        finished = true;
        waiting.quit();
    });
    if (!finished)
        waiting.exec();
    return outcomes;
}

Result<void> CodecServerClient::encodeInPlace(std::vector<Payload>& payloads, const std::atomic<bool>* cancelled)
{
    std::vector<const Payload*> pointers;
    for (const Payload& payload : payloads)
        pointers.push_back(&payload);
    const std::vector<Outcome> outcomes = encode(pointers, cancelled);
    for (size_t i = 0; i < outcomes.size(); ++i) {
        if (!outcomes[i].answer)
            return outcomes[i].error.value_or(Error{ErrorCode::ServerError, QStringLiteral("the Codec Server did not encode it")});
        if (!outcomes[i].answer->expand(&payloads[i]))
            return Error{ErrorCode::InvalidStructure, QStringLiteral("the Codec Server's answer could not be read")};
    }
    return {};
}

CodecServerClient::Statistics CodecServerClient::statistics() const
{
    Statistics statistics;
    statistics.requests = m_requests;
    statistics.retries = m_retries;
    statistics.splits = m_splits;
    statistics.cacheHits = m_cacheHits;
    statistics.bytesSent = m_bytesSent;
    statistics.bytesReceived = m_bytesReceived;
    return statistics;
}

} // namespace hl
