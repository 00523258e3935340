#include "fuzzdata.h"
#include "fuzzkeys.h"
#include "fuzztargets.h"

#include "keys/keyspec.h"
#include "servecodec/codecexchange.h"
#include "servecodec/codecservice.h"
#include "servecodec/servekeys.h"

#include <cstdlib>

namespace hl::fuzz {

namespace {

std::shared_ptr<CodecService> makeService(bool tokens)
{
    ServeCodecSettings settings;
    settings.port = 0;
    settings.maxPayloads = 1000;
    settings.encodeCompression = QStringLiteral("zlib");
    settings.encodeKeys.emplace(QString(), QStringLiteral("test"));
    if (tokens) {
        settings.jwks = fixtureFile("jwks.json");
        settings.rulesPath = fixtureFile("rules.toml");
        if (settings.jwks.isEmpty() || settings.rulesPath.isEmpty())
            return nullptr;
    }
    ServeKeys keys;
    const auto ring = testKeys();
    for (const std::string& id : ring->keyIds())
        keys.add(id == "k128" ? QStringLiteral("default") : QString(), id, ring->find(id));
    auto service = CodecService::create(std::move(settings), std::move(keys));
    if (!service)
        std::abort(); // the fuzz build itself is broken
    return service.value();
}

std::string_view nextLine(std::string_view& text)
{
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    return line;
}

} // namespace

// One request as the HTTP layer hands it to the service, written like HTTP/1.1 without the version:
//   POST /default/decode
//   Origin: http://localhost:8233
//   Content-Type: application/json
//   X-Namespace: default
//   Authorization: Bearer eyJ...
//   Service: tokens                  (the service that requires access tokens, when the fixture is there)
//
//   {"payloads":[...]}
int serveCodec(const uint8_t* data, size_t size)
{
    static const std::shared_ptr<CodecService> open = makeService(false);
    static const std::shared_ptr<CodecService> guarded = makeService(true);
    std::string_view text(reinterpret_cast<const char*>(data), size);
    CodecRequest request;
    const std::string_view start = nextLine(text);
    const size_t space = start.find(' ');
    request.method = std::string(start.substr(0, space));
    request.path = space == std::string_view::npos ? std::string() : std::string(start.substr(space + 1));
    request.peer = "127.0.0.1";
    bool tokens = false;
    for (std::string_view line = nextLine(text); !line.empty(); line = nextLine(text)) {
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view name = line.substr(0, colon);
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        if (name == "Origin")
            request.origin = value;
        else if (name == "Content-Type")
            request.contentType = value;
        else if (name == "X-Namespace")
            request.temporalNamespace = value;
        else if (name == "Authorization")
            request.authorization = value;
        else if (name == "Service")
            tokens = value == "tokens";
    }
    request.body = text;
    const CodecService& service = tokens && guarded ? *guarded : *open;
    CodecRequestRecord record;
    const CodecResponse response = service.handle(request, &record);
    const QByteArray logLine = record.logLine().toUtf8();
    if (response.status < 100 || response.status > 599)
        std::abort();
    // The log names who asked, never with what: a token long enough to be one is never in it, unless the request
    // also put the same text where the log may quote it (the path, the origin, the namespace).
    const std::string_view token = credentialOf(request.authorization);
    const bool quotedElsewhere = request.path.find(token) != std::string::npos
        || request.origin.find(token) != std::string::npos || request.temporalNamespace.find(token) != std::string::npos;
    if (!token.empty() && !quotedElsewhere && logLine.contains(QByteArray(token.data(), qsizetype(token.size()))))
        std::abort();
    return 0;
}

} // namespace hl::fuzz
