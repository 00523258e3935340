#include "cli/codecserveroptions.h"

#include "cli/argvsecrets.h"
#include "cli/connectionoptions.h"

#include <QRegularExpression>

#include <optional>

namespace hl {

CodecServerOptions::CodecServerOptions()
    : m_endpoint(QStringLiteral("codec-endpoint"),
                 QStringLiteral("Remote Codec Server to decode payloads with, e.g. https://codec.example.com ({namespace} is "
                                "replaced; TEMPORAL_CODEC_ENDPOINT, profile codec.endpoint)"),
                 QStringLiteral("URL"))
    , m_auth(QStringLiteral("codec-auth"),
             QStringLiteral("Authorization header for Codec Server requests, verbatim, e.g. \"Bearer ...\" "
                            "(TEMPORAL_CODEC_AUTH, profile codec.auth); on the command line every user can read it, "
                            "so prefer the variable or --codec-auth-file"),
             QStringLiteral("VALUE"))
    , m_authFile(QStringLiteral("codec-auth-file"),
                 QStringLiteral("The Authorization value for Codec Server requests, read from this file"), QStringLiteral("PATH"))
    , m_header(QStringLiteral("codec-header"),
               QStringLiteral("Extra header for Codec Server requests. Repeatable. Readable by every user on the command "
                              "line: for a secret one, use --codec-header-file"),
               QStringLiteral("KEY=VALUE"))
    , m_headerFile(QStringLiteral("codec-header-file"),
                   QStringLiteral("Extra headers for Codec Server requests, one KEY=VALUE a line ('#' comments)"),
                   QStringLiteral("PATH"))
    , m_caFile(QStringLiteral("codec-ca-file"),
               QStringLiteral("CA certificates (PEM) to trust for the Codec Server, besides the system's"), QStringLiteral("PATH"))
    , m_allowPlaintextAuth(QStringLiteral("codec-allow-plaintext-auth"),
                           QStringLiteral("Send --codec-auth over plain http:// to a host that is not this machine"))
    , m_order(QStringLiteral("codec-order"),
              QStringLiteral("local-first (local keys and codecs, then the Codec Server for what is left; the default) or "
                             "remote-only"),
              QStringLiteral("ORDER"))
    , m_batchPayloads(QStringLiteral("codec-batch-payloads"),
                      QStringLiteral("Most payloads in one Codec Server request (default %1)").arg(CodecServerSettings::kDefaultBatchPayloads),
                      QStringLiteral("N"))
    , m_batchBytes(QStringLiteral("codec-batch-bytes"),
                   QStringLiteral("Largest Codec Server request body, e.g. 1MiB (default %1MiB)")
                       .arg(CodecServerSettings::kDefaultBatchBytes / (1024 * 1024)),
                   QStringLiteral("SIZE"))
    , m_concurrency(QStringLiteral("codec-concurrency"),
                    QStringLiteral("Codec Server requests in flight at once (default %1)").arg(CodecServerSettings::kDefaultInFlight),
                    QStringLiteral("N"))
    , m_timeout(QStringLiteral("codec-timeout"),
                QStringLiteral("Deadline of each Codec Server request, e.g. 10s (default %1s)").arg(CodecServerSettings::kDefaultTimeoutMs / 1000),
                QStringLiteral("DURATION"))
{
}

void CodecServerOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOptions({m_endpoint, m_auth, m_authFile, m_header, m_headerFile, m_caFile, m_allowPlaintextAuth, m_order, m_batchPayloads, m_batchBytes,
                       m_concurrency, m_timeout});
}

qint64 CodecServerOptions::sizeBytes(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+)\\s*(|b|k|kb|kib|m|mb|mib)\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return -1;
    bool ok = false;
    const qint64 number = match.captured(1).toLongLong(&ok);
    if (!ok || number > (qint64(1) << 40))
        return -1;
    const QString unit = match.captured(2).toLower();
    if (unit.startsWith(QLatin1Char('k')))
        return number * 1024;
    if (unit.startsWith(QLatin1Char('m')))
        return number * 1024 * 1024;
    return number;
}

Result<CodecServerSettings> CodecServerOptions::resolve(const QCommandLineParser& parser, const ConnectionSettings& connection) const
{
    CodecServerSettings settings;
    settings.temporalNamespace = connection.temporalNamespace;
    settings.endpoint = parser.isSet(m_endpoint) ? parser.value(m_endpoint) : connection.codecEndpoint;
    settings.authorization = connection.codecAuth;
    auto usage = [](const QString& message) { return Error{ErrorCode::UsageError, message}; };
    if (parser.isSet(m_auth) && parser.isSet(m_authFile))
        return usage(QStringLiteral("--codec-auth and --codec-auth-file both give the Authorization value; give one"));
    if (parser.isSet(m_auth))
        settings.authorization = std::make_shared<const SecretBytes>(parser.value(m_auth).toStdString());
    if (parser.isSet(m_authFile)) {
        auto read = ArgvSecrets::readFile(parser.value(m_authFile), QStringLiteral("--codec-auth-file"));
        if (!read)
            return read.error();
        settings.authorization = read.value();
    }
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    for (const QString& header : parser.values(m_header)) {
        const qsizetype equals = header.indexOf(QLatin1Char('='));
        const QString name = header.left(equals).trimmed();
        if (equals <= 0 || !token.match(name).hasMatch())
            return usage(QStringLiteral("--codec-header takes KEY=VALUE with a header name before '='"));
        settings.headers.emplace_back(name.toLatin1(), std::make_shared<const SecretBytes>(header.mid(equals + 1).trimmed().toStdString()));
    }
    for (const QString& path : parser.values(m_headerFile)) {
        auto lines = ArgvSecrets::readLines(path, QStringLiteral("--codec-header-file"));
        if (!lines)
            return lines.error();
        int number = 0;
        for (const auto& line : lines.value()) {
            ++number;
            const std::string_view text(reinterpret_cast<const char*>(line->data()), line->size());
            const size_t equals = text.find('=');
            const QString name = equals == std::string_view::npos
                                     ? QString()
                                     : QString::fromLatin1(text.data(), qsizetype(equals)).trimmed();
            if (name.isEmpty() || !token.match(name).hasMatch())
                return usage(QStringLiteral("--codec-header-file: entry %1 of %2 is not KEY=VALUE with a header name "
                                            "before '='")
                                 .arg(number)
                                 .arg(path));
            std::string_view value = text.substr(equals + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.remove_prefix(1);
            settings.headers.emplace_back(name.toLatin1(), std::make_shared<const SecretBytes>(value));
        }
    }
    settings.caFile = parser.value(m_caFile);
    settings.allowPlaintextAuth = parser.isSet(m_allowPlaintextAuth);
    if (parser.isSet(m_order)) {
        const QString order = parser.value(m_order);
        if (order == QLatin1String("local-first"))
            settings.order = CodecServerSettings::Order::LocalFirst;
        else if (order == QLatin1String("remote-only"))
            settings.order = CodecServerSettings::Order::RemoteOnly;
        else
            return usage(QStringLiteral("--codec-order is local-first or remote-only"));
    }
    // A whole number in [lowest, highest], or the usage error that names the option.
    auto readCount = [&parser](const QCommandLineOption& option, int lowest, int highest, int* out) -> std::optional<Error> {
        if (!parser.isSet(option))
            return std::nullopt;
        bool ok = false;
        *out = parser.value(option).toInt(&ok);
        if (ok && *out >= lowest && *out <= highest)
            return std::nullopt;
        return Error{ErrorCode::UsageError, QStringLiteral("--%1 takes a number between %2 and %3")
                                                .arg(option.names().constFirst())
                                                .arg(lowest)
                                                .arg(highest)};
    };
    if (auto problem = readCount(m_batchPayloads, 1, 100000, &settings.maxBatchPayloads))
        return *problem;
    if (parser.isSet(m_batchBytes)) {
        settings.maxBatchBytes = sizeBytes(parser.value(m_batchBytes));
        if (settings.maxBatchBytes < 1024 || settings.maxBatchBytes > qint64(1024) * 1024 * 1024)
            return usage(QStringLiteral("--codec-batch-bytes takes a size between 1KiB and 1024MiB, e.g. 4MiB"));
    }
    if (auto problem = readCount(m_concurrency, 1, 64, &settings.maxInFlight))
        return *problem;
    if (parser.isSet(m_timeout)) {
        settings.timeoutMs = ConnectionOptions::durationMs(parser.value(m_timeout));
        if (settings.timeoutMs <= 0)
            return usage(QStringLiteral("--codec-timeout takes a duration such as 10s, 500ms or 2m"));
    }
    return settings;
}

} // namespace hl
