#include "servecodec/codecservice.h"

#include <algorithm>
#include <atomic>
#include <cctype>

#include "codec/codecchain.h"
#include "codec/compressioncodec.h"
#include "codec/decodebudget.h"
#include "codec/encryptioncodec.h"
#include "codec/snappycodec.h"
#include "codecserver/payloadsjson.h"
#include "servecodec/jwkssource.h"
#include "support/sizeformat.h"

#include <QElapsedTimer>

namespace hl {

namespace {

using Payload = temporal::api::common::v1::Payload;

CodecResponse plain(int status, const QString& message)
{
    CodecResponse response;
    response.status = status;
    response.contentType = "text/plain; charset=utf-8";
    response.body = message.toStdString() + "\n";
    return response;
}

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// The last path segment, and the one before it (a namespace, when the endpoint was templated with {namespace}).
void splitPath(std::string_view path, std::string_view* last, std::string_view* beforeLast)
{
    if (!path.empty() && path.back() == '/')
        path.remove_suffix(1);
    const size_t slash = path.rfind('/');
    *last = slash == std::string_view::npos ? path : path.substr(slash + 1);
    *beforeLast = {};
    if (slash != std::string_view::npos && slash > 0) {
        std::string_view head = path.substr(0, slash);
        const size_t previous = head.rfind('/');
        *beforeLast = previous == std::string_view::npos ? head : head.substr(previous + 1);
    }
}

QString text(std::string_view value)
{
    return QString::fromUtf8(value.data(), qsizetype(std::min<size_t>(value.size(), 200)));
}

} // namespace

CodecService::CodecService(ServeCodecSettings settings, ServeKeys keys, std::shared_ptr<const AccessTokenVerifier> verifier,
                           std::shared_ptr<const AccessRules> rules)
    : m_settings(std::move(settings))
    , m_cors(m_settings.origins, m_settings.allowCredentials)
    , m_keys(std::make_shared<const ServeKeys>(std::move(keys)))
    , m_access{std::move(verifier), std::move(rules)}
    , m_chain(std::make_shared<CodecChain>(CodecChain::standard()))
{
    m_encodeLayers.push_back(EncryptionCodec::kEncoding);
    if (m_settings.encodeCompression == QLatin1String("zlib"))
        m_encodeLayers.push_back("binary/zlib");
    else if (m_settings.encodeCompression == QLatin1String("snappy"))
        m_encodeLayers.push_back("binary/snappy");
}

CodecService::~CodecService() = default;

Result<std::shared_ptr<CodecService>> CodecService::create(ServeCodecSettings settings, ServeKeys keys,
                                                          std::function<void(const QString&)> report)
{
    if (auto valid = settings.validate(); !valid)
        return valid.error();
    std::shared_ptr<const AccessRules> rules;
    if (!settings.rulesPath.isEmpty()) {
        if (settings.jwks.isEmpty())
            return Error{ErrorCode::UsageError, QStringLiteral("--rules needs --jwks: the rules judge verified access tokens")};
        auto read = AccessRules::readFile(settings.rulesPath);
        if (!read)
            return read.error();
        rules = std::make_shared<AccessRules>(std::move(read.value()));
    }
    auto metrics = std::make_shared<CodecMetrics>();
    std::shared_ptr<JwksSource> jwks;
    if (!settings.jwks.isEmpty()) {
        JwksSource::Options options;
        options.location = settings.jwks;
        options.caFile = settings.jwksCaFile;
        options.fetched = [metrics](bool ok) { metrics->recordJwksRefresh(ok); };
        auto source = JwksSource::open(options, report);
        if (!source)
            return source.error();
        jwks = std::move(source.value());
    }
    auto verifier = verifierFor(jwks, rules);
    auto service = std::make_shared<CodecService>(std::move(settings), std::move(keys), std::move(verifier), std::move(rules));
    service->m_jwks = std::move(jwks);
    service->m_metrics = std::move(metrics);
    return service;
}

std::shared_ptr<const AccessTokenVerifier> CodecService::verifierFor(const std::shared_ptr<JwksSource>& jwks,
                                                                     const std::shared_ptr<const AccessRules>& rules)
{
    if (!jwks)
        return nullptr;
    return std::make_shared<AccessTokenVerifier>(rules ? rules->tokenOptions() : AccessTokenVerifier::Options{},
                                                 [jwks](bool refresh) { return refresh ? jwks->refreshed() : jwks->current(); });
}

std::shared_ptr<const ServeKeys> CodecService::keys() const
{
    std::lock_guard lock(m_swapMutex);
    return m_keys;
}

void CodecService::replaceKeys(ServeKeys keys)
{
    auto fresh = std::make_shared<const ServeKeys>(std::move(keys));
    std::lock_guard lock(m_swapMutex);
    m_keys = std::move(fresh);
}

CodecService::Access CodecService::access() const
{
    std::lock_guard lock(m_swapMutex);
    return m_access;
}

Result<void> CodecService::reloadRules()
{
    if (m_settings.rulesPath.isEmpty())
        return {};
    auto read = AccessRules::readFile(m_settings.rulesPath);
    if (!read)
        return read.error();
    auto rules = std::make_shared<const AccessRules>(std::move(read.value()));
    auto verifier = verifierFor(m_jwks, rules);
    std::lock_guard lock(m_swapMutex);
    m_access = Access{std::move(verifier), std::move(rules)};
    return {};
}

QStringList CodecService::warnings() const
{
    QStringList warnings;
    const Access who = access();
    const auto& verifier = who.verifier;
    const auto& rules = who.rules;
    if (!ServeCodecSettings::isLoopback(m_settings.host)) {
        warnings << QStringLiteral("listening on %1: other machines can reach this server%2")
                        .arg(m_settings.host, verifier ? QString() : QStringLiteral(", and no access token is required (--jwks)"));
    }
    if (verifier && !m_settings.usesTls())
        warnings << QStringLiteral("access tokens over plain HTTP can be read on the way (and the Web UI passes tokens to https "
                                   "endpoints only): add --tls-cert-path and --tls-key-path");
    if (verifier && (!rules || rules->tokenOptions().issuer.empty()))
        warnings << QStringLiteral("tokens' issuer is not checked: set [token] issuer in --rules");
    if (verifier && (!rules || rules->tokenOptions().audiences.empty()))
        warnings << QStringLiteral("tokens' audience is not checked: set [token] audience in --rules");
    if (keys()->isEmpty())
        warnings << QStringLiteral("no codec keys: encrypted payloads come back as they were sent (add keys with --key or "
                                   "historylens-cli keys add)");
    return warnings;
}

void CodecService::addCorsHeaders(const std::string& origin, CodecResponse* response) const
{
    m_cors.addHeaders(origin, false, &response->headers);
}

CodecResponse CodecService::handle(const CodecRequest& request, CodecRequestRecord* record) const
{
    QElapsedTimer timer;
    timer.start();
    record->time = QDateTime::currentDateTimeUtc();
    record->peer = request.peer;
    record->method = request.method;
    record->path = request.path;
    record->origin = request.origin;
    // The caller's request id when it sent a sane one (a load balancer's), else one of ours: it ties a log line to
    // the answer, which carries it back.
    const bool saneId = !request.requestId.empty() && request.requestId.size() <= 128
        && std::all_of(request.requestId.begin(), request.requestId.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':'; });
    static std::atomic<quint64> counter{0};
    record->requestId = saneId ? request.requestId : "hl-" + std::to_string(++counter);

    if ((request.method == "GET" || request.method == "HEAD")
        && (request.path == "/healthz" || request.path == "/readyz" || request.path == "/metrics")) {
        record->probe = true;
        record->outcome = QStringLiteral("probe");
        CodecResponse response = probe(request.path);
        if (request.method == "HEAD")
            response.body.clear();
        record->status = response.status;
        return response;
    }
    m_metrics->requestStarted();
    struct InFlight {
        CodecMetrics& metrics;
        CodecRequestRecord* record;
        ~InFlight()
        {
            metrics.requestEnded();
            metrics.recordRequest(*record);
        }
    } inFlight{*m_metrics, record};

    std::string_view operation, pathNamespace;
    splitPath(request.path, &operation, &pathNamespace);
    const std::string temporalNamespace = !request.temporalNamespace.empty() ? request.temporalNamespace : std::string(pathNamespace);
    record->temporalNamespace = temporalNamespace;

    CodecResponse response;
    const bool preflight = request.method == "OPTIONS";
    if (preflight) {
        response.status = 204;
        response.contentType.clear();
        record->outcome = m_cors.allows(request.origin) ? QStringLiteral("preflight")
                                                        : QStringLiteral("preflight from an origin not allowed (no CORS headers)");
    } else if (!request.host.empty() && !m_settings.acceptsHostHeader(request.host)) {
        // DNS rebinding: a page on a name that resolves to this address must not reach the keys.
        response = plain(421, QStringLiteral("Misdirected Request: this server does not answer to host %1 (serve-codec --allow-host)")
                                  .arg(text(request.host)));
        record->outcome = QStringLiteral("host not served: ") + text(request.host);
    } else if (!request.origin.empty() && !m_cors.allows(request.origin)) {
        // CORS only keeps an answer from a page's script; a request from an origin not allowed gets no data at all.
        response = plain(403, QStringLiteral("Forbidden: origin %1 is not allowed (serve-codec --origin)").arg(text(request.origin)));
        record->outcome = QStringLiteral("origin not allowed");
    } else if (request.method != "POST") {
        response = plain(405, QStringLiteral("Method Not Allowed: use POST …/decode or …/encode"));
        response.headers.emplace_back("Allow", "POST, OPTIONS");
        record->outcome = QStringLiteral("method not allowed");
    } else if (operation != "decode" && operation != "encode") {
        response = plain(404, QStringLiteral("Not Found: a Codec Server path ends in /decode or /encode"));
        record->outcome = QStringLiteral("not a codec path");
    } else if (const std::string type = lower(request.contentType);
               type.compare(0, 16, "application/json") != 0 || (type.size() > 16 && type[16] != ';' && type[16] != ' ')) {
        response = plain(415, QStringLiteral("Unsupported Media Type: send Content-Type: application/json (got %1)")
                                  .arg(request.contentType.empty() ? QStringLiteral("none") : text(request.contentType)));
        record->outcome = QStringLiteral("wrong content type");
    } else if (qint64(request.body.size()) > m_settings.maxBodyBytes) {
        response = plain(413, QStringLiteral("Payload Too Large: the body is over %1 bytes").arg(m_settings.maxBodyBytes));
        record->outcome = QStringLiteral("body too large");
    } else {
        const bool encode = operation == "encode";
        record->operation = std::string(operation);
        bool passThrough = false;
        if (const Access who = access(); who.verifier) {
            const auto claims = who.verifier->verify(request.authorization);
            AccessRules::Decision decision;
            if (who.rules) {
                decision = who.rules->decide(claims, temporalNamespace,
                                           encode ? AccessRules::Operation::Encode : AccessRules::Operation::Decode);
            } else if (!claims) {
                decision.outcome = AccessRules::Outcome::Unauthenticated;
                decision.reason = claims.error().message;
            } else {
                decision.subject = !claims.value().email.empty() ? claims.value().email : claims.value().subject;
            }
            record->subject = decision.subject;
            switch (decision.outcome) {
            case AccessRules::Outcome::Allow:
                break;
            case AccessRules::Outcome::ReturnEncoded:
                passThrough = true;
                record->outcome = QStringLiteral("denied, payloads returned encoded: ") + decision.reason;
                break;
            case AccessRules::Outcome::Unauthenticated:
                response = plain(401, QStringLiteral("Unauthorized: ") + decision.reason);
                response.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                record->outcome = decision.reason;
                break;
            case AccessRules::Outcome::Forbidden:
                response = plain(403, QStringLiteral("Forbidden: ") + decision.reason);
                record->outcome = decision.reason;
                break;
            }
        }
        if (response.status == 200)
            response = transcode(request, encode, temporalNamespace, passThrough, record);
    }
    m_cors.addHeaders(request.origin, preflight, &response.headers);
    response.headers.emplace_back("X-Request-Id", record->requestId);
    record->status = response.status;
    record->milliseconds = double(timer.nsecsElapsed()) / 1e6;
    return response;
}

QString CodecService::notReadyReason() const
{
    if (m_draining)
        return QStringLiteral("draining: the process is stopping");
    if (keys()->isEmpty())
        return QStringLiteral("no keys loaded");
    return {};
}

CodecResponse CodecService::probe(const std::string& path) const
{
    CodecResponse response;
    response.contentType = "text/plain; charset=utf-8";
    response.headers.emplace_back("Cache-Control", "no-store");
    if (path == "/healthz") {
        response.body = "ok\n";
    } else if (path == "/readyz") {
        const QString reason = notReadyReason();
        response.status = reason.isEmpty() ? 200 : 503;
        response.body = reason.isEmpty() ? std::string("ready\n") : "not ready: " + reason.toStdString() + '\n';
    } else {
        response.contentType = "text/plain; version=0.0.4; charset=utf-8";
        response.body = m_metrics->text();
    }
    return response;
}

CodecResponse CodecService::transcode(const CodecRequest& request, bool encode, const std::string& temporalNamespace,
                                      bool passThrough, CodecRequestRecord* record) const
{
    std::vector<Payload> payloads;
    if (auto read = PayloadsJson::read(request.body, &payloads, size_t(m_settings.maxPayloads)); !read) {
        const int status = read.error().code == ErrorCode::TooLarge ? 413 : 400;
        record->outcome = read.error().message;
        return plain(status, (status == 413 ? QStringLiteral("Payload Too Large: ") : QStringLiteral("Bad Request: "))
                                 + read.error().message);
    }
    record->payloads = int(payloads.size());
    std::vector<Payload> results(payloads.size());
    std::vector<const Payload*> out(payloads.size());
    const std::shared_ptr<const KeyRing> ring = keys()->ringFor(temporalNamespace);
    DecodeBudget budget(m_settings.maxDecodedBytes);
    CodecContext context;
    context.keys = ring.get();
    context.budget = &budget;

    if (passThrough) {
        for (size_t i = 0; i < payloads.size(); ++i)
            out[i] = &payloads[i];
        record->unchanged = int(payloads.size());
    } else if (encode) {
        QString keyId;
        const QString space = QString::fromStdString(temporalNamespace);
        if (auto found = m_settings.encodeKeys.find(space); found != m_settings.encodeKeys.end())
            keyId = found->second;
        else if (auto any = m_settings.encodeKeys.find(QString()); any != m_settings.encodeKeys.end())
            keyId = any->second;
        const std::vector<std::string> ringIds = ring->keyIds();
        if (keyId.isEmpty() && ringIds.size() == 1)
            keyId = QString::fromStdString(ringIds.front());
        if (keyId.isEmpty()) {
            record->outcome = QStringLiteral("no encode key");
            return plain(400, QStringLiteral("Bad Request: no key to encode with for namespace %1 (%2 keys here); start "
                                             "serve-codec with --encode-key ID or NAMESPACE=ID")
                                  .arg(space.isEmpty() ? QStringLiteral("(none)") : space)
                                  .arg(ringIds.size()));
        }
        context.encryptionKeyId = keyId.toStdString();
        if (!ring->find(context.encryptionKeyId)) {
            record->outcome = QStringLiteral("encode key missing");
            return plain(400, QStringLiteral("Bad Request: the encode key `%1` is not among this server's keys for namespace %2")
                                  .arg(keyId, space.isEmpty() ? QStringLiteral("(none)") : space));
        }
        for (size_t i = 0; i < payloads.size(); ++i) {
            auto encoded = m_chain->encode(payloads[i], m_encodeLayers, context);
            if (!encoded) {
                record->outcome = encoded.error().message;
                return plain(400, QStringLiteral("Bad Request: payloads[%1]: %2").arg(i).arg(encoded.error().message));
            }
            results[i] = std::move(encoded.value());
            out[i] = &results[i];
        }
        record->decoded = int(payloads.size());
    } else {
        for (size_t i = 0; i < payloads.size(); ++i) {
            const DecodedPayload decoded = m_chain->decode(payloads[i], context, &results[i]);
            if (decoded.status == DecodedPayload::Status::Decoded) {
                out[i] = &results[i];
                ++record->decoded;
                continue;
            }
            out[i] = &payloads[i];
            if (decoded.status == DecodedPayload::Status::NotEncoded) {
                ++record->unchanged;
            } else if (budget.exhausted() && decoded.error && decoded.error->code == ErrorCode::TooLarge) {
                ++record->overBudget;
            } else {
                ++record->failed;
                if (!decoded.missingKeyId.empty()
                    && std::find(record->missingKeyIds.begin(), record->missingKeyIds.end(), decoded.missingKeyId)
                           == record->missingKeyIds.end())
                    record->missingKeyIds.push_back(decoded.missingKeyId);
            }
        }
    }
    if (record->outcome.isEmpty() && record->overBudget > 0)
        record->outcome = QStringLiteral("%1 payloads left as sent: past the %2 one request may decode (--max-decoded)")
                              .arg(record->overBudget)
                              .arg(formatSize(m_settings.maxDecodedBytes));
    if (record->outcome.isEmpty())
        record->outcome = QStringLiteral("ok");
    CodecResponse response;
    response.body.reserve(request.body.size() + request.body.size() / 4 + 64);
    PayloadsJson::write(out, &response.body);
    return response;
}

} // namespace hl
