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
    if (!encodeCompression.isEmpty() && encodeCompression != QLatin1String("zlib") && encodeCompression != QLatin1String("snappy"))
        return usage(QStringLiteral("--encode-compression is none, zlib or snappy"));
    return {};
}

} // namespace hl
