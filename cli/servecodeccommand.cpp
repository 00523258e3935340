#include "cli/servecodeccommand.h"
#include "cli/environmentoptions.h"

#include "cli/clidiagnostics.h"
#include "cli/servehealthcheck.h"
#include "keys/keychainkeystore.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "servecodec/codechttpserver.h"
#include "servecodec/servekeyfiles.h"
#include "servecodec/servereloader.h"
#include "support/optionsfile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <mutex>

namespace hl {

namespace {

const char* const kProgram = "historylens-cli";

std::atomic<int> g_stopSignal{0};
std::atomic<bool> g_reloadSignal{false};

extern "C" void requestStop(int signal)
{
    g_stopSignal.store(signal);
}

extern "C" void requestReload(int)
{
    g_reloadSignal.store(true);
}

// A text log line as one line: control characters (a newline in a key file's name would forge a line, an escape
// sequence would drive the terminal) written as \xNN, as JSON lines escape them.
QString oneLogLine(const QString& line)
{
    QString out;
    out.reserve(line.size());
    for (const QChar c : line) {
        const ushort code = c.unicode();
        if (code < 0x20 || code == 0x7f || (code >= 0x80 && code < 0xa0))
            out += QStringLiteral("\\x%1").arg(code, 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

void ServeCodecCommand::print(QIODevice& device, const QString& text)
{
    device.write(text.toUtf8());
}

int ServeCodecCommand::usage(const QString& message)
{
    print(m_err, QStringLiteral("%1 serve-codec: %2\nTry '%1 serve-codec --help'.\n").arg(QLatin1String(kProgram), message));
    return 2;
}

int ServeCodecCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serve HistoryLens's codecs and keys as a Codec Server (POST …/decode, …/encode) for the Temporal Web UI "
        "(--ui-codec-endpoint, or its Data Encoder settings) and the temporal CLI (--codec-endpoint)."));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help"));
    const QCommandLineOption listenOption(QStringLiteral("listen"),
                                          QStringLiteral("Address and port to listen on (default 127.0.0.1:8888; port 0 picks a free one)"),
                                          QStringLiteral("[HOST:]PORT"));
    const QCommandLineOption originOption(QStringLiteral("origin"),
                                          QStringLiteral("A web origin allowed to call from a browser (CORS), repeatable "
                                                         "(default http://localhost:8233 and http://127.0.0.1:8233, the dev server's UI)"),
                                          QStringLiteral("URL"));
    const QCommandLineOption credentialsOption(QStringLiteral("allow-credentials"),
                                               QStringLiteral("Answer Access-Control-Allow-Credentials: true (the Web UI's "
                                                              "\"Include cross-origin credentials\")"));
    const QCommandLineOption certOption(QStringLiteral("tls-cert-path"), QStringLiteral("Serve HTTPS with this certificate (PEM)"),
                                        QStringLiteral("FILE"));
    const QCommandLineOption keyPathOption(QStringLiteral("tls-key-path"), QStringLiteral("The certificate's private key (PEM)"),
                                           QStringLiteral("FILE"));
    const QCommandLineOption jwksOption(QStringLiteral("jwks"),
                                        QStringLiteral("Require access tokens (Authorization: Bearer JWT) signed by a key of this "
                                                       "JSON Web Key Set: a file, or an https URL (fetched and refreshed)"),
                                        QStringLiteral("FILE|URL"));
    const QCommandLineOption jwksCaOption(QStringLiteral("jwks-ca-file"),
                                          QStringLiteral("Trust this CA (PEM) for the --jwks URL instead of the system's"),
                                          QStringLiteral("FILE"));
    const QCommandLineOption rulesOption(QStringLiteral("rules"),
                                         QStringLiteral("Access rules (TOML): issuer, audience, allowed email domains or "
                                                        "subjects, roles per namespace, what a denied request gets"),
                                         QStringLiteral("FILE"));
    const QCommandLineOption maxBodyOption(QStringLiteral("max-body"), QStringLiteral("Largest request body in MiB (default 32)"),
                                           QStringLiteral("MiB"));
    const QCommandLineOption maxPayloadsOption(QStringLiteral("max-payloads"),
                                               QStringLiteral("Most payloads in one request (default 10000)"), QStringLiteral("N"));
    const QCommandLineOption maxConcurrentOption(QStringLiteral("max-concurrent"),
                                                 QStringLiteral("Requests handled at once (default 16); more wait"), QStringLiteral("N"));
    const QCommandLineOption allowHostOption(QStringLiteral("allow-host"),
                                             QStringLiteral("A host name this server answers to besides its address and localhost, "
                                                            "repeatable; requests naming another Host are refused (DNS rebinding)"),
                                             QStringLiteral("NAME"));
    const QCommandLineOption maxConnectionsOption(QStringLiteral("max-connections"),
                                                  QStringLiteral("Open connections at most (default 1024); past it the one idle "
                                                                 "longest is closed"),
                                                  QStringLiteral("N"));
    const QCommandLineOption maxPerClientOption(QStringLiteral("max-connections-per-client"),
                                                QStringLiteral("Open connections per client address at most (default 64)"),
                                                QStringLiteral("N"));
    const QCommandLineOption headerTimeoutOption(QStringLiteral("header-timeout"),
                                                 QStringLiteral("Seconds a request's headers may take to arrive, idle time "
                                                                "included (default 10)"),
                                                 QStringLiteral("S"));
    const QCommandLineOption requestTimeoutOption(QStringLiteral("request-timeout"),
                                                  QStringLiteral("Seconds its body may take after the headers (default 60)"),
                                                  QStringLiteral("S"));
    const QCommandLineOption writeTimeoutOption(QStringLiteral("write-timeout"),
                                                QStringLiteral("Seconds an answer may take to leave (default 30)"), QStringLiteral("S"));
    const QCommandLineOption logFormatOption(QStringLiteral("log-format"),
                                             QStringLiteral("A request's log line as text (default) or json, one object a line"),
                                             QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption drainTimeoutOption(QStringLiteral("drain-timeout"),
                                                QStringLiteral("On SIGTERM or Ctrl+C: seconds the requests in flight may take to be "
                                                               "answered before the process exits (default 10)"),
                                                QStringLiteral("S"));
    const QCommandLineOption maxHeaderBytesOption(QStringLiteral("max-header-bytes"),
                                                  QStringLiteral("Request line and headers at most, in bytes (default 16384)"),
                                                  QStringLiteral("N"));
    const QCommandLineOption maxHeadersOption(QStringLiteral("max-headers"),
                                              QStringLiteral("Header fields in one request at most (default 100)"), QStringLiteral("N"));
    const QCommandLineOption maxDecodedOption(QStringLiteral("max-decoded"),
                                              QStringLiteral("MiB one request may decode, over every codec layer (default 256); "
                                                             "payloads past it come back as sent"),
                                              QStringLiteral("MiB"));
    const QCommandLineOption encodeKeyOption(QStringLiteral("encode-key"),
                                             QStringLiteral("The key /encode encrypts with, for every namespace or for one "
                                                            "(NAMESPACE=ID), repeatable. Without it, a namespace's only key"),
                                             QStringLiteral("[NAMESPACE=]ID"));
    const QCommandLineOption compressionOption(QStringLiteral("encode-compression"),
                                               QStringLiteral("Compress before encrypting on /encode: none (default), zlib or snappy"),
                                               QStringLiteral("NAME"));
    const QCommandLineOption keyOption(QStringLiteral("key"),
                                       QStringLiteral("A codec key, by encryption-key-id; SPEC is hex:..., base64:..., text:... "
                                                      "or file:PATH. Repeatable. Every user can read hex:, base64: and "
                                                      "text: keys on the command line (ps): prefer file: or --key-file"),
                                       QStringLiteral("ID=SPEC"));
    const QCommandLineOption keyFileOption(QStringLiteral("key-file"),
                                           QStringLiteral("A file of ID=SPEC lines, repeatable; watched, and refused when other "
                                                          "users can read it"),
                                           QStringLiteral("FILE"));
    const QCommandLineOption keyDirOption(QStringLiteral("key-dir"),
                                          QStringLiteral("A folder of keys, one file per key named by its id (a mounted Kubernetes "
                                                         "Secret or Docker secret), repeatable; watched, and refused when other "
                                                         "users can read a key"),
                                          QStringLiteral("DIR"));
    const QCommandLineOption watchKeysOption(QStringLiteral("watch-keys"),
                                             QStringLiteral("Seconds between looks at --key-file and --key-dir for rotated keys "
                                                            "(default 2; 0: only on SIGHUP)"),
                                             QStringLiteral("S"));
    const QCommandLineOption configOption(QStringLiteral("config"),
                                          QStringLiteral("Options from a TOML file, a key per long option (listen = \"0.0.0.0:8888\", "
                                                         "origin = [...], allow-credentials = true); the command line and "
                                                         "HISTORYLENS_SERVE_* win over it"),
                                          QStringLiteral("FILE"));
    const QCommandLineOption healthCheckOption(QStringLiteral("health-check"),
                                               QStringLiteral("Ask the serve-codec these options describe whether it is alive "
                                                              "(GET /healthz) and exit 0 if so, 1 if not: a container's HEALTHCHECK"));
    const QCommandLineOption noKeychainOption(QStringLiteral("no-keychain"), QStringLiteral("Do not load the OS keychain's keys"));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                         QStringLiteral("No log line per request (start, warnings and errors only)"));
    const QCommandLineOption portFileOption(QStringLiteral("port-file"),
                                            QStringLiteral("Write the port listened on to FILE once serving (for scripts using port 0)"),
                                            QStringLiteral("FILE"));
    parser.addOptions({helpOption, listenOption, originOption, credentialsOption, certOption, keyPathOption, jwksOption,
                       jwksCaOption, rulesOption, maxBodyOption, maxPayloadsOption, maxConcurrentOption, allowHostOption,
                       maxConnectionsOption, maxPerClientOption, headerTimeoutOption, requestTimeoutOption, writeTimeoutOption,
                       drainTimeoutOption, logFormatOption, maxHeaderBytesOption, maxHeadersOption, maxDecodedOption, encodeKeyOption, compressionOption, keyOption,
                       keyFileOption, keyDirOption, watchKeysOption, configOption, healthCheckOption, noKeychainOption, quietOption,
                       portFileOption});
    // A container sets the same options as HISTORYLENS_SERVE_* variables; the command line wins.
    const QList<QCommandLineOption> fromEnvironment{listenOption, originOption, credentialsOption, certOption, keyPathOption, jwksOption,
                                                    jwksCaOption, rulesOption, maxBodyOption, maxPayloadsOption, maxConcurrentOption,
                                                    allowHostOption, maxConnectionsOption, maxPerClientOption, headerTimeoutOption,
                                                    requestTimeoutOption, writeTimeoutOption, drainTimeoutOption, logFormatOption,
                                                    maxHeaderBytesOption, maxHeadersOption, maxDecodedOption, encodeKeyOption,
                                                    compressionOption, keyFileOption, keyDirOption, watchKeysOption, configOption,
                                                    noKeychainOption, quietOption, portFileOption};
    const QSet<QString> repeatable{QStringLiteral("origin"), QStringLiteral("allow-host"), QStringLiteral("encode-key"),
                                   QStringLiteral("key-file"), QStringLiteral("key-dir")};
    auto withEnvironment = EnvironmentOptions::withEnvironment(arguments, fromEnvironment, repeatable, QStringLiteral("HISTORYLENS_SERVE_"),
                                                               QProcessEnvironment::systemEnvironment());
    if (!withEnvironment)
        return usage(withEnvironment.error().message);
    if (!parser.parse(withEnvironment.value()))
        return usage(parser.errorText());
    if (parser.isSet(configOption)) {
        // Last in line: what neither the command line nor the environment set. Keys and the options file itself
        // are not options a file sets.
        const QString configPath = parser.value(configOption);
        auto entries = OptionsFile::read(configPath);
        if (!entries)
            return usage(QStringLiteral("--config: ") + entries.error().toString());
        auto withFile = EnvironmentOptions::withFile(withEnvironment.value(), fromEnvironment, entries.value(), repeatable,
                                                     {QStringLiteral("config"), QStringLiteral("key")}, configPath);
        if (!withFile)
            return usage(QStringLiteral("--config: ") + withFile.error().toString());
        if (!parser.parse(withFile.value()))
            return usage(parser.errorText() + QStringLiteral(" (in %1)").arg(configPath));
    }
    if (parser.isSet(helpOption)) {
        print(m_out, parser.helpText().replace(QStringLiteral("[options]"), QStringLiteral("serve-codec [options]")));
        return 0;
    }
    if (parser.positionalArguments().size() > 1)
        return usage(QStringLiteral("serve-codec takes no arguments"));
    if (const QString format = parser.value(logFormatOption); format != QLatin1String("text") && format != QLatin1String("json"))
        return usage(QStringLiteral("--log-format is text or json"));

    ServeCodecSettings settings;
    if (parser.isSet(listenOption)) {
        if (auto listen = settings.setListen(parser.value(listenOption)); !listen)
            return usage(listen.error().message);
    }
    if (parser.isSet(originOption))
        settings.origins = parser.values(originOption);
    settings.allowCredentials = parser.isSet(credentialsOption);
    settings.tlsCertPath = parser.value(certOption);
    settings.tlsKeyPath = parser.value(keyPathOption);
    settings.jwks = parser.value(jwksOption);
    settings.jwksCaFile = parser.value(jwksCaOption);
    settings.rulesPath = parser.value(rulesOption);
    auto number = [&](const QCommandLineOption& option, qint64 low, qint64 high, qint64* out) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const qint64 value = parser.value(option).toLongLong(&ok);
        if (!ok || value < low || value > high)
            return false;
        *out = value;
        return true;
    };
    qint64 maxBodyMiB = settings.maxBodyBytes / (1024 * 1024), maxPayloads = settings.maxPayloads, maxConcurrent = settings.maxConcurrent;
    if (!number(maxBodyOption, 1, 1024, &maxBodyMiB))
        return usage(QStringLiteral("--max-body is 1 to 1024 MiB"));
    if (!number(maxPayloadsOption, 1, 1000000, &maxPayloads))
        return usage(QStringLiteral("--max-payloads is 1 to 1000000"));
    if (!number(maxConcurrentOption, 1, 256, &maxConcurrent))
        return usage(QStringLiteral("--max-concurrent is 1 to 256"));
    settings.maxBodyBytes = maxBodyMiB * 1024 * 1024;
    settings.maxPayloads = int(maxPayloads);
    settings.maxConcurrent = int(maxConcurrent);
    int watchKeysSeconds = 2;
    struct Bound {
        const QCommandLineOption& option;
        qint64 low, high;
        int* value;
    };
    for (const Bound& bound : {Bound{maxConnectionsOption, 1, 100000, &settings.maxConnections},
                               Bound{maxPerClientOption, 1, 100000, &settings.maxConnectionsPerClient},
                               Bound{headerTimeoutOption, 1, 3600, &settings.headerTimeoutSeconds},
                               Bound{requestTimeoutOption, 1, 3600, &settings.requestTimeoutSeconds},
                               Bound{writeTimeoutOption, 1, 3600, &settings.writeTimeoutSeconds},
                               Bound{drainTimeoutOption, 0, 3600, &settings.drainTimeoutSeconds},
                               Bound{maxHeaderBytesOption, 1024, 1024 * 1024, &settings.maxHeaderBytes},
                               Bound{maxHeadersOption, 8, 10000, &settings.maxHeaders},
                               Bound{watchKeysOption, 0, 3600, &watchKeysSeconds}}) {
        qint64 value = *bound.value;
        if (!number(bound.option, bound.low, bound.high, &value))
            return usage(QStringLiteral("--%1 is %2 to %3").arg(bound.option.names().constFirst()).arg(bound.low).arg(bound.high));
        *bound.value = int(value);
    }
    qint64 maxDecodedMiB = settings.maxDecodedBytes / (1024 * 1024);
    if (!number(maxDecodedOption, 1, 65536, &maxDecodedMiB))
        return usage(QStringLiteral("--max-decoded is 1 to 65536 MiB"));
    settings.maxDecodedBytes = maxDecodedMiB * 1024 * 1024;
    settings.allowedHosts = parser.values(allowHostOption);
    for (const QString& assignment : parser.values(encodeKeyOption)) {
        if (auto added = settings.addEncodeKey(assignment); !added)
            return usage(added.error().message);
    }
    const QString compression = parser.value(compressionOption);
    settings.encodeCompression = compression == QLatin1String("none") ? QString() : compression;
    if (auto valid = settings.validate(); !valid)
        return usage(valid.error().message);
    if (parser.isSet(healthCheckOption)) {
        const QString problem = ServeHealthCheck::check(settings, QStringLiteral("/healthz"), 5000);
        print(problem.isEmpty() ? m_out : m_err, problem.isEmpty() ? QStringLiteral("ok\n") : QStringLiteral("%1 serve-codec: unhealthy: %2\n").arg(QLatin1String(kProgram), problem));
        return problem.isEmpty() ? 0 : 1;
    }

    SessionKeyStore sessionKeys;
    if (auto keys = KeySpec::insertOptions(parser.values(keyOption), {}, sessionKeys); !keys)
        return usage(keys.error().message);
    KeychainKeyStore keychain;
    std::vector<Error> keychainProblems;
    // The command line's and the keychain's keys are read once; the files', which rotate, again whenever they change.
    const ServeKeys fixedKeys = ServeKeys::loadNow(sessionKeys, parser.isSet(noKeychainOption) ? nullptr : &keychain, &keychainProblems);
    CliDiagnostics::warnings(m_err, keychainProblems);
    ServeKeyFiles keyFiles(parser.values(keyFileOption), parser.values(keyDirOption));
    auto keys = keyFiles.combine(fixedKeys);
    if (!keys)
        return usage((parser.isSet(keyDirOption) ? QStringLiteral("--key-dir/--key-file: ") : QStringLiteral("--key-file: ")) + keys.error().toString());

    std::mutex logMutex;
    auto logLine = [&](const QString& line) {
        std::lock_guard lock(logMutex);
        print(m_err, line + QLatin1Char('\n'));
    };
    auto service = CodecService::create(settings, std::move(keys.value()), logLine);
    if (!service) {
        print(m_err, QStringLiteral("%1 serve-codec: %2\n").arg(QLatin1String(kProgram), service.error().toString()));
        return service.error().code == ErrorCode::UsageError ? 2 : 1;
    }
    for (const QString& warning : service.value()->warnings())
        print(m_err, QStringLiteral("%1 serve-codec: warning: %2\n").arg(QLatin1String(kProgram), warning));
    const bool quiet = parser.isSet(quietOption);
    CodecHttpServer::Log log;
    const bool json = parser.value(logFormatOption) == QLatin1String("json");
    if (!quiet)
        log = [&, json](const CodecRequestRecord& record) { logLine(json ? record.logJson() : record.logLine()); };
    auto server = CodecHttpServer::start(service.value(), log);
    if (!server) {
        print(m_err, QStringLiteral("%1 serve-codec: %2\n").arg(QLatin1String(kProgram), server.error().toString()));
        return 1;
    }
    if (parser.isSet(portFileOption)) {
        QSaveFile file(parser.value(portFileOption));
        if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(server.value()->port()) + '\n') < 0 || !file.commit()) {
            print(m_err, QStringLiteral("%1 serve-codec: cannot write %2\n").arg(QLatin1String(kProgram), parser.value(portFileOption)));
            return 1;
        }
    }
    print(m_err, QStringLiteral("Serving %1 codec keys at %2 (POST /decode, /encode; browsers from %3%4). Ctrl+C stops.\n")
                     .arg(service.value()->keys()->keyCount())
                     .arg(server.value()->url(), settings.origins.join(QStringLiteral(", ")),
                          service.value()->requiresTokens() ? QStringLiteral("; access tokens required") : QString()));

    // A reload's line in the log's format: with json, an object like a request's, so a log pipeline reads every line.
    ServeReloader reloader(service.value(), server.value().get(), fixedKeys, keyFiles,
                           [&, json](bool failed, const QString& line) {
                               if (!json)
                                   return logLine(QStringLiteral("%1 serve-codec: %2").arg(QLatin1String(kProgram), oneLogLine(line)));
                               const QJsonObject entry{{QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                                                       {QStringLiteral("level"), failed ? QStringLiteral("error") : QStringLiteral("info")},
                                                       {QStringLiteral("event"), QStringLiteral("reload")},
                                                       {QStringLiteral("message"), line}};
                               logLine(QString::fromUtf8(QJsonDocument(entry).toJson(QJsonDocument::Compact)));
                           },
                           watchKeysSeconds * 1000);
    g_stopSignal.store(0);
    g_reloadSignal.store(false);
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
#ifdef SIGHUP
    std::signal(SIGHUP, requestReload);
#endif
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (g_stopSignal.load() != 0)
            QCoreApplication::exit(0);
        else if (g_reloadSignal.exchange(false))
            reloader.reloadAll();
    });
    poll.start(100);
    QCoreApplication::exec();
    // During the drain a second SIGTERM changes nothing (some init systems and runtimes send it twice); a second
    // Ctrl+C stops at once, as a person at a terminal expects.
    std::signal(SIGINT, SIG_DFL);
#ifdef SIGHUP
    std::signal(SIGHUP, SIG_IGN);
#endif
    // A rolling update's stop: not ready from now on, no new connection, the requests in flight answered.
    service.value()->setDraining();
    server.value()->stop();
    const auto statistics = server.value()->statistics();
    {
        std::lock_guard lock(logMutex);
        print(m_err, QStringLiteral("Stopped. Requests served: %1 (%2 payloads, %3 refused); connections timed out: %4, closed "
                                    "for newcomers: %5, refused: %6.\n")
                         .arg(statistics.requests)
                         .arg(statistics.payloads)
                         .arg(statistics.refused)
                         .arg(statistics.timedOut)
                         .arg(statistics.displaced)
                         .arg(statistics.refusedConnections));
    }
    std::signal(SIGTERM, SIG_DFL);
#ifdef SIGHUP
    std::signal(SIGHUP, SIG_DFL);
#endif
    return 0;
}

} // namespace hl
