#pragma once

#include "frontend/connectionsettings.h"

#include <QString>

namespace hl {

// Names what is wrong with a frontend's TLS (unknown CA, a certificate for another host, an expired one, a server
// that wants a client certificate) by making a handshake of its own with the same trust and identity, since gRPC's
// status rarely says. Blocks for at most a few seconds; call it off the GUI thread.
class TlsProbe {
public:
    // Empty when the handshake succeeds or no TLS server answers (then TLS is not the problem).
    static QString diagnose(const ConnectionSettings& settings, int timeoutMs = 5000);
};

} // namespace hl
