#include "servecodec/jwkssource.h"

#include "support/regularfilereader.h"
#include "support/tlsdiagnosis.h"

#include <QFile>
#include <QUrl>

#include <httplib.h>
#include <openssl/x509.h>

namespace hl {

namespace {

Result<std::string> readFile(const QString& path)
{
    auto bytes = RegularFileReader::read(path, qint64(JwkSet::kMaxBytes), QStringLiteral("the key set"));
    if (!bytes)
        return bytes.error();
    return bytes.value().toStdString();
}

Result<std::string> fetch(const JwksSource::Options& options)
{
    const QUrl url(options.location);
    const QString where = options.location;
    if (url.scheme() != QLatin1String("https"))
        return Error{ErrorCode::UsageError, QStringLiteral("a key set URL must be https (keys fetched in the clear could be swapped)"), where};
    httplib::SSLClient client(url.host().toStdString(), url.port(443));
    client.enable_server_certificate_verification(true);
    if (!options.caFile.isEmpty()) {
        // OpenSSL reads the file itself; a FIFO or device in its place is refused here first, not waited on.
        if (auto ca = RegularFileReader::read(options.caFile, 1024 * 1024, QStringLiteral("the key set's CA file")); !ca)
            return ca.error();
        client.set_ca_cert_path(QFile::encodeName(options.caFile).toStdString());
    }
    const auto timeout = std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count();
    client.set_connection_timeout(timeout, 0);
    client.set_read_timeout(timeout, 0);
    client.set_follow_location(false);
    std::string body;
    bool tooLarge = false;
    std::string path = url.path(QUrl::FullyEncoded).toStdString();
    if (path.empty())
        path = "/";
    if (url.hasQuery())
        path += "?" + url.query(QUrl::FullyEncoded).toStdString();
    auto result = client.Get(path, [&](const char* data, size_t size) {
        if (body.size() + size > JwkSet::kMaxBytes) {
            tooLarge = true;
            return false;
        }
        body.append(data, size);
        return true;
    });
    if (tooLarge)
        return Error{ErrorCode::TooLarge, QStringLiteral("the key set is larger than 1 MiB"), where};
    if (!result) {
        const auto error = result.error();
        if (error == httplib::Error::SSLServerVerification) {
            // cpp-httplib says only that verification failed: a handshake of our own names the problem as the
            // other clients do (which CA, which name, since when).
            QString reason = TlsDiagnosis::probe(url, options.caFile, {QStringLiteral("--jwks-ca-file"), {}});
            if (reason.isEmpty()) {
                const long verify = client.get_openssl_verify_result();
                reason = verify != X509_V_OK ? QString::fromUtf8(X509_verify_cert_error_string(verify))
                                             : QStringLiteral("the certificate does not name %1").arg(url.host());
            }
            return Error{ErrorCode::TlsFailed, QStringLiteral("TLS: %1").arg(reason), where};
        }
        if (error == httplib::Error::SSLConnection || error == httplib::Error::SSLLoadingCerts)
            return Error{ErrorCode::TlsFailed, QStringLiteral("TLS: %1").arg(QString::fromStdString(httplib::to_string(error))), where};
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot fetch the key set (%1)").arg(QString::fromStdString(httplib::to_string(error))), where};
    }
    if (result->status != 200)
        return Error{ErrorCode::ServerError, QStringLiteral("fetching the key set answered HTTP %1").arg(result->status), where};
    return body;
}

} // namespace

Result<std::shared_ptr<const JwkSet>> JwksSource::load(const Options& options)
{
    const bool isUrl = options.location.startsWith(QLatin1String("https://")) || options.location.startsWith(QLatin1String("http://"));
    auto bytes = isUrl ? fetch(options) : readFile(options.location);
    if (!bytes)
        return bytes.error();
    return JwkSet::parse(bytes.value(), options.location);
}

Result<std::unique_ptr<JwksSource>> JwksSource::open(Options options, Report report)
{
    auto first = load(options);
    if (!first)
        return first.error();
    if (options.fetched)
        options.fetched(true);
    std::unique_ptr<JwksSource> source(new JwksSource(std::move(options), std::move(report)));
    source->m_keys = std::move(first.value());
    source->m_fetchedAt = std::chrono::steady_clock::now();
    source->m_refresher = std::thread([raw = source.get()] { raw->refreshLoop(); });
    return source;
}

JwksSource::JwksSource(Options options, Report report) : m_options(std::move(options)), m_report(std::move(report)) {}

JwksSource::~JwksSource()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_refresher.joinable())
        m_refresher.join();
}

std::shared_ptr<const JwkSet> JwksSource::current() const
{
    std::lock_guard lock(m_mutex);
    return m_keys;
}

std::shared_ptr<const JwkSet> JwksSource::refreshed()
{
    std::unique_lock lock(m_mutex);
    if (m_fetching) {
        m_wake.wait(lock, [this] { return !m_fetching || m_stopping; });
        return m_keys;
    }
    if (std::chrono::steady_clock::now() - m_fetchedAt >= m_options.minRefetchGap)
        refreshNow(lock);
    return m_keys;
}

void JwksSource::refreshNow(std::unique_lock<std::mutex>& lock)
{
    m_fetching = true;
    lock.unlock();
    auto fresh = load(m_options);
    lock.lock();
    m_fetching = false;
    m_fetchedAt = std::chrono::steady_clock::now();
    if (m_options.fetched)
        m_options.fetched(fresh.ok());
    if (fresh) {
        m_keys = std::move(fresh.value());
    } else if (m_report) {
        m_report(QStringLiteral("key set refresh failed, keeping the last one: %1").arg(fresh.error().toString()));
    }
    m_wake.notify_all();
}

void JwksSource::refreshLoop()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        const auto due = m_fetchedAt + m_options.refreshEvery;
        if (m_wake.wait_until(lock, due, [this, due] { return m_stopping || m_fetchedAt + m_options.refreshEvery > due; }))
            continue;
        if (!m_fetching)
            refreshNow(lock);
    }
}

} // namespace hl
