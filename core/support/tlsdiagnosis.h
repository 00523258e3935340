#pragma once

#include <QList>
#include <QSslError>
#include <QString>

class QSslConfiguration;
class QUrl;

namespace hl {

// What is wrong with a server's certificate, in words a person can act on: which CA is missing and the option that
// adds one, which name the certificate is for instead, when it expired. Shared by every TLS client HistoryLens has
// (the frontend, the Codec Server client, the JWKS fetch), so a wrong CA, a name mismatch and an expired
// certificate read the same everywhere.
class TlsDiagnosis {
public:
    struct Options {
        QString caOption;         // "--codec-ca-file": how to trust a private CA
        QString serverNameOption; // "--tls-server-name", when there is a way to verify another name
    };

    // The root cause among the errors of one handshake (a chain problem before a name mismatch); empty for none.
    static QString describe(const QList<QSslError>& errors, const QString& verifyName, const Options& options);

    // A handshake of its own with `url`'s host, trusting the system's CAs and `caFile` (PEM, may be empty), for a
    // client whose TLS library reports less (cpp-httplib). Empty when the handshake succeeds or nothing answers.
    // Blocks for at most `timeoutMs`; call it off the GUI thread.
    static QString probe(const QUrl& url, const QString& caFile, const Options& options, int timeoutMs = 5000);
};

} // namespace hl
