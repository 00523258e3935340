#include "servecodec/servecodecsettings.h"

#include <QHostAddress>
#include <QUrl>

namespace hl {

namespace {

Error usage(const QString& message)
{
    return Error{ErrorCode::UsageError, message};
}

} // namespace

QString ServeCodecSettings::url(quint16 boundPort) const
{
    QString shownHost = host;
    if (host == QLatin1String("0.0.0.0") || host == QLatin1String("::"))
        shownHost = QStringLiteral("127.0.0.1");
    if (shownHost.contains(QLatin1Char(':')))
        shownHost = QLatin1Char('[') + shownHost + QLatin1Char(']');
    return QStringLiteral("%1://%2:%3").arg(usesTls() ? QStringLiteral("https") : QStringLiteral("http"), shownHost).arg(boundPort);
}

bool ServeCodecSettings::isLoopback(const QString& host)
{
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool ServeCodecSettings::acceptsHostHeader(std::string_view hostHeader) const
{
    QString name = QString::fromLatin1(hostHeader.data(), qsizetype(std::min<size_t>(hostHeader.size(), 300))).trimmed().toLower();
    if (name.startsWith(QLatin1Char('['))) {
        const qsizetype close = name.indexOf(QLatin1Char(']'));
        if (close < 0)
            return false;
        name = name.mid(1, close - 1);
    } else if (name.count(QLatin1Char(':')) == 1) {
        name = name.section(QLatin1Char(':'), 0, 0);
    }
    if (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    if (name.isEmpty())
        return false;
    for (const QString& allowed : allowedHosts) {
        if (name == allowed.toLower())
            return true;
    }
    // Browsers resolve localhost and its subdomains to loopback themselves (RFC 6761), so no page can rebind them.
    if (name == QLatin1String("localhost") || name.endsWith(QLatin1String(".localhost")))
        return true;
    const QHostAddress address(name);
    if (!address.isNull() && (address.isLoopback() || address == QHostAddress(host)))
        return true;
    return allowedHosts.isEmpty() && !isLoopback(host);
}

Result<void> ServeCodecSettings::setListen(const QString& listen)
{
    QString text = listen.trimmed();
    QString hostPart = text;
    QString portPart;
    if (text.startsWith(QLatin1Char('['))) {
        const int close = text.indexOf(QLatin1Char(']'));
        if (close < 0)
            return usage(QStringLiteral("--listen %1: an IPv6 address needs a closing ]").arg(listen));
        hostPart = text.mid(1, close - 1);
        if (text.mid(close + 1).startsWith(QLatin1Char(':')))
            portPart = text.mid(close + 2);
    } else if (text.count(QLatin1Char(':')) == 1) {
        hostPart = text.section(QLatin1Char(':'), 0, 0);
        portPart = text.section(QLatin1Char(':'), 1);
    } else if (!text.isEmpty() && text.front().isDigit() && !text.contains(QLatin1Char('.'))) {
        hostPart.clear();
        portPart = text;
    }
    if (!hostPart.isEmpty())
        host = hostPart;
    if (!portPart.isEmpty()) {
        bool ok = false;
        const uint value = portPart.toUInt(&ok);
        if (!ok || value > 65535)
            return usage(QStringLiteral("--listen %1: the port must be 0 to 65535").arg(listen));
        port = quint16(value);
    }
    return {};
}

Result<void> ServeCodecSettings::addEncodeKey(const QString& assignment)
{
    const int equals = assignment.indexOf(QLatin1Char('='));
    const QString space = equals < 0 ? QString() : assignment.left(equals).trimmed();
    const QString id = (equals < 0 ? assignment : assignment.mid(equals + 1)).trimmed();
    if (id.isEmpty())
        return usage(QStringLiteral("--encode-key needs a key id, or NAMESPACE=ID"));
    encodeKeys[space] = id;
    return {};
}

Result<void> ServeCodecSettings::validate() const
{
    if (host != QLatin1String("localhost") && QHostAddress(host).isNull())
        return usage(QStringLiteral("--listen: %1 is not an IP address (or localhost)").arg(host));
    if (tlsCertPath.isEmpty() != tlsKeyPath.isEmpty())
        return usage(QStringLiteral("HTTPS needs both --tls-cert-path and --tls-key-path"));
    for (const QString& origin : origins) {
        const QUrl url(origin);
        if (origin == QLatin1String("*"))
            return usage(QStringLiteral("--origin *: name each origin; a wildcard would let any web page decode payloads"));
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty() || !(url.path().isEmpty() || url.path() == QLatin1String("/")) || url.hasQuery())
            return usage(QStringLiteral("--origin %1: an origin is scheme://host[:port], as a browser sends it").arg(origin));
    }
    if (maxBodyBytes < 1024 || maxBodyBytes > 1024LL * 1024 * 1024)
        return usage(QStringLiteral("--max-body must be between 1 KiB and 1 GiB"));
    if (maxPayloads < 1 || maxConcurrent < 1 || maxConcurrent > 256)
        return usage(QStringLiteral("--max-payloads must be at least 1 and --max-concurrent 1 to 256"));
    if (maxConnections < 1 || maxConnectionsPerClient < 1 || maxConnectionsPerClient > maxConnections)
        return usage(QStringLiteral("--max-connections must be at least 1 and --max-connections-per-client 1 to --max-connections"));
    if (headerTimeoutSeconds < 1 || requestTimeoutSeconds < 1 || writeTimeoutSeconds < 1)
        return usage(QStringLiteral("--header-timeout, --request-timeout and --write-timeout must be at least 1 s"));
    if (maxHeaderBytes < 1024 || maxHeaders < 8)
        return usage(QStringLiteral("--max-header-bytes must be at least 1024 and --max-headers at least 8"));
    if (maxDecodedBytes < 1024)
        return usage(QStringLiteral("--max-decoded must be at least 1 KiB"));
    for (const QString& name : allowedHosts) {
        if (name.isEmpty() || name.contains(QLatin1Char(':')) || name.contains(QLatin1Char('/')) || name.contains(QLatin1Char(' ')))
            return usage(QStringLiteral("--allow-host %1: give a host name without scheme or port").arg(name));
    }
    if (!encodeCompression.isEmpty() && encodeCompression != QLatin1String("zlib") && encodeCompression != QLatin1String("snappy"))
        return usage(QStringLiteral("--encode-compression is none, zlib or snappy"));
    return {};
}

} // namespace hl
