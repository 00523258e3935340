#pragma once

#include "support/result.h"

#include <QString>
#include <QStringList>

#include <map>
#include <string_view>

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
    int maxConcurrent = 16;        // requests decoded at once; more wait in a queue of 4 per worker, then get 503
    // Bounds against clients that hold connections or send slowly (all checked while reading, before any token):
    int maxConnections = 1024;          // open connections; past it the one idle longest is closed for the newcomer
    int maxConnectionsPerClient = 64;   // per client address, the same way
    int headerTimeoutSeconds = 10;      // from a connection being ready for a request to its last header byte
    int requestTimeoutSeconds = 60;     // from its headers to its last body byte
    int writeTimeoutSeconds = 30;       // for the answer to leave
    int drainTimeoutSeconds = 10;       // on stopping (SIGTERM), for the requests in flight to be answered
    int maxHeaderBytes = 16 * 1024;     // request line and headers together
    int maxHeaders = 100;               // header fields
    // Bytes one request may decode, counted over every codec layer: payloads past it come back as sent.
    qint64 maxDecodedBytes = 256LL * 1024 * 1024;
    // Host names this server answers to besides its address and localhost (DNS rebinding: a page on another name
    // that resolves to this address is refused).
    QStringList allowedHosts;
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
    // Whether a request's Host header (`name[:port]`) names this server: localhost, a loopback address, the address
    // it listens on, or an --allow-host name. A server on a non-loopback address without --allow-host answers any.
    bool acceptsHostHeader(std::string_view hostHeader) const;
};

} // namespace hl
