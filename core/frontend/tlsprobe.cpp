#include "frontend/tlsprobe.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QUrl>

namespace hl {

namespace {

QList<QSslCertificate> certificatesFrom(const QString& path, const QByteArray& data)
{
    if (!path.isEmpty())
        return QSslCertificate::fromPath(path, QSsl::Pem);
    return QSslCertificate::fromData(data, QSsl::Pem);
}

QString describe(const QSslError& error, const QString& verifyName)
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
        return QStringLiteral("the server's certificate is for %1, not %2 (connect by that name, or give it with --tls-server-name)")
            .arg(names.isEmpty() ? certificate.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", "))
                                 : names.join(QStringLiteral(", ")),
                 verifyName);
    }
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        return QStringLiteral("the server's certificate (issued by %1) is not signed by a CA HistoryLens trusts; give the CA "
                              "with --tls-ca-path")
            .arg(certificate.issuerInfo(QSslCertificate::CommonName).join(QStringLiteral(", ")));
    default:
        return error.errorString();
    }
}

} // namespace

QString TlsProbe::diagnose(const ConnectionSettings& settings, int timeoutMs)
{
    const QUrl url = QUrl::fromUserInput(QStringLiteral("tls://") + settings.address);
    if (!QSslSocket::supportsSsl() || url.host().isEmpty() || url.port() <= 0)
        return {};
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    const bool ownCa = !settings.serverCaCertPath.isEmpty() || !settings.serverCaCertData.isEmpty();
    if (ownCa)
        configuration.setCaCertificates(certificatesFrom(settings.serverCaCertPath, settings.serverCaCertData));
    const auto clientCertificates = certificatesFrom(settings.clientCertPath, settings.clientCertData);
    if (!clientCertificates.isEmpty())
        configuration.setLocalCertificate(clientCertificates.first());
    QByteArray keyPem;
    if (!settings.clientKeyPath.isEmpty()) {
        QFile file(settings.clientKeyPath);
        if (file.open(QIODevice::ReadOnly))
            keyPem = file.read(1024 * 1024);
    } else if (settings.clientKeyData) {
        keyPem = QByteArray(reinterpret_cast<const char*>(settings.clientKeyData->data()), qsizetype(settings.clientKeyData->size()));
    }
    if (!keyPem.isEmpty()) {
        for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Opaque}) {
            QByteArray passphrase;
            if (settings.clientKeyPassphrase)
                passphrase = QByteArray(reinterpret_cast<const char*>(settings.clientKeyPassphrase->data()),
                                        qsizetype(settings.clientKeyPassphrase->size()));
            const QSslKey key(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase);
            passphrase.fill('\0');
            if (!key.isNull()) {
                configuration.setPrivateKey(key);
                break;
            }
        }
        keyPem.fill('\0');
    }
    configuration.setAllowedNextProtocols({QByteArrayLiteral("h2")});
    QSslSocket socket;
    socket.setSslConfiguration(configuration);
    const QString verifyName = settings.serverName.isEmpty() ? url.host() : settings.serverName;
    socket.connectToHostEncrypted(url.host(), quint16(url.port()), verifyName);
    if (socket.waitForEncrypted(timeoutMs)) {
        socket.abort();
        return {};
    }
    const QList<QSslError> errors = socket.sslHandshakeErrors();
    for (const QSslError& error : errors) {
        // The chain problem is the root cause; a name mismatch on an untrusted certificate is secondary.
        if (error.error() != QSslError::HostNameMismatch)
            return describe(error, verifyName);
    }
    if (!errors.isEmpty())
        return describe(errors.first(), verifyName);
    switch (socket.error()) {
    case QAbstractSocket::ConnectionRefusedError:
    case QAbstractSocket::HostNotFoundError:
    case QAbstractSocket::SocketTimeoutError:
    case QAbstractSocket::NetworkError:
        return {};
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::RemoteHostClosedError:
    case QAbstractSocket::SslInternalError:
        return clientCertificates.isEmpty()
            ? QStringLiteral("the server ended the TLS handshake (%1); does it need a client certificate (--tls-cert-path, --tls-key-path)?")
                  .arg(socket.errorString())
            : QStringLiteral("the server ended the TLS handshake (%1); was the client certificate issued by a CA it trusts?")
                  .arg(socket.errorString());
    default:
        return socket.errorString();
    }
}

} // namespace hl
