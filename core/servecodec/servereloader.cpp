#include "servecodec/servereloader.h"

#include "servecodec/codechttpserver.h"
#include "servecodec/codecservice.h"
#include "keys/keyfileaccess.h"

namespace hl {

ServeReloader::ServeReloader(std::shared_ptr<CodecService> service, CodecHttpServer* server, ServeKeys fixed, ServeKeyFiles files,
                             Report report, int watchIntervalMs)
    : m_service(std::move(service))
    , m_server(server)
    , m_fixed(std::move(fixed))
    , m_files(std::move(files))
    , m_report(std::move(report))
    , m_fingerprint(m_files.fingerprint())
    , m_rulesFingerprint(rulesFingerprint())
    , m_tlsFingerprint(tlsFingerprint())
{
    const bool watched = !m_files.isEmpty() || !m_rulesFingerprint.isEmpty() || !m_tlsFingerprint.isEmpty();
    if (watched && watchIntervalMs > 0) {
        connect(&m_watch, &QTimer::timeout, this, &ServeReloader::checkFiles);
        m_watch.start(watchIntervalMs);
    }
}

QByteArray ServeReloader::rulesFingerprint() const
{
    const QString& path = m_service->settings().rulesPath;
    return path.isEmpty() ? QByteArray() : KeyFileAccess::fingerprint(path);
}

QByteArray ServeReloader::tlsFingerprint() const
{
    const ServeCodecSettings& settings = m_service->settings();
    if (!m_server || !settings.usesTls())
        return {};
    return KeyFileAccess::fingerprint(settings.tlsCertPath) + KeyFileAccess::fingerprint(settings.tlsKeyPath);
}

void ServeReloader::checkFiles()
{
    if (!m_files.isEmpty())
        reloadKeys(false);
    // A certificate and key written one after the other may be read half renewed; that load fails, keeps the pair
    // in use, and the next look (the key changed again) loads them together.
    if (const QByteArray print = rulesFingerprint(); print != m_rulesFingerprint) {
        m_rulesFingerprint = print;
        reloadRules();
    }
    if (const QByteArray print = tlsFingerprint(); print != m_tlsFingerprint) {
        m_tlsFingerprint = print;
        reloadTls();
    }
}

void ServeReloader::reloadKeys(bool always)
{
    const QByteArray fingerprint = m_files.fingerprint();
    if (!always && fingerprint == m_fingerprint)
        return;
    m_fingerprint = fingerprint;
    auto keys = m_files.combine(m_fixed);
    if (!keys) {
        // Half-written files or a wrong mode: the keys in force stay until the files are right.
        m_service->metrics()->recordKeyReload(false);
        m_report(true, QStringLiteral("key reload failed, keeping the %1 keys in use: %2")
                     .arg(m_service->keys()->keyCount())
                     .arg(keys.error().toString()));
        return;
    }
    const QString changes = keys.value().changesSince(*m_service->keys());
    const size_t count = keys.value().keyCount();
    m_service->replaceKeys(std::move(keys.value()));
    m_service->metrics()->recordKeyReload(true);
    m_report(false, QStringLiteral("keys reloaded: %1 keys%2").arg(count).arg(changes.isEmpty() ? QStringLiteral(", unchanged") : QStringLiteral(" (") + changes + QLatin1Char(')')));
}

void ServeReloader::reloadAll()
{
    if (!m_files.isEmpty())
        reloadKeys(true);
    m_rulesFingerprint = rulesFingerprint();
    if (!m_rulesFingerprint.isEmpty())
        reloadRules();
    m_tlsFingerprint = tlsFingerprint();
    if (!m_tlsFingerprint.isEmpty())
        reloadTls();
}

void ServeReloader::reloadRules()
{
    if (auto rules = m_service->reloadRules(); !rules)
        m_report(true, QStringLiteral("access rules reload failed, keeping the rules in force: %1").arg(rules.error().toString()));
    else
        m_report(false, QStringLiteral("access rules reloaded from %1").arg(m_service->settings().rulesPath));
}

void ServeReloader::reloadTls()
{
    if (auto tls = m_server->reloadTls(); !tls)
        m_report(true, QStringLiteral("TLS reload failed, keeping the certificate in use: %1").arg(tls.error().toString()));
    else
        m_report(false, QStringLiteral("TLS certificate reloaded from %1").arg(m_service->settings().tlsCertPath));
}

} // namespace hl
