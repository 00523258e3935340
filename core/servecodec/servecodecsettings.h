#pragma once

#include "support/result.h"

#include <QString>
#include <QStringList>

#include <map>

namespace hl {

// How a serve-codec server listens and what it allows; the same for `historylens-cli serve-codec` and the app's
// Serve Codec dialog. Secrets are not here: keys come from the keychain and --key, tokens from the requests.
struct ServeCodecSettings {
    static constexpr quint16 kDefaultPort = 8888;

    QString host = QStringLiteral("127.0.0.1"); // loopback unless told otherwise
    quint16 port = kDefaultPort;                // 0: any free port
    // Browser origins allowed to call (CORS). The dev server's UI by default.
    QStringList origins{QStringLiteral("http://localhost:8233"), QStringLiteral("http://127.0.0.1:8233")};
    bool allowCredentials = false; // the Web UI's "Include cross-origin credentials"
    QString tlsCertPath;           // PEM; with tlsKeyPath, the server speaks HTTPS only
    QString tlsKeyPath;
    QString jwks;                  // a JWKS file or https URL: access tokens are then required
    QString jwksCaFile;            // trust this CA for the JWKS URL
    QString rulesPath;             // a TOML file of AccessRules
    qint64 maxBodyBytes = 32LL * 1024 * 1024;
    int maxPayloads = 10000;       // per request
    int maxConcurrent = 16;        // requests handled at once; more wait for a free worker
    // The key id /encode encrypts with, by namespace ("" for any namespace).
    std::map<QString, QString> encodeKeys;
    QString encodeCompression;     // "", "zlib" or "snappy": compressed before encryption

    bool usesTls() const { return !tlsCertPath.isEmpty(); }
    // "http://127.0.0.1:8888" (the port once bound, when 0 was asked for).
    QString url(quint16 boundPort) const;
    // Checks what can be checked before binding: a usable address, both TLS files or neither, the origins' form,
    // bounds, the compression name.
    Result<void> validate() const;
    // `[HOST:]PORT`, `:PORT` or `HOST` into host and port.
    Result<void> setListen(const QString& listen);
    // `ID` or `NAMESPACE=ID`.
    Result<void> addEncodeKey(const QString& assignment);
    // Whether `host` is a loopback address or name.
    static bool isLoopback(const QString& host);
};

} // namespace hl
