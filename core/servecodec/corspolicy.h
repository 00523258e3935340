#pragma once

#include <QStringList>

#include <string>
#include <utility>
#include <vector>

namespace hl {

// Which web pages may call the server from a browser (the Temporal Web UI), and the headers that tell the browser.
// An allowed origin is echoed exactly, never `*`, so credentials can be allowed; an origin not on the list gets no
// CORS headers at all and the browser keeps the answer from the page.
class CorsPolicy {
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    CorsPolicy(const QStringList& origins, bool allowCredentials);

    bool allows(const std::string& origin) const;
    // The headers for an answer to `origin` (a preflight also gets the methods, headers and max age); none when the
    // origin is absent or not allowed.
    void addHeaders(const std::string& origin, bool preflight, Headers* headers) const;

private:
    std::vector<std::string> m_origins; // as browsers send them: scheme://host[:port], no trailing slash
    bool m_allowCredentials;
};

} // namespace hl
