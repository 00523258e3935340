#include "servecodec/servereloader.h"

#include "servecodec/codechttpserver.h"
#include "servecodec/codecservice.h"

namespace hl {

ServeReloader::ServeReloader(std::shared_ptr<CodecService> service, CodecHttpServer* server, ServeKeys fixed, ServeKeyFiles files,
                             Report report, int watchIntervalMs)
    : m_service(std::move(service))
    , m_server(server)
    , m_fixed(std::move(fixed))
    , m_files(std::move(files))
    , m_report(std::move(report))
    , m_fingerprint(m_files.fingerprint())
{
    if (!m_files.isEmpty() && watchIntervalMs > 0) {
        connect(&m_watch, &QTimer::timeout, this, &ServeReloader::checkKeys);
        m_watch.start(watchIntervalMs);
    }
}

void ServeReloader::checkKeys()
{
    reloadKeys(false);
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
    if (!m_service->settings().rulesPath.isEmpty()) {
        if (auto rules = m_service->reloadRules(); !rules)
            m_report(true, QStringLiteral("access rules reload failed, keeping the rules in force: %1").arg(rules.error().toString()));
        else
            m_report(false, QStringLiteral("access rules reloaded from %1").arg(m_service->settings().rulesPath));
    }
    if (m_server && m_service->settings().usesTls()) {
        if (auto tls = m_server->reloadTls(); !tls)
            m_report(true, QStringLiteral("TLS reload failed, keeping the certificate in use: %1").arg(tls.error().toString()));
        else
            m_report(false, QStringLiteral("TLS certificate reloaded from %1").arg(m_service->settings().tlsCertPath));
    }
}

} // namespace hl
