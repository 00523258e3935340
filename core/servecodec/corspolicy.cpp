#include "servecodec/corspolicy.h"

#include <algorithm>

namespace hl {

CorsPolicy::CorsPolicy(const QStringList& origins, bool allowCredentials) : m_allowCredentials(allowCredentials)
{
    for (QString origin : origins) {
        while (origin.endsWith(QLatin1Char('/')))
            origin.chop(1);
        m_origins.push_back(origin.toLower().toStdString());
    }
}

bool CorsPolicy::allows(const std::string& origin) const
{
    if (origin.empty())
        return false;
    std::string lowered = origin;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return std::find(m_origins.begin(), m_origins.end(), lowered) != m_origins.end();
}

void CorsPolicy::addHeaders(const std::string& origin, bool preflight, Headers* headers) const
{
    headers->emplace_back("Vary", "Origin");
    if (!allows(origin))
        return;
    headers->emplace_back("Access-Control-Allow-Origin", origin);
    if (m_allowCredentials)
        headers->emplace_back("Access-Control-Allow-Credentials", "true");
    if (preflight) {
        headers->emplace_back("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
        // Authorization-Extras: the Web UI sends the ID token in it when it passes the access token.
        headers->emplace_back("Access-Control-Allow-Headers", "X-Namespace, Content-Type, Authorization, Authorization-Extras");
        headers->emplace_back("Access-Control-Max-Age", "600");
    }
}

} // namespace hl
