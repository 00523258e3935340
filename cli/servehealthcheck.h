#pragma once

#include "servecodec/servecodecsettings.h"

#include <QString>

namespace hl {

// `serve-codec --health-check`: asks a serve-codec started with the same options (listen address, TLS) whether it
// is alive, as a container's HEALTHCHECK does without a shell or curl in the image. A server listening on every
// address is asked on loopback. Over HTTPS the server must present the very certificate --tls-cert-path names
// (pinned: it is usually issued for a name other than localhost).
class ServeHealthCheck {
public:
    // Empty when GET `path` answered 200 within `timeoutMs`, else why not.
    static QString check(const ServeCodecSettings& settings, const QString& path, int timeoutMs);
};

} // namespace hl
