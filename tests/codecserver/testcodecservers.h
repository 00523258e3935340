#pragma once

#include "frontend/temporalpeers.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace hl::test {

// The Codec Servers the codec_servers fixture started (tests/tools/codec-servers.sh).
struct TestCodecServers {
    QString go;          // the Go SDK's HTTP handler
    QString python;      // the Python SDK's codec under aiohttp, with /bad/<mode>/ routes
    QString pythonHttps; // the same over TLS
    QString caFile;      // the CA that signed its certificate

    bool load()
    {
        const auto env = readEnvFile(QStringLiteral(HL_TEMPORAL_DIR "/codec/codec.env"));
        go = env.value(QStringLiteral("GO_CODEC_URL"));
        python = env.value(QStringLiteral("PY_CODEC_URL"));
        pythonHttps = env.value(QStringLiteral("PY_CODEC_HTTPS_URL"));
        caFile = env.value(QStringLiteral("CODEC_CA_FILE"));
        return !go.isEmpty() && !python.isEmpty();
    }
};

// GET (or POST) one of a test server's own routes: /stats, /log, /reset.
inline QJsonDocument callTestServer(const QString& url, bool post = false)
{
    QNetworkAccessManager network;
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = post ? network.post(request, QByteArray()) : network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return QJsonDocument::fromJson(body);
}

} // namespace hl::test
