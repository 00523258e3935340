// historylens-codec-bench: decoding through a remote Codec Server, and the temporal CLI beside HistoryLens.
//
//   historylens-codec-bench --file HISTORY --endpoint URL [--runs R] [--sweep]
//   historylens-codec-bench --compare --endpoint URL --address A --workflow-id ID --temporal PATH --cli PATH [--runs R]
//
// The first form reads the benchmark history once, then decodes every encoded payload through the Codec Server
// (remote only, no cache between runs) and reports the time and the requests; --sweep tries other batch sizes and
// concurrency, which is how the defaults were chosen. The second form runs `temporal workflow show -o json
// --codec-endpoint` and `historylens-cli show -o json --codec-endpoint` on the same workflow, each to /dev/null,
// and counts the requests each made (the server's GET /stats, tests/tools/codec-server-go).
#include "codec/historydecoder.h"
#include "codecserver/codecserverclient.h"
#include "format/historyreader.h"
#include "support/protobuflog.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace hl;

namespace {

struct Options {
    QString file;
    QString endpoint;
    QString address;
    QString workflowId;
    QString temporal;
    QString cli;
    int runs = 3;
    bool sweep = false;
    bool compare = false;
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

int serverRequests(const QString& endpoint)
{
    QNetworkAccessManager network;
    QNetworkReply* reply = network.get(QNetworkRequest(QUrl(endpoint + QStringLiteral("/stats"))));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int requests = QJsonDocument::fromJson(reply->readAll()).object()[QStringLiteral("requests")].toInt();
    reply->deleteLater();
    return requests;
}

struct Figures {
    double ms = 0;
    int requests = 0;
    qint64 decoded = 0;
    qint64 failed = 0;
};

Figures decodeOnce(const History& history, const QString& endpoint, int batchPayloads, qint64 batchBytes, int inFlight)
{
    CodecServerSettings settings;
    settings.endpoint = endpoint;
    settings.temporalNamespace = QStringLiteral("default");
    settings.order = CodecServerSettings::Order::RemoteOnly;
    settings.maxBatchPayloads = batchPayloads;
    settings.maxBatchBytes = batchBytes;
    settings.maxInFlight = inFlight;
    auto client = std::make_shared<CodecServerClient>(settings);
    HistoryDecoder decoder(std::make_shared<CodecChain>(CodecChain::standard()), std::make_shared<KeyRing>());
    decoder.setCodecServer(client);
    QElapsedTimer timer;
    timer.start();
    auto decoded = decoder.decode(history);
    Figures figures;
    figures.ms = double(timer.nsecsElapsed()) / 1e6;
    figures.requests = client->statistics().requests;
    if (decoded) {
        figures.decoded = decoded->decodedCount();
        figures.failed = decoded->failedCount();
    }
    return figures;
}

int fileBench(const Options& options)
{
    auto file = HistoryReader().readFile(options.file);
    if (!file) {
        std::fprintf(stderr, "historylens-codec-bench: %s\n", qPrintable(file.error().toString()));
        return 1;
    }
    const History& history = file->histories.front();
    std::printf("History: %s, %d events; Codec Server %s (remote only, a new session each run)\n\n",
                qPrintable(options.file), history.eventCount(), qPrintable(options.endpoint));
    struct Setting {
        int payloads;
        qint64 bytes;
        int inFlight;
    };
    std::vector<Setting> settings{{CodecServerSettings::kDefaultBatchPayloads, CodecServerSettings::kDefaultBatchBytes,
                                   CodecServerSettings::kDefaultInFlight}};
    if (options.sweep) {
        for (const Setting setting : {Setting{100, 64 << 20, 4}, Setting{250, 64 << 20, 4}, Setting{500, 64 << 20, 4},
                                      Setting{2000, 64 << 20, 4}, Setting{5000, 64 << 20, 4}, Setting{1000, 1 << 20, 4},
                                      Setting{1000, 16 << 20, 4}, Setting{1000, 4 << 20, 1}, Setting{1000, 4 << 20, 2},
                                      Setting{1000, 4 << 20, 8}})
            settings.push_back(setting);
    }
    std::printf("| batch payloads | batch bytes | in flight | requests | median | best | payloads decoded |\n|---|---|---|---|---|---|---|\n");
    for (const Setting& setting : settings) {
        std::vector<double> times;
        Figures last;
        for (int run = 0; run < options.runs; ++run) {
            last = decodeOnce(history, options.endpoint, setting.payloads, setting.bytes, setting.inFlight);
            times.push_back(last.ms);
        }
        std::printf("| %d | %lld KiB | %d | %d | %.0f ms | %.0f ms | %lld (%lld failed) |\n", setting.payloads,
                    static_cast<long long>(setting.bytes / 1024), setting.inFlight, last.requests, median(times),
                    *std::min_element(times.begin(), times.end()), static_cast<long long>(last.decoded),
                    static_cast<long long>(last.failed));
        std::fflush(stdout);
    }
    return 0;
}

struct Timed {
    double ms = 0;
    int requests = 0;
    int exitCode = -1;
};

Timed timeProcess(const QString& program, const QStringList& arguments, const QString& endpoint)
{
    const int before = serverRequests(endpoint);
    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    process.waitForFinished(-1);
    Timed timed;
    timed.ms = double(timer.nsecsElapsed()) / 1e6;
    timed.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    timed.requests = serverRequests(endpoint) - before;
    return timed;
}

int compareBench(const Options& options)
{
    const QStringList temporal{QStringLiteral("workflow"), QStringLiteral("show"), QStringLiteral("-w"), options.workflowId,
                               QStringLiteral("--address"), options.address, QStringLiteral("-o"), QStringLiteral("json"),
                               QStringLiteral("--codec-endpoint"), options.endpoint};
    const QStringList historylens{QStringLiteral("show"), QStringLiteral("-w"), options.workflowId, QStringLiteral("--address"),
                                  options.address, QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("--no-keychain"),
                                  QStringLiteral("--codec-endpoint"), options.endpoint, QStringLiteral("--codec-order"),
                                  QStringLiteral("remote-only")};
    std::vector<double> temporalMs;
    std::vector<double> historylensMs;
    std::vector<double> ratios;
    Timed lastTemporal;
    Timed lastHistorylens;
    std::printf("Workflow %s at %s, Codec Server %s; each command prints -o json to /dev/null\n\n",
                qPrintable(options.workflowId), qPrintable(options.address), qPrintable(options.endpoint));
    for (int run = 0; run < options.runs; ++run) {
        lastTemporal = timeProcess(options.temporal, temporal, options.endpoint);
        lastHistorylens = timeProcess(options.cli, historylens, options.endpoint);
        if (lastTemporal.exitCode != 0 || lastHistorylens.exitCode != 0) {
            std::fprintf(stderr, "historylens-codec-bench: a command failed (temporal %d, historylens-cli %d)\n",
                         lastTemporal.exitCode, lastHistorylens.exitCode);
            return 1;
        }
        temporalMs.push_back(lastTemporal.ms);
        historylensMs.push_back(lastHistorylens.ms);
        ratios.push_back(lastTemporal.ms / lastHistorylens.ms);
        std::printf("run %d: temporal %.0f ms (%d requests), historylens-cli %.0f ms (%d requests)\n", run + 1, lastTemporal.ms,
                    lastTemporal.requests, lastHistorylens.ms, lastHistorylens.requests);
        std::fflush(stdout);
    }
    std::printf("\n| command | median | requests |\n|---|---|---|\n");
    std::printf("| temporal workflow show -o json --codec-endpoint | %.0f ms | %d |\n", median(temporalMs), lastTemporal.requests);
    std::printf("| historylens-cli show -o json --codec-endpoint | %.0f ms | %d |\n", median(historylensMs), lastHistorylens.requests);
    const double ratio = median(ratios);
    std::printf("\nHistoryLens is %.1fx faster (median of per-run ratios; target >= 20x) %s\n", ratio, ratio >= 20 ? "met" : "NOT MET");
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    ProtobufLog::install();
    const QStringList args = app.arguments();
    Options options;
    const char* usage = "usage: historylens-codec-bench --file HISTORY --endpoint URL [--runs R] [--sweep]\n"
                        "       historylens-codec-bench --compare --endpoint URL --address A --workflow-id ID --temporal PATH "
                        "--cli PATH [--runs R]\n";
    for (int i = 1; i < args.size(); ++i) {
        const QString& option = args[i];
        if (option == QLatin1String("--sweep")) {
            options.sweep = true;
            continue;
        }
        if (option == QLatin1String("--compare")) {
            options.compare = true;
            continue;
        }
        if (option == QLatin1String("-h") || option == QLatin1String("--help")) {
            std::fputs(usage, stdout);
            return 0;
        }
        if (i + 1 >= args.size()) {
            std::fprintf(stderr, "historylens-codec-bench: %s needs a value\n%s", qPrintable(option), usage);
            return 2;
        }
        const QString value = args[++i];
        if (option == QLatin1String("--file"))
            options.file = value;
        else if (option == QLatin1String("--endpoint"))
            options.endpoint = value;
        else if (option == QLatin1String("--address"))
            options.address = value;
        else if (option == QLatin1String("--workflow-id"))
            options.workflowId = value;
        else if (option == QLatin1String("--temporal"))
            options.temporal = value;
        else if (option == QLatin1String("--cli"))
            options.cli = value;
        else if (option == QLatin1String("--runs"))
            options.runs = std::max(1, value.toInt());
        else {
            std::fprintf(stderr, "historylens-codec-bench: unknown option %s\n%s", qPrintable(option), usage);
            return 2;
        }
    }
    if (options.endpoint.isEmpty() || (options.compare ? options.address.isEmpty() || options.workflowId.isEmpty()
                                                             || options.temporal.isEmpty() || options.cli.isEmpty()
                                                       : options.file.isEmpty())) {
        std::fputs(usage, stderr);
        return 2;
    }
    return options.compare ? compareBench(options) : fileBench(options);
}
