#include "codecserver/codecserversettings.h"

#include <QCryptographicHash>
#include <QUrl>

#include <cstring>
#include <string_view>

namespace hl {

QString CodecServerSettings::resolvedEndpoint() const
{
    QString resolved = endpoint.trimmed();
    resolved.replace(QLatin1String("{namespace}"), temporalNamespace);
    while (resolved.endsWith(QLatin1Char('/')))
        resolved.chop(1);
    return resolved;
}

QString CodecServerSettings::hostLabel() const
{
    const QUrl url(resolvedEndpoint());
    if (url.host().isEmpty())
        return resolvedEndpoint();
    return url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
}

QByteArray CodecServerSettings::fingerprint() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto add = [&hash](QByteArrayView bytes) {
        const qint64 size = bytes.size();
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(&size), sizeof size));
        hash.addData(bytes);
    };
    add(resolvedEndpoint().toUtf8());
    add(temporalNamespace.toUtf8());
    add(authorization ? QByteArrayView(reinterpret_cast<const char*>(authorization->data()), qsizetype(authorization->size()))
                      : QByteArrayView("-"));
    for (const auto& [name, value] : headers) {
        add(name);
        add(value ? QByteArrayView(reinterpret_cast<const char*>(value->data()), qsizetype(value->size())) : QByteArrayView());
    }
    return hash.result();
}

std::vector<std::pair<QByteArray, SecretPtr>> CodecServerSettings::parseHeaderLines(const SecretBytes& lines)
{
    std::vector<std::pair<QByteArray, SecretPtr>> headers;
    const std::string_view text(reinterpret_cast<const char*>(lines.data()), lines.size());
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(start, end - start);
        const size_t colon = line.find(':');
        if (colon != std::string_view::npos && colon > 0) {
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.remove_prefix(1);
            while (!value.empty() && (value.back() == '\r' || value.back() == ' '))
                value.remove_suffix(1);
            headers.emplace_back(QByteArray(line.data(), qsizetype(colon)).trimmed(), std::make_shared<const SecretBytes>(value));
        }
        start = end + 1;
    }
    return headers;
}

SecretPtr CodecServerSettings::headerLines(const std::vector<std::pair<QByteArray, SecretPtr>>& headers)
{
    size_t size = 0;
    for (const auto& [name, value] : headers)
        size += size_t(name.size()) + 3 + (value ? value->size() : 0);
    auto lines = std::make_shared<SecretBytes>(SecretBytes::zeroed(size));
    size_t at = 0;
    for (const auto& [name, value] : headers) {
        std::memcpy(lines->data() + at, name.constData(), size_t(name.size()));
        at += size_t(name.size());
        lines->data()[at++] = ':';
        lines->data()[at++] = ' ';
        if (value) {
            std::memcpy(lines->data() + at, value->data(), value->size());
            at += value->size();
        }
        lines->data()[at++] = '\n';
    }
    return lines;
}

} // namespace hl
