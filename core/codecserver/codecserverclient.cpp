#include "codecserver/codecserverclient.h"

#include "codecserver/codecserverexchange.h"

#include "support/opensslruntime.h"

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

std::vector<CodecServerClient::Outcome> CodecServerClient::decode(const std::vector<const Payload*>& payloads,
                                                                  const std::atomic<bool>* cancelled, const Progress& progress)
{
    // Qt Network, its TLS backend and SHA-256 use OpenSSL on this (pool) thread: its state goes when this returns.
    struct ReleaseOpenSsl {
        ~ReleaseOpenSsl() { OpenSslRuntime::releaseThreadState(); }
    } releaseOpenSsl;
    std::vector<Outcome> outcomes(payloads.size());
    if (payloads.empty())
        return outcomes;
    if (auto checked = check(); !checked) {
        for (Outcome& outcome : outcomes)
            outcome.error = checked.error();
        return outcomes;
    }

    // Each distinct payload once: answered from the session's cache, or sent in the first request that holds it.
    std::unordered_map<RemoteAnswerCache::Digest, size_t, RemoteAnswerCache::DigestHash> sendIndex;
    std::vector<const Payload*> toSend;
    std::vector<RemoteAnswerCache::Digest> sendDigests;
    std::vector<std::ptrdiff_t> sentAs(payloads.size(), -1);
    qint64 fromCache = 0;
    for (size_t i = 0; i < payloads.size(); ++i) {
        const auto digest = RemoteAnswerCache::digest(*payloads[i]);
        if (auto answer = m_cache->find(digest)) {
            outcomes[i].answer = std::move(answer);
            ++fromCache;
            continue;
        }
        auto [found, added] = sendIndex.try_emplace(digest, toSend.size());
        if (added) {
            toSend.push_back(payloads[i]);
            sendDigests.push_back(digest);
        }
        sentAs[i] = std::ptrdiff_t(found->second);
    }
    m_cacheHits += int(fromCache);

    std::vector<Outcome> sent(toSend.size());
    if (!toSend.empty()) {
        const qint64 total = qint64(payloads.size());
        auto relay = [&progress, fromCache, total](qint64 done, qint64 sentTotal) {
            if (progress)
                progress(fromCache + done * (total - fromCache) / std::max<qint64>(1, sentTotal), total);
        };
        CodecServerExchange exchange(*this, toSend, &sent, cancelled, relay);
        exchange.run();
    } else if (progress) {
        progress(qint64(payloads.size()), qint64(payloads.size()));
    }
    for (size_t i = 0; i < sent.size(); ++i) {
        if (sent[i].answer)
            m_cache->insert(sendDigests[i], sent[i].answer);
    }
    for (size_t i = 0; i < payloads.size(); ++i) {
        if (sentAs[i] >= 0)
            outcomes[i] = sent[size_t(sentAs[i])];
    }
    return outcomes;
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
