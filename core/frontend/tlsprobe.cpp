#include "frontend/tlsprobe.h"

#include "support/tlsdiagnosis.h"

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
    if (!errors.isEmpty())
        return TlsDiagnosis::describe(errors, verifyName, {QStringLiteral("--tls-ca-path"), QStringLiteral("--tls-server-name")});
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
