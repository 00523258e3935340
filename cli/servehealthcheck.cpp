#include "cli/servehealthcheck.h"

#include "support/regularfilereader.h"

#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

namespace hl {

QString ServeHealthCheck::check(const ServeCodecSettings& settings, const QString& path, int timeoutMs)
{
    QString host = settings.host;
    if (host == QLatin1String("0.0.0.0") || host.isEmpty())
        host = QStringLiteral("127.0.0.1");
    else if (host == QLatin1String("::"))
        host = QStringLiteral("::1");
    QUrl url;
    url.setScheme(settings.usesTls() ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(host);
    url.setPort(settings.port);
    url.setPath(path);

    QList<QSslCertificate> pinned;
    if (settings.usesTls()) {
        auto pem = RegularFileReader::read(settings.tlsCertPath, 1024 * 1024, QStringLiteral("the TLS certificate"));
        if (pem)
            pinned = QSslCertificate::fromData(pem.value(), QSsl::Pem);
        if (pinned.isEmpty())
            return QStringLiteral("cannot read the certificate %1").arg(settings.tlsCertPath);
    }
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = network.get(request);
    // /healthz answers "ok": whatever answers with more is not the server, and is not read into memory.
    constexpr qint64 kMaxAnswer = 4096;
    reply->setReadBufferSize(kMaxAnswer * 2);
    bool overlong = false;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply, pinned](const QList<QSslError>&) {
        // Only the certificate this server was started with is accepted, whatever name or issuer it has.
        if (!pinned.isEmpty() && reply->sslConfiguration().peerCertificate() == pinned.constFirst())
            reply->ignoreSslErrors();
    });
    QEventLoop waiting;
    QObject::connect(reply, &QNetworkReply::finished, &waiting, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::readyRead, &waiting, [&] {
        if (reply->bytesAvailable() > kMaxAnswer) {
            overlong = true;
            waiting.quit();
        }
    });
    QTimer::singleShot(timeoutMs + 1000, &waiting, &QEventLoop::quit);
    waiting.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QString problem;
    if (overlong)
        problem = QStringLiteral("%1 answered %2 with more than %3 bytes: not a serve-codec health answer").arg(url.toString()).arg(status).arg(kMaxAnswer);
    else if (!reply->isFinished())
        problem = QStringLiteral("no answer from %1 within %2 ms").arg(url.toString()).arg(timeoutMs);
    else if (status == 200)
        problem.clear();
    else if (status != 0)
        problem = QStringLiteral("%1 answered %2: %3").arg(url.toString()).arg(status).arg(QString::fromUtf8(reply->read(512)).trimmed());
    else
        problem = QStringLiteral("%1: %2").arg(url.toString(), reply->errorString());
    reply->abort();
    reply->deleteLater();
    return problem;
}

} // namespace hl
