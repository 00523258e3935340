#include "cli/diffcommand.h"

#include "cli/codecserveroptions.h"
#include "cli/connectionoptions.h"
#include "cli/frontendcommands.h"
#include "cli/historyloader.h"
#include "cli/terminal.h"
#include "codecserver/codecserverclient.h"
#include "diff/comparisondetail.h"
#include "diff/comparisonjson.h"
#include "keys/keychainkeystore.h"
#include "keys/keyspec.h"
#include "keys/namespacedkeystore.h"
#include "keys/sessionkeystore.h"
#include "support/terminaltext.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace hl {

namespace {

const char* const kProgram = "historylens-cli";
constexpr int kMaxValueWidth = 160;

// A JSON value on one line, cut to a terminal's width.
QString oneLine(const QJsonValue& value)
{
    return TerminalText::clean(ComparisonDetail::oneLine(value, kMaxValueWidth));
}

// "1.5s", "250ms": microseconds, or -1.
int64_t durationMicros(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+(?:\\.\\d+)?)(us|µs|ms|s|m)$"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return -1;
    const double number = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    const double factor = unit == QLatin1String("m") ? 60e6 : unit == QLatin1String("s") ? 1e6 : unit == QLatin1String("ms") ? 1e3 : 1;
    return int64_t(number * factor);
}

QString eventRange(const HistorySteps& side, int index)
{
    return side.eventRange(side.steps()[size_t(index)]);
}

QString sideLine(const QString& label, const HistorySteps& side, const ComparisonJson::Side& about)
{
    const History& history = side.history();
    const QString run = about.runId.isEmpty() ? history.runId() : about.runId;
    return TerminalText::clean(QStringLiteral("%1  %2 (run %3)  %4, %5 events  %6")
                                   .arg(label, history.workflowId(), run, history.workflowType())
                                   .arg(history.eventCount())
                                   .arg(about.source));
}

} // namespace

QString DiffCommand::text(const HistoryComparison& comparison, const ComparisonJson::Side& sourceA, const ComparisonJson::Side& sourceB, bool colour)
{
    auto paint = [colour](const char* code, const QString& text) {
        return colour ? QStringLiteral("\033[%1m%2\033[0m").arg(QLatin1String(code), text) : text;
    };
    QStringList lines;
    lines << paint("1", sideLine(QStringLiteral("A"), comparison.a(), sourceA));
    lines << paint("1", sideLine(QStringLiteral("B"), comparison.b(), sourceB));
    lines << QString();
    auto differences = [&](const std::vector<HistoryComparison::Difference>& list) {
        for (const auto& difference : list) {
            const QString path = TerminalText::clean(difference.path);
            switch (difference.kind) {
            case JsonDiff::Kind::Added:
                lines << QStringLiteral("    %1: %2").arg(path, paint("32", QStringLiteral("+ ") + oneLine(difference.b)));
                break;
            case JsonDiff::Kind::Removed:
                lines << QStringLiteral("    %1: %2").arg(path, paint("31", QStringLiteral("- ") + oneLine(difference.a)));
                break;
            case JsonDiff::Kind::Changed:
                lines << QStringLiteral("    %1: %2 → %3").arg(path, paint("31", oneLine(difference.a)), paint("32", oneLine(difference.b)));
                break;
            }
        }
    };
    if (!comparison.workflow().differences.empty()) {
        lines << paint("33", QStringLiteral("~ workflow"));
        differences(comparison.workflow().differences);
    }
    int same = 0;
    auto flushSame = [&] {
        if (same > 0)
            lines << paint("2", same == 1 ? QStringLiteral("  · 1 step the same") : QStringLiteral("  · %1 steps the same").arg(same));
        same = 0;
    };
    int position = 0;
    for (const HistoryComparison::Row& row : comparison.rows()) {
        ++position;
        if (row.status == HistoryComparison::Status::Same) {
            ++same;
            continue;
        }
        flushSame();
        const HistorySteps::Step& step = row.a >= 0 ? comparison.a().steps()[size_t(row.a)] : comparison.b().steps()[size_t(row.b)];
        const QString title = TerminalText::clean(step.title);
        switch (row.status) {
        case HistoryComparison::Status::OnlyA:
            lines << paint("31", QStringLiteral("- %1  %2  only in A (%3)").arg(position).arg(title, eventRange(comparison.a(), row.a)));
            break;
        case HistoryComparison::Status::OnlyB:
            lines << paint("32", QStringLiteral("+ %1  %2  only in B (%3)").arg(position).arg(title, eventRange(comparison.b(), row.b)));
            break;
        case HistoryComparison::Status::Changed:
        case HistoryComparison::Status::Moved:
            lines << paint("33", QStringLiteral("~ %1  %2  (%3 | %4)%5")
                                     .arg(position)
                                     .arg(title, eventRange(comparison.a(), row.a), eventRange(comparison.b(), row.b),
                                          row.status == HistoryComparison::Status::Moved ? QStringLiteral(", moved") : QString()));
            differences(row.differences);
            break;
        case HistoryComparison::Status::Same:
            break;
        }
    }
    flushSame();
    lines << QString() << paint("1", comparison.summary());
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

int DiffCommand::run(const QStringList& arguments)
{
    // The sources in the order given: files, and -w ID (with its -r RUN) at a frontend. They are taken out of the
    // arguments first, so the parser sees only options.
    QStringList rest{arguments.value(0)};
    std::vector<HistoryLoader::Source> sources;
    const QStringList normalized = ConnectionOptions::normalized(arguments);
    for (int i = 1; i < normalized.size(); ++i) {
        const QString& token = normalized[i];
        auto valueOf = [&](const QString& longName, const QString& shortName, QString* value) {
            if (token == shortName || token == longName) {
                if (i + 1 >= normalized.size())
                    return -1;
                *value = normalized[++i];
                return 1;
            }
            if (token.startsWith(longName + QLatin1Char('='))) {
                *value = token.mid(longName.size() + 1);
                return 1;
            }
            return 0;
        };
        QString value;
        if (int found = valueOf(QStringLiteral("--workflow-id"), QStringLiteral("-w"), &value); found != 0) {
            if (found < 0)
                return usage(QStringLiteral("-w needs a workflow id"));
            HistoryLoader::Source source;
            source.workflow.workflowId = value;
            sources.push_back(source);
            continue;
        }
        if (int found = valueOf(QStringLiteral("--run-id"), QStringLiteral("-r"), &value); found != 0) {
            if (found < 0 || sources.empty())
                return usage(QStringLiteral("-r RUN follows the -w ID it picks a run of"));
            sources.back().workflow.runId = value;
            continue;
        }
        rest << token;
        if (token == QLatin1String("--")) {
            for (++i; i < normalized.size(); ++i) {
                HistoryLoader::Source source;
                source.file = normalized[i];
                sources.push_back(source);
            }
            break;
        }
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Compare two workflow histories step by step: what only one has, and what differs in "
                                                    "outcome, attempts, decoded inputs, results and failures, and timing. A and B "
                                                    "are files or -w ID [-r RUN] at a frontend (one connection for both). Exit code "
                                                    "0 when equal, 1 when different, 2 on trouble."));
    parser.addPositionalArgument(QStringLiteral("A"), QStringLiteral("A history file, or -w ID [-r RUN]"));
    parser.addPositionalArgument(QStringLiteral("B"), QStringLiteral("Another, or -w ID [-r RUN]"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          QStringLiteral("text (default) or json (the schema in docs/diff.md)"), QStringLiteral("format"),
                                          QStringLiteral("text"));
    const QCommandLineOption ignoreTimingOption(QStringLiteral("ignore-timing"), QStringLiteral("Do not compare start offsets and durations"));
    const QCommandLineOption ignoreOption(QStringLiteral("ignore"),
                                          QStringLiteral("Do not report differences at PATH or below it: a field (attempts, timing, "
                                                         "workflowId) or a path in a value (result[0].createdAt). Repeatable."),
                                          QStringLiteral("PATH"));
    const QCommandLineOption thresholdOption(QStringLiteral("timing-threshold"),
                                             QStringLiteral("A timing differs when it moved by at least this much and by a quarter "
                                                            "(default 1s; 500ms, 2s, 1m)"),
                                             QStringLiteral("DURATION"));
    const QCommandLineOption allOption(QStringLiteral("all"), QStringLiteral("JSON: list every aligned step, not only those that differ"));
    const QCommandLineOption colourOption(QStringLiteral("color"), QStringLiteral("auto (on a terminal), always or never"),
                                          QStringLiteral("WHEN"), QStringLiteral("auto"));
    const QCommandLineOption keyOption(QStringLiteral("key"),
                                       QStringLiteral("A key for binary/encrypted payloads, by encryption-key-id; SPEC is hex:..., "
                                                      "base64:..., text:... or file:PATH. Repeatable."),
                                       QStringLiteral("ID=SPEC"));
    const QCommandLineOption keyFileOption(QStringLiteral("key-file"), QStringLiteral("Keys from a file, one ID=SPEC per line"),
                                           QStringLiteral("PATH"));
    const QCommandLineOption noKeychainOption(QStringLiteral("no-keychain"), QStringLiteral("Do not look keys up in the OS keychain"));
    const QCommandLineOption descriptorSetOption(QStringLiteral("descriptor-set"),
                                                 QStringLiteral("Message types for binary/protobuf payloads (a FileDescriptorSet). Repeatable."),
                                                 QStringLiteral("FILE"));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                         QStringLiteral("Do not list what was repaired or kept aside while reading"));
    ConnectionOptions connection;
    CodecServerOptions codecServerOptions;
    parser.addOptions({helpOption, outputOption, ignoreTimingOption, ignoreOption, thresholdOption, allOption, colourOption, keyOption,
                       keyFileOption, noKeychainOption, descriptorSetOption, quietOption});
    connection.addTo(parser);
    codecServerOptions.addTo(parser);
    if (!parser.parse(rest))
        return usage(parser.errorText());
    if (parser.isSet(helpOption)) {
        print(m_out, parser.helpText().replace(QStringLiteral("[options] A B"), QStringLiteral("diff [options] A B")));
        return Equal;
    }
    // Files given as plain arguments take their places among the -w sources in the order they were written.
    const QStringList files = parser.positionalArguments();
    {
        std::vector<HistoryLoader::Source> ordered;
        int fileIndex = 0;
        size_t frontendIndex = 0;
        const std::vector<HistoryLoader::Source>& frontends = sources; // taken out above: -w, and files after --
        // Walk the tokens again to interleave files and frontend sources as written.
        for (int i = 1; i < normalized.size(); ++i) {
            const QString& token = normalized[i];
            if (token == QLatin1String("-w") || token == QLatin1String("--workflow-id") || token.startsWith(QLatin1String("--workflow-id="))) {
                if (frontendIndex < frontends.size())
                    ordered.push_back(frontends[frontendIndex++]);
            } else if (fileIndex < files.size() && token == files[fileIndex]) {
                HistoryLoader::Source source;
                source.file = files[fileIndex++];
                ordered.push_back(source);
            }
        }
        for (; frontendIndex < frontends.size(); ++frontendIndex)
            ordered.push_back(frontends[frontendIndex]);
        for (; fileIndex < files.size(); ++fileIndex) {
            HistoryLoader::Source source;
            source.file = files[fileIndex];
            ordered.push_back(source);
        }
        sources = std::move(ordered);
    }
    if (sources.size() != 2)
        return usage(QStringLiteral("diff compares two histories: give two of FILE and -w ID [-r RUN] (%1 given)").arg(sources.size()));
    const QString output = parser.value(outputOption);
    if (output != QLatin1String("text") && output != QLatin1String("json"))
        return usage(QStringLiteral("unknown output format '%1' (use text or json)").arg(output));
    const QString when = parser.value(colourOption);
    if (when != QLatin1String("auto") && when != QLatin1String("always") && when != QLatin1String("never"))
        return usage(QStringLiteral("--color takes auto, always or never"));
    HistoryComparison::Options compareOptions;
    compareOptions.ignoreTiming = parser.isSet(ignoreTimingOption);
    compareOptions.ignore = parser.values(ignoreOption);
    if (parser.isSet(thresholdOption)) {
        compareOptions.timingThresholdMicros = durationMicros(parser.value(thresholdOption));
        if (compareOptions.timingThresholdMicros < 0)
            return usage(QStringLiteral("--timing-threshold takes a duration: 500ms, 2s, 1m"));
    }

    SessionKeyStore sessionKeys;
    if (auto keys = KeySpec::insertOptions(parser.values(keyOption), parser.values(keyFileOption), sessionKeys); !keys)
        return usage(keys.error().message);
    auto types = MessageTypes::load(parser.values(descriptorSetOption));
    if (!types)
        return usage(QStringLiteral("--descriptor-set: ") + TerminalText::clean(types.error().toString()));

    const bool fromFrontend = std::any_of(sources.begin(), sources.end(), [](const auto& s) { return s.fromFrontend(); });
    auto settings = connection.resolve(parser);
    if (!settings && settings.error().code == ErrorCode::UsageError)
        return usage(settings.error().message);
    if (!settings && fromFrontend) {
        print(m_err, QStringLiteral("%1: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(settings.error().toString())));
        return Trouble;
    }
    HistoryLoader::Options loadOptions;
    if (settings) {
        FrontendCommands::addStoredSecrets(settings.value());
        auto codecServer = FrontendCommands::codecServerFor(parser, codecServerOptions, settings.value());
        if (!codecServer)
            return usage(codecServer.error().message);
        loadOptions.codecServer = codecServer.value();
        loadOptions.connection = settings.value();
    }
    KeychainKeyStore keychain;
    NamespacedKeyStore scopedKeychain(keychain, settings ? settings->temporalNamespace : QString());
    loadOptions.stores = {&sessionKeys};
    if (!parser.isSet(noKeychainOption))
        loadOptions.stores.push_back(&scopedKeychain);
    loadOptions.types = types.value();
    loadOptions.maxDecodedBytes = CodecContext::kDefaultMaxDecodedHistoryBytes;
    loadOptions.quiet = parser.isSet(quietOption);
    HistoryLoader loader(m_err, loadOptions);

    std::vector<HistoryLoader::Loaded> loaded;
    for (const auto& source : sources) {
        auto one = loader.load(source);
        if (!one) {
            print(m_err, QStringLiteral("%1: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(one.error().toString())));
            return Trouble;
        }
        loaded.push_back(std::move(one.value()));
    }
    auto a = std::make_shared<const HistorySteps>(HistorySteps::of(loaded[0].history, loaded[0].context));
    auto b = std::make_shared<const HistorySteps>(HistorySteps::of(loaded[1].history, loaded[1].context));
    const HistoryComparison comparison = HistoryComparison::compare(a, b, compareOptions);
    const ComparisonJson::Side sideA{loaded[0].sourceName, loaded[0].runId};
    const ComparisonJson::Side sideB{loaded[1].sourceName, loaded[1].runId};
    if (output == QLatin1String("json")) {
        m_out.write(ComparisonJson::write(comparison, sideA, sideB, parser.isSet(allOption)));
    } else {
        const bool colour = when == QLatin1String("always") || (when == QLatin1String("auto") && stdoutIsTerminal());
        print(m_out, text(comparison, sideA, sideB, colour));
    }
    return comparison.equal() ? Equal : Different;
}

int DiffCommand::usage(const QString& message)
{
    print(m_err, QStringLiteral("%1: %2\nTry '%1 diff --help'.\n").arg(QLatin1String(kProgram), message));
    return Trouble;
}

void DiffCommand::print(QIODevice& device, const QString& text)
{
    device.write(text.toUtf8());
}

} // namespace hl
