#pragma once

#include "servecodec/servekeyfiles.h"
#include "servecodec/servekeys.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace hl {

class CodecHttpServer;
class CodecService;

// Keeps a running serve-codec current without a restart: every few seconds it looks at the key files and key
// directories, the access rules and the TLS certificate and key (their fingerprints, reading nothing) and reads
// again what changed: the service's keys are swapped (requests in flight keep the set they began with), the rules
// replaced, the certificate used for the next connections. So a Secret that kubelet or cert-manager renews is served
// with no signal. reloadAll() (SIGHUP) reads everything, changed or not. A reload that fails keeps what is in force
// and says why; the metrics count both.
// Lives on the thread whose event loop runs its timer (the command's main thread); the reads are small files.
class ServeReloader : public QObject {
    Q_OBJECT
public:
    // `failed`: the line says what went wrong (a log's error level).
    using Report = std::function<void(bool failed, const QString& line)>;

    ServeReloader(std::shared_ptr<CodecService> service, CodecHttpServer* server, ServeKeys fixed, ServeKeyFiles files,
                  Report report, int watchIntervalMs);

    // What changed since the last look.
    void checkFiles();
    // Keys (changed or not), rules and the TLS certificate.
    void reloadAll();

private:
    void reloadKeys(bool always);
    void reloadRules();
    void reloadTls();
    QByteArray rulesFingerprint() const;
    QByteArray tlsFingerprint() const;

    std::shared_ptr<CodecService> m_service;
    CodecHttpServer* m_server;
    ServeKeys m_fixed;
    ServeKeyFiles m_files;
    Report m_report;
    QByteArray m_fingerprint;
    QByteArray m_rulesFingerprint;
    QByteArray m_tlsFingerprint;
    QTimer m_watch;
};

} // namespace hl
