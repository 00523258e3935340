#pragma once

#include <QDateTime>
#include <QString>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hl {

// One HTTP request to serve-codec, as CodecService needs it (no HTTP library's types, so the service can be tested
// and fuzzed without sockets).
struct CodecRequest {
    std::string method;
    std::string path; // without the query string
    std::string host; // the Host header
    std::string origin;
    std::string contentType;
    std::string temporalNamespace; // X-Namespace
    std::string authorization;
    std::string requestId; // X-Request-Id as sent (empty: one is made)
    std::string peer;
    std::string_view body;
};

struct CodecResponse {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// What the log line of one request says: who asked what, and how it ended. Never payload contents, keys or tokens.
struct CodecRequestRecord {
    QDateTime time;
    std::string requestId;
    std::string peer;
    std::string method;
    std::string path;
    std::string operation; // "decode" or "encode" once the path named one
    std::string origin;
    std::string temporalNamespace;
    std::string subject;
    int payloads = 0;
    int decoded = 0;   // or encoded
    int unchanged = 0; // not ours, or passed through
    int failed = 0;    // ours, but could not be undone (left as sent)
    int overBudget = 0; // left as sent because the request's decode bound (--max-decoded) was spent
    std::vector<std::string> missingKeyIds;
    int status = 0;
    bool probe = false; // GET /healthz, /readyz or /metrics: neither logged nor counted as a request
    QString outcome; // "ok", or the reason it was refused
    // From the request's headers read to its answer sent, over the network (the service alone, without a server).
    double milliseconds = 0;
    qint64 responseBytes = 0; // the answer's body as sent
    bool compressed = false;

    QString logLine() const;
    // The same as one JSON object on one line (`--log-format json`), for a log collector: never a payload, a key or
    // a token.
    QString logJson() const;
};

} // namespace hl
