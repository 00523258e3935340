#include "support/tlsdiagnosis.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QUrl>

namespace hl {

namespace {

QString describeOne(const QSslError& error, const QString& verifyName, const TlsDiagnosis::Options& options)
{
    const QSslCertificate certificate = error.certificate();
    switch (error.error()) {
    case QSslError::CertificateExpired:
        return QStringLiteral("the server's certificate expired on %1")
            .arg(certificate.expiryDate().toUTC().toString(Qt::ISODate));
    case QSslError::CertificateNotYetValid:
        return QStringLiteral("the server's certificate is not valid before %1")
            .arg(certificate.effectiveDate().toUTC().toString(Qt::ISODate));
    case QSslError::HostNameMismatch: {
        QStringList names = certificate.subjectAlternativeNames().values(QSsl::DnsEntry);
        names += certificate.subjectAlternativeNames().values(QSsl::IpAddressEntry);
        const QString remedy = options.serverNameOption.isEmpty()
                                   ? QStringLiteral("connect by that name")
                                   : QStringLiteral("connect by that name, or give it with %1").arg(options.serverNameOption);
        return QStringLiteral("the server's certificate is for %1, not %2 (%3)")
            .arg(names.isEmpty() ? certificate.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", "))
                                 : names.join(QStringLiteral(", ")),
                 verifyName, remedy);
    }
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        return QStringLiteral("the server's certificate (issued by %1) is not signed by a CA HistoryLens trusts; give the CA "
                              "with %2")
            .arg(certificate.issuerInfo(QSslCertificate::CommonName).join(QStringLiteral(", ")), options.caOption);
    default:
        return error.errorString();
    }
}

} // namespace

QString TlsDiagnosis::describe(const QList<QSslError>& errors, const QString& verifyName, const Options& options)
{
    // The chain problem is the root cause; a name mismatch on an untrusted certificate is secondary.
    for (const QSslError& error : errors) {
        if (error.error() != QSslError::HostNameMismatch)
            return describeOne(error, verifyName, options);
    }
    return errors.isEmpty() ? QString() : describeOne(errors.first(), verifyName, options);
}

QString TlsDiagnosis::probe(const QUrl& url, const QString& caFile, const Options& options, int timeoutMs)
{
    if (!QSslSocket::supportsSsl() || url.host().isEmpty())
        return {};
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!caFile.isEmpty()) {
        auto authorities = configuration.caCertificates();
        authorities.append(QSslCertificate::fromPath(caFile, QSsl::Pem));
        configuration.setCaCertificates(authorities);
    }
    QSslSocket socket;
    socket.setSslConfiguration(configuration);
    socket.connectToHostEncrypted(url.host(), quint16(url.port(443)));
    if (socket.waitForEncrypted(timeoutMs)) {
        socket.abort();
        return {};
    }
    return describe(socket.sslHandshakeErrors(), url.host(), options);
}

} // namespace hl
