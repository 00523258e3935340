#pragma once

#include "servecodec/accessrules.h"
#include "servecodec/codecexchange.h"
#include "servecodec/codecmetrics.h"
#include "servecodec/corspolicy.h"
#include "servecodec/servecodecsettings.h"
#include "servecodec/servekeys.h"

#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace hl {

class CodecChain;
class JwksSource;

// The Codec Server contract, served: `POST …/decode` and `POST …/encode` (only the last path segment counts, any
// query string is ignored), Payloads as proto3 JSON in and out, the same count back. A payload that is not ours
// (no codec encoding, or a key this server lacks) comes back as it was sent. The namespace is X-Namespace, else the
// path segment before the last one (the `{namespace}` of an endpoint template). CORS, access tokens and bounds are
// applied here, before any payload is touched. Thread-safe: every request thread calls handle() at once.
class CodecService {
public:
    // `verifier` and `rules` are null when no access tokens are required.
    CodecService(ServeCodecSettings settings, ServeKeys keys, std::shared_ptr<const AccessTokenVerifier> verifier,
                 std::shared_ptr<const AccessRules> rules);
    ~CodecService();

    // The service `settings` describe: the JWKS read (or fetched) and the rules file read when given. `report`
    // receives lines for the server's log (a failed JWKS refresh); it must stay callable while the service lives.
    static Result<std::shared_ptr<CodecService>> create(ServeCodecSettings settings, ServeKeys keys,
                                                        std::function<void(const QString&)> report = {});
    // Warnings about a configuration that works but is probably not meant (a public address, tokens over plain HTTP).
    QStringList warnings() const;

    CodecResponse handle(const CodecRequest& request, CodecRequestRecord* record) const;

    // From now on GET /readyz answers 503 (the process is stopping: a load balancer sends no new requests), while
    // requests already here are answered.
    void setDraining() const { m_draining = true; }
    bool isDraining() const { return m_draining; }
    // Why the service is not ready (empty when it is): no keys, or draining.
    QString notReadyReason() const;
    const std::shared_ptr<CodecMetrics>& metrics() const { return m_metrics; }

    const ServeCodecSettings& settings() const { return m_settings; }
    // The keys served now; a request keeps the set it began with, so a reload never fails a request in flight.
    std::shared_ptr<const ServeKeys> keys() const;
    // A rotation: requests from now on use `keys`.
    void replaceKeys(ServeKeys keys);
    // Reads the --rules file again (SIGHUP); on an error the rules in force stay.
    Result<void> reloadRules();
    bool requiresTokens() const { return bool(access().verifier); }
    // Errors answered before the service saw the request (the HTTP layer's 413 for a body past --max-body) still
    // get CORS headers, so the browser shows the page why.
    void addCorsHeaders(const std::string& origin, CodecResponse* response) const;

private:
    // Who may call, as one value, so a reload swaps verifier and rules together.
    struct Access {
        std::shared_ptr<const AccessTokenVerifier> verifier;
        std::shared_ptr<const AccessRules> rules;
    };
    Access access() const;
    static std::shared_ptr<const AccessTokenVerifier> verifierFor(const std::shared_ptr<JwksSource>& jwks,
                                                                  const std::shared_ptr<const AccessRules>& rules);

    CodecResponse transcode(const CodecRequest& request, bool encode, const std::string& temporalNamespace,
                            bool passThrough, CodecRequestRecord* record) const;
    // GET /healthz, /readyz and /metrics: no token needed, no key named.
    CodecResponse probe(const std::string& path) const;

    ServeCodecSettings m_settings;
    CorsPolicy m_cors;
    mutable std::mutex m_swapMutex; // guards m_keys and m_access, which reloads replace
    std::shared_ptr<const ServeKeys> m_keys;
    Access m_access;
    std::shared_ptr<JwksSource> m_jwks;
    std::shared_ptr<const CodecChain> m_chain;
    std::vector<std::string> m_encodeLayers;
    std::shared_ptr<CodecMetrics> m_metrics = std::make_shared<CodecMetrics>();
    mutable std::atomic<bool> m_draining{false};
};

} // namespace hl
