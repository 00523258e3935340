#pragma once

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

#include <utility>
#include <vector>

namespace hl::test {

// One answer of a serve-codec server, as a client sees it.
struct HttpAnswer {
    int status = 0; // 0: no HTTP answer (see `error`)
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QString error;

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    bool hasHeader(const QByteArray& name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    QJsonArray payloads() const { return QJsonDocument::fromJson(body).object()[QLatin1String("payloads")].toArray(); }
};

// A blocking HTTP client for the tests (Qt Network, not the server's library).
inline HttpAnswer httpRequest(const QByteArray& method, const QString& url, const QByteArray& body,
                              const std::vector<std::pair<QByteArray, QByteArray>>& headers = {},
                              const QString& caFile = {}, int timeoutMs = 15000)
{
    QNetworkAccessManager network;
    QNetworkRequest request{QUrl(url)};
    bool hasContentType = false;
    for (const auto& [name, value] : headers) {
        request.setRawHeader(name, value);
        hasContentType = hasContentType || name.compare("Content-Type", Qt::CaseInsensitive) == 0;
    }
    if (!hasContentType && method == "POST")
        request.setRawHeader("Content-Type", "application/json");
    if (!caFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromPath(caFile));
        request.setSslConfiguration(tls);
    }
    QNetworkReply* reply = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpAnswer answer;
    if (!reply->isFinished()) {
        answer.error = QStringLiteral("timed out");
        reply->abort();
    } else {
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.headers = reply->rawHeaderPairs();
        if (reply->error() != QNetworkReply::NoError)
            answer.error = reply->errorString();
    }
    reply->deleteLater();
    return answer;
}

inline HttpAnswer postJson(const QString& url, const QByteArray& body,
                           const std::vector<std::pair<QByteArray, QByteArray>>& headers = {}, const QString& caFile = {})
{
    return httpRequest("POST", url, body, headers, caFile);
}

} // namespace hl::test
