#include "cli/cliapplication.h"

#include "cli/argvsecrets.h"
#include "cli/clidiagnostics.h"
#include "cli/terminal.h"
#include "cli/codecserveroptions.h"
#include "cli/connectionoptions.h"
#include "cli/frontendcommands.h"
#include "cli/servecodeccommand.h"
#include "cli/diffcommand.h"
#include "cli/timelinecommand.h"

#include "codec/historydecoder.h"
#include "codecserver/codecserverclient.h"
#include "format/historyreader.h"
#include "keys/keycatalog.h"
#include "keys/keychainkeystore.h"
#include "keys/keyresolver.h"
#include "keys/namespacedkeystore.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "render/historyjsonwriter.h"
#include "render/historysummary.h"
#include "session/decodetask.h"
#include "session/decodingservice.h"

#include "support/terminaltext.h"
#include <QCommandLineParser>
#include <QEventLoop>
#include <QIODevice>

#include <algorithm>

namespace hl {

namespace {

const char* const kProgram = "historylens-cli";

QString generalHelp()
{
    return QStringLiteral(
        "Usage: historylens-cli <command> [options]\n"
        "\n"
        "Temporal workflow histories, from every file format Temporal tools write.\n"
        "\n"
        "Commands:\n"
        "  show SOURCE    Print a history (SOURCE is a file, or - for standard input)\n"
        "  show -w ID     Print a workflow's history from a Temporal frontend\n"
        "                 (--address, --namespace, --profile, --api-key, --tls...)\n"
        "                 Either show decodes through a remote Codec Server with\n"
        "                 --codec-endpoint (or TEMPORAL_CODEC_ENDPOINT)\n"
        "  list           List workflow executions (--query, --limit)\n"
        "  describe -w ID Status and pending work of a workflow execution\n"
        "  stack -w ID    Where a running workflow is blocked: its call stack\n"
        "  trace -w ID    A workflow's family: root, children and their runs\n"
        "  query -w ID    Ask a running workflow a query; --list names them\n"
        "  timeline SOURCE|-w ID\n"
        "                 A history's timeline as SVG, PNG or JSON (-o svg|png|json,\n"
        "                 --from, --to, --collapse-idle)\n"
        "  diff A B       Compare two histories step by step (A and B: files or\n"
        "                 -w ID [-r RUN]); exit 0 equal, 1 different, 2 trouble\n"
        "  keys add ID    Store a codec key in the OS keychain (from --hex, --base64,\n"
        "                 --text, --file, or standard input)\n"
        "  keys list      The stored keys: ids and fingerprints, never the keys\n"
        "  keys remove ID Delete a stored key\n"
        "  serve-codec    Serve the codecs and keys as a Codec Server for the Temporal\n"
        "                 Web UI and CLI (--listen, --origin, --tls-*, --jwks, --rules)\n"
        "\n"
        "Options:\n"
        "  -h, --help     Show this help, or a command's help after the command\n"
        "  -v, --version  Show the version\n"
        "\n"
        "Exit codes: 0 success, 1 unreadable or invalid source, 2 usage error,\n"
        "3 a payload could not be decoded (show --strict); diff: 0 equal, 1 different,\n"
        "2 trouble.\n");
}

} // namespace

CliApplication::CliApplication(QIODevice& out, QIODevice& err) : m_out(out), m_err(err) {}

void CliApplication::print(QIODevice& device, const QString& text)
{
    device.write(text.toUtf8());
}

int CliApplication::usage(const QString& message)
{
    print(m_err, QStringLiteral("%1: %2\nTry '%1 --help'.\n").arg(QLatin1String(kProgram), message));
    return UsageError;
}

int CliApplication::run(const QStringList& arguments)
{
    const QStringList rest = arguments.mid(1);
    if (rest.isEmpty())
        return usage(QStringLiteral("no command given"));
    const QString command = rest.first();
    if (command == QLatin1String("-h") || command == QLatin1String("--help") || command == QLatin1String("help")) {
        print(m_out, generalHelp());
        return Success;
    }
    for (const QString& warning : ArgvSecrets::warnings(rest.mid(1)))
        print(m_err, QStringLiteral("%1: warning: %2\n").arg(QLatin1String(kProgram), warning));
    if (command == QLatin1String("-v") || command == QLatin1String("--version")) {
        print(m_out, QStringLiteral("%1 %2\n").arg(QLatin1String(kProgram), QStringLiteral(HL_VERSION_STRING)));
        return Success;
    }
    if (command == QLatin1String("show"))
        return show(rest);
    if (command == QLatin1String("timeline"))
        return show(rest, true);
    if (command == QLatin1String("diff"))
        return DiffCommand(m_out, m_err).run(rest);
    if (command == QLatin1String("keys"))
        return keys(rest);
    if (command == QLatin1String("list"))
        return FrontendCommands(m_out, m_err).list(rest);
    if (command == QLatin1String("describe"))
        return FrontendCommands(m_out, m_err).describe(rest);
    if (command == QLatin1String("stack"))
        return FrontendCommands(m_out, m_err).stack(rest);
    if (command == QLatin1String("trace"))
        return FrontendCommands(m_out, m_err).trace(rest);
    if (command == QLatin1String("query"))
        return FrontendCommands(m_out, m_err).query(rest);
    if (command == QLatin1String("serve-codec"))
        return ServeCodecCommand(m_out, m_err).run(rest);
    return usage(QStringLiteral("unknown command '%1'").arg(command));
}

int CliApplication::show(const QStringList& arguments, bool timeline)
{
    const QString command = timeline ? QStringLiteral("timeline") : QStringLiteral("show");
    QCommandLineParser parser;
    parser.setApplicationDescription(timeline ? QStringLiteral("Draw a Temporal workflow history's timeline (activities, timers, children, "
                                                               "updates, signals over time) as SVG or PNG, or write its "
                                                               "lane model as JSON; from a file or a Temporal frontend "
                                                               "(--workflow-id).")
                                              : QStringLiteral("Print a Temporal workflow history from any file format, or from a "
                                                               "Temporal frontend (--workflow-id)."));
    parser.addPositionalArgument(QStringLiteral("SOURCE"), QStringLiteral("History file, or - for standard input"), QStringLiteral("[SOURCE]"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help"));
    const QCommandLineOption outputOption(
        {QStringLiteral("o"), QStringLiteral("output")},
        timeline ? QString::fromUtf8(TimelineCommand::kOutputHelp)
                 : QStringLiteral("summary (one line per event), json (canonical, replayable by SDKs) or readable (json with "
                                  "payload values shown)"),
        QStringLiteral("format"), timeline ? QStringLiteral("svg") : QStringLiteral("summary"));
    const QCommandLineOption indexOption(QStringLiteral("index"),
                                         QStringLiteral("Pick workflow N of a file that holds several (Cloud export)"),
                                         QStringLiteral("N"));
    const QCommandLineOption runIdOption({QStringLiteral("r"), QStringLiteral("run-id")},
                                         QStringLiteral("The run to show: from a frontend (default: the latest run), or from a "
                                                        "file that holds several"),
                                         QStringLiteral("ID"));
    const QCommandLineOption workflowIdOption({QStringLiteral("w"), QStringLiteral("workflow-id")},
                                              QStringLiteral("This workflow's history from a Temporal frontend"),
                                              QStringLiteral("ID"));
    const QCommandLineOption followOption({QStringLiteral("f"), QStringLiteral("follow")},
                                          QStringLiteral("From a frontend: print new events as they happen, until the workflow closes"));
    const QCommandLineOption reverseOption(QStringLiteral("reverse"),
                                           QStringLiteral("From a frontend: newest events first (GetWorkflowExecutionHistoryReverse)"));
    const QCommandLineOption maxSizeOption(
        QStringLiteral("max-size"),
        QStringLiteral("Largest source to read, and largest size a gzip source may expand to, in MiB (default %1)")
            .arg(ReadLimits::kDefaultMaxSourceBytes / ReadLimits::kMiB),
        QStringLiteral("MiB"));
    const QCommandLineOption maxEventsOption(
        QStringLiteral("max-events"),
        QStringLiteral("Most events one history may hold, from a file or a frontend (default %1; Temporal's own limit is "
                       "51,200)")
            .arg(ReadLimits::kDefaultMaxEvents),
        QStringLiteral("N"));
    const QCommandLineOption maxDecodedOption(
        QStringLiteral("max-decoded"),
        QStringLiteral("MiB the history may decode in all, over every payload and codec layer (default %1); payloads "
                       "past it are reported and shown as stored")
            .arg(CodecContext::kDefaultMaxDecodedHistoryBytes / ReadLimits::kMiB),
        QStringLiteral("MiB"));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                         QStringLiteral("Do not list what was repaired or kept aside while reading"));
    const QCommandLineOption keyOption(
        QStringLiteral("key"),
        QStringLiteral("A key for binary/encrypted payloads, by encryption-key-id; SPEC is hex:..., base64:..., "
                       "text:... or file:PATH (raw bytes). Repeatable. Every user can read hex:, base64: and text: "
                       "keys on the command line (ps): prefer file: or --key-file"),
        QStringLiteral("ID=SPEC"));
    const QCommandLineOption keyFileOption(QStringLiteral("key-file"),
                                           QStringLiteral("Keys from a file, one ID=SPEC per line ('#' comments)"),
                                           QStringLiteral("PATH"));
    const QCommandLineOption descriptorSetOption(
        QStringLiteral("descriptor-set"),
        QStringLiteral("Message types for binary/protobuf payloads: a FileDescriptorSet from protoc "
                       "--include_imports --descriptor_set_out or buf build -o. Repeatable."),
        QStringLiteral("FILE"));
    const QCommandLineOption strictOption(QStringLiteral("strict"),
                                          QStringLiteral("Exit with code 3 when any payload cannot be decoded, or when events are out of "
                                                         "id order or repeat an id"));
    const QCommandLineOption noKeychainOption(QStringLiteral("no-keychain"),
                                              QStringLiteral("Do not look keys up in the OS keychain"));
    ConnectionOptions connection;
    const QCommandLineOption& namespaceOption = connection.namespaceOption;
    CodecServerOptions codecServerOptions;
    parser.addOptions({helpOption, outputOption, indexOption, runIdOption, maxSizeOption, maxEventsOption, maxDecodedOption, quietOption, keyOption,
                       keyFileOption, descriptorSetOption, strictOption, noKeychainOption, workflowIdOption});
    if (!timeline)
        parser.addOptions({followOption, reverseOption});
    connection.addTo(parser);
    codecServerOptions.addTo(parser);
    TimelineCommand timelineCommand;
    if (timeline)
        timelineCommand.addTo(parser);

    if (!parser.parse(ConnectionOptions::normalized(arguments)))
        return usage(parser.errorText());
    if (parser.isSet(helpOption)) {
        print(m_out, parser.helpText().replace(QStringLiteral("[options] SOURCE"), command + QStringLiteral(" [options] SOURCE")));
        return Success;
    }
    const QStringList positional = parser.positionalArguments();
    const bool fromFrontend = parser.isSet(workflowIdOption);
    if (fromFrontend && !positional.isEmpty())
        return usage(QStringLiteral("give a SOURCE file or --workflow-id, not both"));
    if (!fromFrontend && positional.size() != 1)
        return usage(positional.isEmpty() ? command + QStringLiteral(" needs a SOURCE (a file, or - for standard input) or --workflow-id")
                                          : command + QStringLiteral(" takes one SOURCE"));
    if (!timeline && !fromFrontend && (parser.isSet(followOption) || parser.isSet(reverseOption)))
        return usage(QStringLiteral("--follow and --reverse are for histories from a frontend (--workflow-id)"));
    const QString output = parser.value(outputOption);
    if (timeline) {
        if (const QString problem = timelineCommand.check(parser, output); !problem.isEmpty())
            return usage(problem);
        if (output == QLatin1String("png") && stdoutIsTerminal())
            return usage(QStringLiteral("a PNG is binary: send it to a file (> timeline.png)"));
    } else if (output != QLatin1String("summary") && output != QLatin1String("json") && output != QLatin1String("readable")) {
        return usage(QStringLiteral("unknown output format '%1' (use summary, json or readable)").arg(output));
    }
    if (parser.isSet(indexOption) && parser.isSet(runIdOption))
        return usage(QStringLiteral("--index and --run-id both pick a workflow; give one of them"));

    ReadOptions options;
    if (parser.isSet(maxSizeOption)) {
        bool ok = false;
        const qint64 mib = parser.value(maxSizeOption).toLongLong(&ok);
        if (!ok || mib <= 0 || mib > 64 * 1024)
            return usage(QStringLiteral("--max-size takes a whole number of MiB between 1 and 65536"));
        options.limits.maxSourceBytes = mib * ReadLimits::kMiB;
        options.limits.maxDecompressedBytes = mib * ReadLimits::kMiB;
    }
    if (parser.isSet(maxEventsOption)) {
        bool ok = false;
        options.limits.maxEvents = parser.value(maxEventsOption).toLongLong(&ok);
        if (!ok || options.limits.maxEvents < 1)
            return usage(QStringLiteral("--max-events takes a whole number of events, 1 or more"));
    }
    qint64 maxDecodedBytes = CodecContext::kDefaultMaxDecodedHistoryBytes;
    if (parser.isSet(maxDecodedOption)) {
        bool ok = false;
        const qint64 mib = parser.value(maxDecodedOption).toLongLong(&ok);
        if (!ok || mib <= 0 || mib > 64 * 1024)
            return usage(QStringLiteral("--max-decoded takes a whole number of MiB between 1 and 65536"));
        maxDecodedBytes = mib * ReadLimits::kMiB;
    }

    // Keys and message types are checked before the (possibly large) source is read.
    SessionKeyStore sessionKeys;
    if (auto keys = KeySpec::insertOptions(parser.values(keyOption), parser.values(keyFileOption), sessionKeys); !keys)
        return usage(keys.error().message);
    auto types = MessageTypes::load(parser.values(descriptorSetOption));
    if (!types)
        return usage(QStringLiteral("--descriptor-set: ") + TerminalText::clean(types.error().toString()));

    // The client configuration gives the namespace and the Codec Server for files too; a file can be shown without
    // one, so a broken configuration stops only a frontend.
    auto settings = connection.resolve(parser);
    if (!settings && settings.error().code == ErrorCode::UsageError)
        return usage(settings.error().message);
    if (!settings && !fromFrontend) {
        print(m_err, QStringLiteral("%1: warning: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(settings.error().toString())));
        ConnectionSettings fallback;
        if (parser.isSet(namespaceOption))
            fallback.temporalNamespace = parser.value(namespaceOption);
        settings = fallback;
    }
    std::shared_ptr<CodecServerClient> codecServer;
    if (settings) {
        auto found = FrontendCommands::codecServerFor(parser, codecServerOptions, settings.value());
        if (!found)
            return usage(found.error().message);
        codecServer = std::move(found.value());
    }

    if (fromFrontend) {
        if (parser.isSet(indexOption))
            return usage(QStringLiteral("--index picks a workflow from a file; from a frontend use --run-id"));
        if (!settings) {
            print(m_err, QStringLiteral("%1: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(settings.error().toString())));
            return SourceError;
        }
        FrontendCommands::addStoredSecrets(settings.value());
        KeychainKeyStore keychain;
        NamespacedKeyStore scopedKeychain(keychain, parser.value(namespaceOption));
        std::vector<KeyStore*> stores{&sessionKeys};
        if (!parser.isSet(noKeychainOption))
            stores.push_back(&scopedKeychain);
        FrontendCommands::ShowOptions showOptions;
        showOptions.output = output;
        showOptions.quiet = parser.isSet(quietOption);
        showOptions.strict = parser.isSet(strictOption);
        showOptions.follow = !timeline && parser.isSet(followOption);
        showOptions.reverse = !timeline && parser.isSet(reverseOption);
        if (timeline) {
            showOptions.sink = [this, &timelineCommand](const History& history, const PayloadContext& context, bool live) {
                return timelineCommand.write(history, context, live, m_out, m_err);
            };
        }
        showOptions.types = types.value();
        showOptions.codecServer = codecServer;
        showOptions.maxEvents = options.limits.maxEvents;
        showOptions.maxDecodedBytes = maxDecodedBytes;
        return FrontendCommands(m_out, m_err).show(settings.value(), {parser.value(workflowIdOption), parser.value(runIdOption)},
                                                   showOptions, stores);
    }

    const auto file = HistoryReader(options).readFile(positional.first());
    if (!file) {
        print(m_err, QStringLiteral("%1: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(file.error().toString())));
        return SourceError;
    }

    int picked = file->histories.size() == 1 ? 0 : -1;
    if (parser.isSet(indexOption)) {
        bool ok = false;
        picked = parser.value(indexOption).toInt(&ok);
        if (!ok || picked < 0 || picked >= int(file->histories.size()))
            return usage(QStringLiteral("--index must be between 0 and %1 for %2").arg(file->histories.size() - 1).arg(file->sourceName));
    } else if (parser.isSet(runIdOption)) {
        picked = -1;
        for (size_t i = 0; i < file->histories.size(); ++i) {
            if (file->histories[i].runId() == parser.value(runIdOption))
                picked = int(i);
        }
        if (picked < 0)
            return usage(QStringLiteral("no workflow with run id %1 in %2").arg(parser.value(runIdOption), file->sourceName));
    }

    if (picked < 0) {
        if (output != QLatin1String("summary") || timeline)
            return usage(QStringLiteral("%1 holds %2 workflows; pick one with --index N or --run-id ID")
                             .arg(file->sourceName)
                             .arg(file->histories.size()));
        print(m_out, TerminalText::cleanLines(HistorySummary::workflowLines(*file)) + QLatin1Char('\n'));
        return Success;
    }

    const History& history = file->histories[size_t(picked)];
    if (!parser.isSet(quietOption))
        CliDiagnostics::notices(m_err, file->sourceName, history);

    // Keys are resolved before decoding: those given here first, then the keychain's (which answers through the
    // event loop).
    KeychainKeyStore keychain;
    NamespacedKeyStore scopedKeychain(keychain, parser.value(namespaceOption));
    std::vector<KeyStore*> stores{&sessionKeys};
    if (!parser.isSet(noKeychainOption))
        stores.push_back(&scopedKeychain);
    DecodeRequest request;
    request.history = history;
    request.stores = stores;
    request.codecServer = codecServer;
    request.budget = std::make_shared<DecodeBudget>(maxDecodedBytes);
    // On a terminal, how far the Codec Server is (a pipe or a file gets only the result).
    const bool showProgress = codecServer && !parser.isSet(quietOption) && stderrIsTerminal();
    std::vector<Error> storeErrors;
    auto decoded = DecodingService::decodeNow(std::move(request), &storeErrors, [this, showProgress](DecodeTask* task) {
        if (!showProgress)
            return;
        QObject::connect(task, &DecodeTask::progressed, task, [this](DecodeTask::Stage stage, qint64 done, qint64 total) {
            if (stage == DecodeTask::Stage::CodecServer)
                print(m_err, QStringLiteral("\rCodec Server: %1 of %2 payloads…").arg(done).arg(total));
        });
    });
    if (showProgress)
        print(m_err, QStringLiteral("\r\033[K"));
    CliDiagnostics::warnings(m_err, storeErrors);
    if (!decoded) {
        print(m_err, QStringLiteral("%1: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(decoded.error().toString())));
        return SourceError;
    }
    if (codecServer && !parser.isSet(quietOption))
        CliDiagnostics::codecServer(m_err, *codecServer);
    PayloadContext context;
    context.decoded = decoded.value();
    context.types = types.value();
    CliDiagnostics::decodeFailures(m_err, file->sourceName, history, *context.decoded);

    if (timeline)
        return timelineCommand.write(history, context, false, m_out, m_err);
    if (output == QLatin1String("summary")) {
        print(m_out, TerminalText::cleanLines(HistorySummary::eventLines(*file, picked, context)) + QLatin1Char('\n'));
    } else {
        HistoryJsonWriter writer(output == QLatin1String("json") ? HistoryJsonWriter::Style::Canonical
                                                                  : HistoryJsonWriter::Style::Readable);
        writer.setPayloadContext(context);
        if (auto written = writer.write(history, m_out); !written) {
            print(m_err, QStringLiteral("%1: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(written.error().toString())));
            return SourceError;
        }
    }
    const std::vector<Notice> notices = history.notices();
    const bool untidy = std::any_of(notices.begin(), notices.end(),
                                    [](const Notice& notice) { return notice.kind == Notice::Kind::EventOrder; });
    return parser.isSet(strictOption) && (context.decoded->failedCount() > 0 || untidy) ? DecodeError : Success;
}

} // namespace hl

namespace hl {

int CliApplication::keys(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Codec keys in the OS keychain."));
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("add, list or remove"));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The key id (encryption-key-id) for add and remove"),
                                 QStringLiteral("[ID]"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help"));
    const QCommandLineOption hexOption(QStringLiteral("hex"), QStringLiteral("The key in hex"), QStringLiteral("HEX"));
    const QCommandLineOption base64Option(QStringLiteral("base64"), QStringLiteral("The key in base64"), QStringLiteral("B64"));
    const QCommandLineOption textOption(QStringLiteral("text"), QStringLiteral("The key as text (its UTF-8 bytes)"),
                                        QStringLiteral("TEXT"));
    const QCommandLineOption fileOption(QStringLiteral("file"), QStringLiteral("The key as a file's raw bytes"),
                                        QStringLiteral("PATH"));
    const QCommandLineOption labelOption(QStringLiteral("label"), QStringLiteral("A note on the key"), QStringLiteral("TEXT"));
    const QCommandLineOption namespaceOption(QStringLiteral("namespace"),
                                             QStringLiteral("Use the key only for histories of this Temporal namespace"),
                                             QStringLiteral("NS"));
    parser.addOptions({helpOption, hexOption, base64Option, textOption, fileOption, labelOption, namespaceOption});
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(helpOption)) {
        print(m_out, parser.helpText().replace(QStringLiteral("[options] ACTION"), QStringLiteral("keys [options] ACTION"))
                         + QStringLiteral("\nWithout --hex, --base64, --text or --file, add reads the key's raw bytes from "
                                          "standard input. Every user of the machine can read --hex, --base64 and --text "
                                          "while the command runs (ps): prefer standard input or --file.\n"));
        return Success;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    KeyCatalog catalog;

    if (action == QLatin1String("list")) {
        if (positional.size() != 1)
            return usage(QStringLiteral("keys list takes no id"));
        const auto entries = catalog.entries(SecretKind::CodecKey);
        if (entries.empty()) {
            print(m_out, QStringLiteral("No stored keys. Add one with: %1 keys add ID --hex ...\n").arg(QLatin1String(kProgram)));
            return Success;
        }
        int width = 2;
        for (const auto& entry : entries)
            width = qMax(width, int(entry.id.name.size()));
        print(m_out, QStringLiteral("%1  %2  %3  %4  %5\n")
                         .arg(QStringLiteral("ID"), -width)
                         .arg(QStringLiteral("FINGERPRINT"), -23)
                         .arg(QStringLiteral("ADDED"), -20)
                         .arg(QStringLiteral("NAMESPACE"), -12)
                         .arg(QStringLiteral("LABEL")));
        for (const auto& entry : entries) {
            QString line = QStringLiteral("%1  %2  %3  %4  %5")
                               .arg(entry.id.name, -width)
                               .arg(entry.fingerprint, -23)
                               .arg(entry.added.toUTC().toString(Qt::ISODate), -20)
                               .arg(entry.temporalNamespace.isEmpty() ? QStringLiteral("(any)") : entry.temporalNamespace, -12)
                               .arg(entry.label);
            while (line.endsWith(QLatin1Char(' ')))
                line.chop(1);
            print(m_out, line + QLatin1Char('\n'));
        }
        return Success;
    }

    if (action != QLatin1String("add") && action != QLatin1String("remove"))
        return usage(action.isEmpty() ? QStringLiteral("keys needs an action: add, list or remove")
                                      : QStringLiteral("unknown keys action '%1' (use add, list or remove)").arg(action));
    if (positional.size() != 2)
        return usage(QStringLiteral("keys %1 needs one key id").arg(action));
    const SecretId id{SecretKind::CodecKey, positional.at(1)};
    KeychainKeyStore keychain;
    Result<void> outcome;
    QEventLoop waiting;
    bool done = false;
    auto finished = [&](Result<void> result) {
        outcome = std::move(result);
        done = true;
        waiting.quit();
    };

    if (action == QLatin1String("remove")) {
        if (!catalog.find(id)) {
            print(m_err, QStringLiteral("%1: no stored key `%2` (see: %1 keys list)\n").arg(QLatin1String(kProgram), id.name));
            return SourceError;
        }
        keychain.remove(id, finished);
        if (!done)
            waiting.exec();
        if (!outcome.ok()) {
            print(m_err, QStringLiteral("%1: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(outcome.error().toString())));
            return SourceError;
        }
        catalog.remove(id);
        print(m_out, QStringLiteral("removed key `%1`\n").arg(id.name));
        return Success;
    }

    // add: exactly one source of bytes, standard input when none is named.
    int sources = 0;
    QString spec;
    for (const auto& [option, scheme] : {std::pair{&hexOption, "hex:"}, std::pair{&base64Option, "base64:"},
                                         std::pair{&textOption, "text:"}, std::pair{&fileOption, "file:"}}) {
        if (parser.isSet(*option)) {
            ++sources;
            spec = QLatin1String(scheme) + parser.value(*option);
        }
    }
    if (sources > 1)
        return usage(QStringLiteral("give the key once: --hex, --base64, --text or --file"));
    Result<SecretPtr> key = sources == 1 ? KeySpec::parse(spec) : KeySpec::parse(QStringLiteral("file:-"));
    if (!key.ok())
        return usage(QStringLiteral("key %1: %2").arg(id.name, key.error().message));
    keychain.write(id, key.value(), finished);
    if (!done)
        waiting.exec();
    if (!outcome.ok()) {
        print(m_err, QStringLiteral("%1: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(outcome.error().toString())));
        return SourceError;
    }
    catalog.put({id, QDateTime::currentDateTimeUtc(), key.value()->fingerprint(), parser.value(labelOption),
                 parser.value(namespaceOption)});
    print(m_out, QStringLiteral("stored key `%1` (fingerprint %2) in the keychain\n").arg(id.name, key.value()->fingerprint()));
    return Success;
}

} // namespace hl
