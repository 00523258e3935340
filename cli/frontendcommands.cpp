#include "cli/frontendcommands.h"

#include "cli/clidiagnostics.h"
#include "cli/codecserveroptions.h"
#include "cli/terminal.h"

#include "codecserver/codecserverclient.h"
#include "codecserver/codecserversecrets.h"
#include "codec/payloadencoder.h"
#include "keys/keyresolver.h"
#include "render/enhancedstacktrace.h"
#include "render/workflowmetadata.h"
#include "family/familytext.h"
#include "family/familytracer.h"
#include "frontend/frontendclient.h"
#include "frontend/pagingguard.h"
#include "history/historyfile.h"
#include "json/prototime.h"
#include "keys/keycatalog.h"
#include "keys/keychainkeystore.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "render/eventtext.h"
#include "support/terminaltext.h"
#include "render/failureattributes.h"
#include "render/failurechain.h"
#include "render/historyjsonwriter.h"
#include "render/historysummary.h"
#include "render/payloadpreview.h"
#include "render/readablepayload.h"
#include "render/taskqueueworkers.h"
#include "render/workflowdescription.h"
#include "frontend/workflowlisting.h"
#include "session/decodetask.h"
#include "session/decodingservice.h"
#include "session/frontendhistoryjob.h"

#include <google/protobuf/util/json_util.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonArray>
#include <QEventLoop>
#include <QFileDevice>

#include <cstdio>
#include <set>

namespace hl {

namespace {

const char* const kProgram = "historylens-cli";
constexpr int kIdWidth = 5;
constexpr int kTypeWidth = 34;

QString line(const History::Event& event, const QString& type, const PayloadContext& context)
{
    QString text = QStringLiteral("%1  %2  %3  %4")
                       .arg(event.event_id(), kIdWidth)
                       .arg(HistorySummary::timeText(event.event_time()), -24)
                       .arg(type, -kTypeWidth)
                       .arg(EventText::describe(event, context));
    while (text.endsWith(QLatin1Char(' ')))
        text.chop(1);
    return text;
}

} // namespace

void FrontendCommands::print(QIODevice& device, const QString& text)
{
    device.write(text.toUtf8());
}

int FrontendCommands::fail(const Error& error)
{
    print(m_err, QStringLiteral("%1: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(error.toString())));
    return 1;
}

int FrontendCommands::usage(const QString& message)
{
    print(m_err, QStringLiteral("%1: %2\nTry '%1 --help'.\n").arg(QLatin1String(kProgram), message));
    return 2;
}

std::unique_ptr<FrontendClient> FrontendCommands::connect(const QCommandLineParser& parser, const ConnectionOptions& connection,
                                                          int* exitCode)
{
    auto settings = connection.resolve(parser);
    if (!settings) {
        *exitCode = settings.error().code == ErrorCode::UsageError ? usage(settings.error().message) : fail(settings.error());
        return nullptr;
    }
    addStoredSecrets(settings.value());
    auto client = FrontendClient::create(settings.value());
    if (!client) {
        *exitCode = fail(client.error());
        return nullptr;
    }
    return std::move(client.value());
}

void FrontendCommands::addStoredSecrets(ConnectionSettings& settings)
{
    // Only ask the keychain for what the catalog says was stored: asking a desktop without one can stall on D-Bus.
    const KeyCatalog catalog;
    std::vector<std::pair<SecretId, SecretPtr*>> wanted;
    if (!settings.apiKey && catalog.find({SecretKind::CloudApiKey, settings.profile}))
        wanted.push_back({{SecretKind::CloudApiKey, settings.profile}, &settings.apiKey});
    if (!settings.clientKeyPassphrase && !settings.clientKeyPath.isEmpty()
        && catalog.find({SecretKind::ClientKeyPassphrase, settings.clientKeyPath}))
        wanted.push_back({{SecretKind::ClientKeyPassphrase, settings.clientKeyPath}, &settings.clientKeyPassphrase});
    readFromKeychain(wanted);
}

void FrontendCommands::addStoredSecrets(CodecServerSettings& settings)
{
    KeychainKeyStore keychain;
    QEventLoop waiting;
    bool done = false;
    CodecServerSecrets::addStored(settings, keychain, [&](CodecServerSettings withSecrets) {
        settings = std::move(withSecrets);
        done = true;
        waiting.quit();
    });
    if (!done)
        waiting.exec();
}

Result<std::shared_ptr<CodecServerClient>> FrontendCommands::codecServerFor(const QCommandLineParser& parser,
                                                                         const CodecServerOptions& options,
                                                                         const ConnectionSettings& connection)
{
    auto settings = options.resolve(parser, connection);
    if (!settings)
        return settings.error();
    if (!settings->isEnabled())
        return std::shared_ptr<CodecServerClient>();
    addStoredSecrets(settings.value());
    auto client = std::make_shared<CodecServerClient>(std::move(settings.value()));
    if (auto checked = client->check(); !checked)
        return Error{ErrorCode::UsageError, checked.error().message};
    return client;
}

void FrontendCommands::readFromKeychain(const std::vector<std::pair<SecretId, SecretPtr*>>& wanted)
{
    if (wanted.empty())
        return;
    KeychainKeyStore keychain;
    for (const auto& [id, target] : wanted) {
        QEventLoop waiting;
        bool done = false;
        keychain.read(id, [&, target = target](Result<SecretPtr> secret) {
            if (secret && secret.value())
                *target = secret.value();
            done = true;
            waiting.quit();
        });
        if (!done)
            waiting.exec();
    }
}

int FrontendCommands::show(const ConnectionSettings& settings, const WorkflowRef& workflow, const ShowOptions& options,
                           const std::vector<KeyStore*>& stores)
{
    if (options.follow && options.output != QLatin1String("summary"))
        return usage(QStringLiteral("--follow prints events as they come (-o summary); -o json and readable print a whole history"));
    if (options.follow && options.reverse)
        return usage(QStringLiteral("--reverse and --follow do not go together"));
    if (options.reverse)
        return showReverse(settings, workflow, options, stores);

    FrontendHistoryJob::Options jobOptions;
    jobOptions.follow = options.follow;
    jobOptions.maxEvents = options.maxEvents;
    jobOptions.maxDecodedBytes = options.maxDecodedBytes;
    FrontendHistoryJob job(settings, workflow, stores, jobOptions);
    job.setCodecServer(options.codecServer);
    QEventLoop waiting;
    QObject::connect(&job, &FrontendHistoryJob::finished, &waiting, &QEventLoop::quit);
    PayloadContext context;
    context.types = options.types;
    bool headerShown = false;
    if (options.follow) {
        QObject::connect(&job, &FrontendHistoryJob::eventsAdded, &waiting, [&](int firstNew) {
            const History& history = job.history();
            context.decoded = job.decoded();
            if (!headerShown && !history.isEmpty()) {
                headerShown = true;
                print(m_out, QStringLiteral("Source:   %1, namespace %2, workflow %3\nWorkflow: %4, id %5, run %6\n\n%7  %8  %9  DETAILS\n")
                                 .arg(TerminalText::clean(settings.address), TerminalText::clean(settings.temporalNamespace),
                                      TerminalText::clean(job.workflow().workflowId), TerminalText::clean(history.workflowType()),
                                      TerminalText::clean(history.workflowId()), TerminalText::clean(job.workflow().runId))
                                 .arg(QStringLiteral("ID"), kIdWidth)
                                 .arg(QStringLiteral("TIME"), -24)
                                 .arg(QStringLiteral("TYPE"), -kTypeWidth));
            }
            for (int i = firstNew; i < history.eventCount(); ++i)
                print(m_out, TerminalText::clean(line(history.event(i), EventText::typeName(history, i), context)) + QLatin1Char('\n'));
            if (auto* file = qobject_cast<QFileDevice*>(&m_out))
                file->flush();
        });
    }
    // On a terminal, how far the fetch is (a pipe or a file gets only the result).
    const bool showProgress = !options.follow && !options.quiet && stderrIsTerminal();
    if (showProgress) {
        QObject::connect(&job, &FrontendHistoryJob::progressed, &waiting, [this](qint64 received, qint64 expected) {
            print(m_err, expected > 0 ? QStringLiteral("\r%1 of %2 events…").arg(received).arg(expected)
                                      : QStringLiteral("\r%1 events…").arg(received));
        });
    }
    job.start();
    if (job.isRunning())
        waiting.exec();
    if (showProgress)
        print(m_err, QStringLiteral("\r\033[K"));

    CliDiagnostics::warnings(m_err, job.keyStoreErrors());
    const History& history = job.history();
    context.decoded = job.decoded();
    const QString sourceName = QStringLiteral("%1/%2").arg(settings.temporalNamespace, job.workflow().describe());
    if (!job.result().ok()) {
        if (!history.isEmpty())
            print(m_err, QStringLiteral("%1: %2 of %3 events were read before this:\n")
                             .arg(QLatin1String(kProgram))
                             .arg(history.eventCount())
                             .arg(job.expectedEvents()));
        return fail(job.result().error());
    }
    if (!options.quiet)
        CliDiagnostics::notices(m_err, sourceName, history);
    CliDiagnostics::decodeFailures(m_err, sourceName, history, *context.decoded);
    if (options.codecServer && !options.quiet)
        CliDiagnostics::codecServer(m_err, *options.codecServer);

    if (options.sink) // a frontend's workflow that has not closed runs until now
        return options.sink(history, context, true);
    if (!options.follow) {
        if (options.output == QLatin1String("summary")) {
            HistoryFile file;
            file.sourceName = QStringLiteral("%1 %2").arg(settings.address, sourceName);
            file.format.container = SourceFormat::Container::Frontend;
            file.histories.push_back(history);
            print(m_out, TerminalText::cleanLines(HistorySummary::eventLines(file, 0, context)) + QLatin1Char('\n'));
        } else {
            HistoryJsonWriter writer(options.output == QLatin1String("json") ? HistoryJsonWriter::Style::Canonical
                                                                              : HistoryJsonWriter::Style::Readable);
            writer.setPayloadContext(context);
            if (auto written = writer.write(history, m_out); !written)
                return fail(written.error());
        }
    }
    return options.strict && context.decoded->failedCount() > 0 ? 3 : 0;
}

int FrontendCommands::showReverse(const ConnectionSettings& settings, const WorkflowRef& workflow, const ShowOptions& options,
                                  const std::vector<KeyStore*>& stores)
{
    if (options.output != QLatin1String("summary"))
        return usage(QStringLiteral("--reverse prints summary lines, newest first"));
    auto client = FrontendClient::create(settings);
    if (!client)
        return fail(client.error());
    auto keys = std::make_shared<const KeyRing>();
    QByteArray token;
    qint64 failed = 0;
    print(m_out, QStringLiteral("%1  %2  %3  DETAILS\n").arg(QStringLiteral("ID"), kIdWidth).arg(QStringLiteral("TIME"), -24).arg(QStringLiteral("TYPE"), -kTypeWidth));
    auto budget = std::make_shared<DecodeBudget>(options.maxDecodedBytes); // for every page
    PagingGuard guard(options.maxEvents, QStringLiteral("events for one history"), QStringLiteral("--max-events raises the bound"));
    for (int page = 1;; ++page) {
        auto answer = client.value()->historyPage(workflow, token, page, false, true);
        if (!answer)
            return fail(answer.error());
        if (auto accepted = guard.accept(answer->eventCount(), answer->nextPageToken); !accepted)
            return fail(accepted.error());
        for (const auto& events : answer->pages) {
            const History history = History().appended(events);
            DecodeRequest request;
            request.history = history;
            request.knownKeys = keys; // each page asks the stores only for key ids not seen before
            request.stores = stores;
            request.codecServer = options.codecServer;
            request.budget = budget;
            std::shared_ptr<const KeyRing> found;
            auto decoded = DecodingService::decodeNow(std::move(request), nullptr,
                                                      [&found](DecodeTask* task) {
                                                          QObject::connect(task, &DecodeTask::finished, task,
                                                                           [task, &found] { found = task->keys(); });
                                                      });
            if (!decoded)
                return fail(decoded.error());
            if (found)
                keys = found;
            PayloadContext context;
            context.types = options.types;
            context.decoded = decoded.value();
            failed += context.decoded->failedCount();
            for (int i = 0; i < history.eventCount(); ++i)
                print(m_out, TerminalText::clean(line(history.event(i), EventText::typeName(history, i), context)) + QLatin1Char('\n'));
        }
        token = answer->nextPageToken;
        if (token.isEmpty())
            break;
    }
    return options.strict && failed > 0 ? 3 : 0;
}

int FrontendCommands::list(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List workflow executions of a namespace (ListWorkflowExecutions)."));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help"));
    const QCommandLineOption queryOption({QStringLiteral("q"), QStringLiteral("query")},
                                         QStringLiteral("Visibility query, e.g. \"ExecutionStatus='Running'\""), QStringLiteral("QUERY"));
    const QCommandLineOption limitOption(QStringLiteral("limit"), QStringLiteral("At most N executions (default 100; 0: all)"),
                                         QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          QStringLiteral("table or json (one execution per line)"), QStringLiteral("format"),
                                          QStringLiteral("table"));
    ConnectionOptions connection;
    parser.addOptions({helpOption, queryOption, limitOption, outputOption});
    connection.addTo(parser);
    if (!parser.parse(ConnectionOptions::normalized(arguments)))
        return usage(parser.errorText());
    if (parser.isSet(helpOption)) {
        print(m_out, parser.helpText().replace(QStringLiteral("[options]"), QStringLiteral("list [options]")));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("list takes no arguments (the query goes in --query)"));
    bool ok = false;
    const int limit = parser.value(limitOption).toInt(&ok);
    if (!ok || limit < 0)
        return usage(QStringLiteral("--limit takes a whole number (0 for all)"));
    const QString output = parser.value(outputOption);
    if (output != QLatin1String("table") && output != QLatin1String("json"))
        return usage(QStringLiteral("unknown output format '%1' (use table or json)").arg(output));
    int exitCode = 0;
    const std::unique_ptr<FrontendClient> client = connect(parser, connection, &exitCode);
    if (!client)
        return exitCode;
    const QString query = parser.value(queryOption);
    auto total = client->count(query);
    if (!total)
        return fail(total.error());

    // Rows are printed a page at a time, so an endless listing costs no memory; a column widens when a later page
    // needs it. A server that pages on past the count it gave (plus room for executions started meanwhile), repeats
    // a token or sends empty pages for ever is stopped with what it sent.
    const qint64 expected = total.value();
    PagingGuard guard(limit > 0 ? 0 : expected + qMax<qint64>(1000, expected / 10),
                      QStringLiteral("executions, past the %1 it counted").arg(expected),
                      QStringLiteral("--limit N lists at most N"));
    const QStringList headers{QStringLiteral("STATUS"), QStringLiteral("WORKFLOW ID"), QStringLiteral("TYPE"),
                              QStringLiteral("START TIME"), QStringLiteral("CLOSE TIME"), QStringLiteral("EVENTS"),
                              QStringLiteral("TASK QUEUE"), QStringLiteral("RUN ID")};
    std::vector<int> widths;
    for (const QString& header : headers)
        widths.push_back(int(header.size()));
    auto format = [&](const QStringList& cells) -> QString {
        QString text;
        for (int i = 0; i < cells.size(); ++i)
            text += (i == 5 ? cells[i].rightJustified(widths[size_t(i)]) : cells[i].leftJustified(widths[size_t(i)])) + QStringLiteral("  ");
        while (text.endsWith(QLatin1Char(' ')))
            text.chop(1);
        return text + QLatin1Char('\n');
    };
    QByteArray token;
    qint64 listed = 0;
    bool headerPrinted = false;
    Result<void> stopped;
    do {
        const int pageSize = limit == 0 ? 1000 : int(qMin<qint64>(1000, limit - listed));
        qint64 received = 0;
        if (output == QLatin1String("json")) {
            // The executions as the server describes them, one JSON object a line.
            auto page = client->list(query, pageSize, token);
            if (!page)
                return fail(page.error());
            received = page->executions_size();
            for (const auto& execution : page->executions()) {
                if (limit > 0 && listed >= limit)
                    break;
                ++listed;
                std::string json;
                (void)google::protobuf::util::MessageToJsonString(execution, &json, google::protobuf::util::JsonPrintOptions());
                print(m_out, QString::fromStdString(json) + QLatin1Char('\n'));
            }
            token = QByteArray::fromStdString(page->next_page_token());
        } else {
            auto page = WorkflowListing::page(*client, query, pageSize, token);
            if (!page)
                return fail(page.error());
            received = qint64(page->rows.size());
            QList<QStringList> rows;
            for (const auto& row : page->rows) {
                if (limit > 0 && listed >= limit)
                    break;
                ++listed;
                rows << QStringList{TerminalText::clean(row.status), TerminalText::clean(row.workflow.workflowId),
                                    TerminalText::clean(row.type), row.startTime,
                                    row.closeTime.isEmpty() ? QStringLiteral("-") : row.closeTime,
                                    QString::number(row.historyLength), TerminalText::clean(row.taskQueue),
                                    TerminalText::clean(row.workflow.runId)};
            }
            for (const QStringList& row : rows)
                for (int i = 0; i < row.size(); ++i)
                    widths[size_t(i)] = qMax(widths[size_t(i)], int(row[i].size()));
            if (!headerPrinted) {
                print(m_out, format(headers));
                headerPrinted = true;
            }
            for (const QStringList& row : rows)
                print(m_out, format(row));
            token = page->nextPageToken;
        }
        if (auto* file = qobject_cast<QFileDevice*>(&m_out))
            file->flush();
        stopped = guard.accept(received, token);
    } while (stopped.ok() && !token.isEmpty() && (limit == 0 || listed < limit));

    if (output == QLatin1String("table"))
        print(m_err, QStringLiteral("%1 of %2 executions%3\n").arg(listed).arg(expected).arg(query.isEmpty() ? QString() : QStringLiteral(" matching the query")));
    if (!stopped)
        return fail(stopped.error());
    return 0;
}

// The options a command about one workflow takes (-w, -r, -o, keys, connection, Codec Server), parsed; the client,
// the Codec Server and the key stores made. Returns -1 to go on, else the exit code.
int FrontendCommands::openTarget(const QStringList& arguments, const QString& command, const QString& about, Target* target,
                                 const QList<QCommandLineOption>& extra)
{
    QCommandLineParser& parser = target->parser;
    parser.setApplicationDescription(about);
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help"));
    const QCommandLineOption workflowOption({QStringLiteral("w"), QStringLiteral("workflow-id")}, QStringLiteral("Workflow id"),
                                            QStringLiteral("ID"));
    const QCommandLineOption runOption({QStringLiteral("r"), QStringLiteral("run-id")}, QStringLiteral("Run id (default: the latest run)"),
                                       QStringLiteral("ID"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("text or json"),
                                          QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption keyOption(QStringLiteral("key"), QStringLiteral("A codec key, ID=SPEC as for show. Repeatable."),
                                       QStringLiteral("ID=SPEC"));
    const QCommandLineOption noKeychainOption(QStringLiteral("no-keychain"), QStringLiteral("Do not look keys up in the OS keychain"));
    ConnectionOptions connection;
    CodecServerOptions codecServerOptions;
    parser.addOptions({helpOption, workflowOption, runOption, outputOption, keyOption, noKeychainOption});
    parser.addOptions(extra);
    connection.addTo(parser);
    codecServerOptions.addTo(parser);
    if (!parser.parse(ConnectionOptions::normalized(arguments)))
        return usage(parser.errorText());
    if (parser.isSet(helpOption)) {
        print(m_out, parser.helpText().replace(QStringLiteral("[options]"), command + QStringLiteral(" [options]")));
        return 0;
    }
    if (!parser.isSet(workflowOption))
        return usage(QStringLiteral("%1 needs --workflow-id").arg(command));
    target->output = parser.value(outputOption);
    if (target->output != QLatin1String("text") && target->output != QLatin1String("json"))
        return usage(QStringLiteral("unknown output format '%1' (use text or json)").arg(target->output));
    if (auto settings = connection.resolve(parser)) {
        auto found = codecServerFor(parser, codecServerOptions, settings.value());
        if (!found)
            return usage(found.error().message);
        target->codecServer = std::move(found.value());
    }
    // Keys: --key first, then the keychain.
    if (auto keys = KeySpec::insertAssignments(parser.values(keyOption), target->sessionKeys); !keys)
        return usage(QStringLiteral("--key: ") + TerminalText::clean(keys.error().toString()));
    target->stores = {&target->sessionKeys};
    if (!parser.isSet(noKeychainOption))
        target->stores.push_back(&target->keychain);
    int exitCode = 0;
    target->client = connect(parser, connection, &exitCode);
    if (!target->client)
        return exitCode;
    target->workflow = WorkflowRef{parser.value(workflowOption), parser.value(runOption)};
    return -1;
}

// Payloads outside a history decoded with the target's keys and Codec Server; key stores that could not be asked
// are warned of.
Result<PayloadContext> FrontendCommands::decodeLoose(const Target& target, DecodeRequest request)
{
    request.stores = target.stores;
    request.codecServer = target.codecServer;
    std::vector<Error> storeErrors;
    auto decoded = DecodingService::decodeNow(std::move(request), &storeErrors);
    CliDiagnostics::warnings(m_err, storeErrors);
    if (!decoded)
        return decoded.error();
    PayloadContext context;
    context.decoded = decoded.value();
    return context;
}

Result<QJsonArray> FrontendCommands::ask(const Target& target, const QString& queryType,
                                        const std::vector<temporal::api::common::v1::Payload>& arguments)
{
    std::shared_ptr<const temporal::api::failure::v1::Failure> workerFailure;
    auto answer = target.client->query(target.workflow, queryType, arguments, &workerFailure);
    if (!answer && workerFailure) {
        // The worker's own reason, which its failure converter may have encrypted.
        DecodeRequest request;
        request.payloads = FailureChain::encodedAttributes(*workerFailure);
        request.payloadsOwner = workerFailure;
        auto decoded = decodeLoose(target, std::move(request));
        QString message = decoded ? FailureChain::of(*workerFailure, decoded.value()).messages()
                                  : QString::fromStdString(workerFailure->message());
        const auto encoded = FailureChain::encodedAttributes(*workerFailure);
        if (std::any_of(encoded.begin(), encoded.end(), [&](const auto* payload) { return !decoded || !decoded->shown(*payload).isDecoded(); }))
            message += QStringLiteral(" (its reason is encrypted: give its codec key or a Codec Server)");
        if (message.isEmpty()) {
            const QString said = answer.error().message.section(QStringLiteral("(server said: "), 1).chopped(1);
            return Error{ErrorCode::ServerError, QStringLiteral("the worker failed the query and the server passed no reason on%1")
                                                     .arg(said.isEmpty() ? QString() : QStringLiteral(" (it said: %1)").arg(said))};
        }
        return Error{ErrorCode::ServerError, QStringLiteral("the worker failed the query: %1").arg(message)};
    }
    if (!answer)
        return answer.error();
    auto answered = std::make_shared<const FrontendClient::QueryResponse>(std::move(answer.value()));
    DecodeRequest request;
    for (const auto& payload : answered->query_result().payloads())
        request.payloads.push_back(&payload);
    request.payloadsOwner = answered;
    auto decoded = decodeLoose(target, std::move(request));
    if (!decoded)
        return decoded.error();
    QJsonArray values;
    for (const auto& payload : answered->query_result().payloads())
        values.append(ReadablePayload::valueOf(payload, decoded.value()));
    return values;
}

int FrontendCommands::describe(const QStringList& arguments)
{
    Target target;
    if (const int code = openTarget(arguments, QStringLiteral("describe"),
                                    QStringLiteral("Describe a workflow execution: status, pending activities, children and "
                                                   "Nexus operations, with payloads decoded, and who polls its task queues."),
                                    &target);
        code >= 0)
        return code;
    auto description = target.client->describe(target.workflow);
    if (!description)
        return fail(description.error());
    if (target.output == QLatin1String("json")) {
        std::string json;
        google::protobuf::util::JsonPrintOptions printOptions;
        printOptions.add_whitespace = true;
        (void)google::protobuf::util::MessageToJsonString(description.value(), &json, printOptions);
        print(m_out, QString::fromStdString(json));
        return 0;
    }
    // The pending activities' heartbeat details and failures, decoded.
    auto described = std::make_shared<const FrontendClient::DescribeResponse>(std::move(description.value()));
    auto decoded = decodeLoose(target, WorkflowDescription::decodeRequest(described));
    if (!decoded)
        return fail(decoded.error());
    const PayloadContext& context = decoded.value();
    // Who serves it: a running workflow whose queue nobody polls is said first.
    const std::vector<TaskQueueWorkers::Queue> workers = TaskQueueWorkers::ask(*target.client, *described);
    const QStringList warnings = TaskQueueWorkers::warnings(workers, *described);
    QStringList lines;
    for (const QString& warning : warnings)
        lines << QStringLiteral("Warning: ") + warning;
    if (!warnings.isEmpty())
        lines << QString();
    lines << WorkflowDescription::lines(*described, context) << QString() << TaskQueueWorkers::lines(workers, QDateTime::currentMSecsSinceEpoch());
    print(m_out, TerminalText::cleanLines(lines) + QLatin1Char('\n'));
    return 0;
}

int FrontendCommands::stack(const QStringList& arguments)
{
    const QCommandLineOption enhancedOption(QStringLiteral("enhanced"),
                                            QStringLiteral("Ask for the enhanced stack trace (__enhanced_stack_trace): each frame's "
                                                           "file and line, and the line of code where the worker sends its sources"));
    Target target;
    if (const int code = openTarget(arguments, QStringLiteral("stack"),
                                    QStringLiteral("Where a running workflow is blocked: its call stack, as its worker answers "
                                                   "the __stack_trace query, decoded."),
                                    &target, {enhancedOption});
        code >= 0)
        return code;
    const bool enhanced = target.parser.isSet(enhancedOption);
    auto answer = ask(target, enhanced ? QStringLiteral("__enhanced_stack_trace") : QStringLiteral("__stack_trace"), {});
    if (!answer)
        return fail(answer.error());
    QStringList lines;
    for (const QJsonValue& value : std::as_const(answer.value())) {
        if (target.output == QLatin1String("json"))
            lines << QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
        else if (enhanced && value.isObject())
            lines << EnhancedStackTrace::fromJson(value).lines();
        else
            // A stack is text of many lines; each is cleaned of what a terminal would act on, on its own.
            // Go's stacks indent file lines with a tab, which a terminal shows and TerminalText would escape.
            lines << (value.isString() ? value.toString() : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Indented)))
                         .replace(QLatin1Char('\t'), QStringLiteral("    "))
                         .split(QLatin1Char('\n'));
    }
    print(m_out, TerminalText::cleanLines(lines) + QLatin1Char('\n'));
    return 0;
}

int FrontendCommands::trace(const QStringList& arguments)
{
    const QCommandLineOption depthOption(QStringLiteral("depth"), QStringLiteral("Levels of children to fetch; -1 for any (default)"),
                                         QStringLiteral("N"), QStringLiteral("-1"));
    const QCommandLineOption foldOption(QStringLiteral("fold"),
                                        QStringLiteral("Below the root, hide the children of runs with these statuses: running, completed, "
                                                       "failed, canceled, terminated, timedout, continueasnew (default: completed, "
                                                       "canceled, terminated). Repeatable or comma-separated."),
                                        QStringLiteral("STATUS,..."));
    const QCommandLineOption noFoldOption(QStringLiteral("no-fold"), QStringLiteral("Show every run's children"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"), QStringLiteral("Frontend calls at once (default 10)"),
                                               QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption limitOption(QStringLiteral("limit"), QStringLiteral("Runs to fetch at most (default 5000)"),
                                         QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption fromHereOption(QStringLiteral("from-here"),
                                            QStringLiteral("Begin at the workflow given, not at its root"));
    Target target;
    if (const int code = openTarget(arguments, QStringLiteral("trace"),
                                    QStringLiteral("A workflow's family: its root, its children to any depth and each one's runs "
                                                   "(continue-as-new, retries, cron), with failures decoded."),
                                    &target, {depthOption, foldOption, noFoldOption, concurrencyOption, limitOption, fromHereOption});
        code >= 0)
        return code;
    const QCommandLineParser& parser = target.parser;
    FamilyTracer::Options options;
    bool ok = false;
    options.depth = parser.value(depthOption).toInt(&ok);
    if (!ok || options.depth < -1)
        return usage(QStringLiteral("--depth takes a number of levels, or -1 for any"));
    options.concurrency = parser.value(concurrencyOption).toInt(&ok);
    if (!ok || options.concurrency < 1 || options.concurrency > 64)
        return usage(QStringLiteral("--concurrency takes 1 to 64"));
    options.maxRuns = parser.value(limitOption).toInt(&ok);
    if (!ok || options.maxRuns < 1)
        return usage(QStringLiteral("--limit takes a positive number of runs"));
    options.fromRoot = !parser.isSet(fromHereOption);
    FamilyText::Options textOptions;
    textOptions.foldStatuses = FamilyText::defaultFoldStatuses();
    if (parser.isSet(foldOption)) {
        textOptions.foldStatuses.clear();
        for (const QString& value : parser.values(foldOption)) {
            for (const QString& name : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const int status = FamilyText::foldStatusOf(name);
                if (status < 0)
                    return usage(QStringLiteral("--fold: unknown status '%1'").arg(TerminalText::clean(name)));
                textOptions.foldStatuses.insert(status);
            }
        }
    }
    if (parser.isSet(noFoldOption))
        textOptions.foldStatuses.clear();

    auto traced = FamilyTracer::trace(*target.client, target.workflow, options);
    if (!traced)
        return fail(traced.error());
    auto tree = std::make_shared<const FamilyTree>(std::move(traced.value()));
    const DecodeRequest request = tree->decodeRequest(tree);
    auto decoded = decodeLoose(target, request);
    if (!decoded)
        return fail(decoded.error());
    const auto undecoded = std::count_if(request.payloads.begin(), request.payloads.end(), [&](const auto* payload) {
        return !decoded->shown(*payload).isDecoded();
    });
    if (undecoded > 0)
        print(m_err, QStringLiteral("historylens-cli: %1 failure message(s) stay encoded; give their codec key (--key, the keychain) "
                                    "or a Codec Server (--codec-endpoint)\n").arg(undecoded));
    if (target.output == QLatin1String("json")) {
        print(m_out, QString::fromUtf8(QJsonDocument(FamilyText::json(*tree, decoded.value())).toJson(QJsonDocument::Indented)));
        return 0;
    }
    textOptions.nowMs = QDateTime::currentMSecsSinceEpoch();
    print(m_out, TerminalText::cleanLines(FamilyText::lines(*tree, decoded.value(), textOptions)) + QLatin1Char('\n'));
    return 0;
}

int FrontendCommands::query(const QStringList& arguments)
{
    const QCommandLineOption nameOption(QStringLiteral("name"), QStringLiteral("The query's name"), QStringLiteral("NAME"));
    const QCommandLineOption inputOption(QStringLiteral("input"), QStringLiteral("An argument as JSON ('\"maria\"', '{\"id\": 7}'). Repeatable."),
                                         QStringLiteral("JSON"));
    const QCommandLineOption listOption(QStringLiteral("list"), QStringLiteral("List the queries, signals and updates the worker handles"));
    const QCommandLineOption encodeKeyOption(QStringLiteral("encode-key"),
                                             QStringLiteral("Encrypt the arguments with this codec key id (default: the one --key given)"),
                                             QStringLiteral("ID"));
    const QCommandLineOption compressionOption(QStringLiteral("encode-compression"),
                                               QStringLiteral("Compress the arguments before encrypting them: zlib or snappy"),
                                               QStringLiteral("NAME"));
    const QCommandLineOption plainOption(QStringLiteral("plain-input"),
                                         QStringLiteral("Send the arguments as plain JSON, not encoded by any codec"));
    Target target;
    if (const int code = openTarget(arguments, QStringLiteral("query"),
                                    QStringLiteral("Ask a running workflow's worker a query, its arguments encoded with the local "
                                                   "keys or the Codec Server, and print the answer decoded."),
                                    &target, {nameOption, inputOption, listOption, encodeKeyOption, compressionOption, plainOption});
        code >= 0)
        return code;
    const QCommandLineParser& parser = target.parser;
    const bool list = parser.isSet(listOption);
    if (list == parser.isSet(nameOption))
        return usage(QStringLiteral("query needs --name NAME, or --list"));
    const QString name = list ? QStringLiteral("__temporal_workflow_metadata") : parser.value(nameOption);

    // The arguments, as the worker's codec expects them.
    std::vector<temporal::api::common::v1::Payload> inputs;
    const QStringList texts = parser.values(inputOption);
    for (qsizetype i = 0; i < texts.size(); ++i) {
        auto payload = PayloadEncoder::jsonPayload(texts[i]);
        if (!payload)
            return usage(QStringLiteral("--input %1: %2").arg(i + 1).arg(payload.error().message));
        inputs.push_back(std::move(payload.value()));
    }
    if (!inputs.empty() && !parser.isSet(plainOption)) {
        QString keyId = parser.value(encodeKeyOption);
        if (keyId.isEmpty()) {
            const auto given = target.sessionKeys.ids();
            if (given.size() == 1)
                keyId = given.front().name;
        }
        if (!keyId.isEmpty()) {
            std::vector<Error> storeErrors;
            const KeyRing ring = KeyResolver::resolveNow({keyId.toStdString()}, target.stores, &storeErrors);
            CliDiagnostics::warnings(m_err, storeErrors);
            for (auto& input : inputs) {
                auto encoded = PayloadEncoder::encrypted(input, ring, keyId.toStdString(), parser.value(compressionOption));
                if (!encoded)
                    return fail(encoded.error());
                input = std::move(encoded.value());
            }
        } else if (target.codecServer) {
            if (auto encoded = target.codecServer->encodeInPlace(inputs); !encoded)
                return fail(encoded.error());
        } else {
            return usage(QStringLiteral("the arguments would reach the worker unencoded: give the key to encrypt them with (--encode-key ID "
                                        "or one --key), a Codec Server (--codec-endpoint), or --plain-input to send plain JSON"));
        }
    }

    auto answer = ask(target, name, inputs);
    if (!answer)
        return fail(answer.error());
    const QJsonArray& values = answer.value();
    if (target.output == QLatin1String("json")) {
        print(m_out, QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Indented)));
        return 0;
    }
    QStringList lines;
    if (list) {
        lines << WorkflowMetadata::fromJson(values.isEmpty() ? QJsonValue() : values.first()).lines();
    } else {
        for (const auto& value : values) {
            QByteArray text;
            if (value.isObject())
                text = QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
            else if (value.isArray())
                text = QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented);
            else if (value.isString())
                text = value.toString().toUtf8();
            else
                text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
            lines << QString::fromUtf8(text).trimmed().split(QLatin1Char('\n'));
        }
    }
    print(m_out, TerminalText::cleanLines(lines) + QLatin1Char('\n'));
    return 0;
}

} // namespace hl
