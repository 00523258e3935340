#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>
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

// Starts `historylens-cli serve-codec ARGS --port-file …` and waits for its port (0 when it did not start).
inline quint16 startServer(QProcess& server, const QString& portFile, QStringList arguments,
                    const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    server.setProcessEnvironment(environment);
    arguments.prepend(QStringLiteral("serve-codec"));
    arguments << QStringLiteral("--port-file") << portFile;
    server.start(QStringLiteral(HL_CLI_PATH), arguments);
    QElapsedTimer waited;
    waited.start();
    while (!(QFile::exists(portFile) && QFileInfo(portFile).size() > 0) && waited.elapsed() < 10000
           && server.state() != QProcess::NotRunning)
        QTest::qWait(20);
    QFile port(portFile);
    if (!port.open(QIODevice::ReadOnly))
        return 0;
    return quint16(port.readAll().trimmed().toUInt());
}

// One POST /decode on a connection of its own, blocking (usable from any thread): the status and the body.
inline std::pair<int, QByteArray> decodeOnce(quint16 port, const QByteArray& payloads)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {0, "no connection"};
    socket.write("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
                 "Content-Length: " + QByteArray::number(payloads.size()) + "\r\n\r\n" + payloads);
    QByteArray answer;
    while (socket.waitForReadyRead(10000))
        answer += socket.readAll();
    answer += socket.readAll();
    const int status = answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
    const qsizetype split = answer.indexOf("\r\n\r\n");
    return {status, split < 0 ? QByteArray() : answer.mid(split + 4)};
}

} // namespace hl::test
