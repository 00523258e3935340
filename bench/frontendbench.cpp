// historylens-frontend-bench: a large history from a Temporal frontend, side by side with the temporal CLI.
//
//   historylens-frontend-bench --address A --workflow-id ID --key ID=SPEC --temporal PATH --cli PATH [--runs R]
//
// Each round, each step in a fresh process: (a) `temporal workflow show -o json` to /dev/null; (b) fetching every
// page into History (no decoding); (c) fetching and decoding with local keys, as the app and the CLI do;
// (d) `historylens-cli show -o json` to /dev/null, the CLI's whole path; (e) the desktop app (offscreen): time from
// opening the workflow to its first rows, to all events decoded, and its peak memory; (f) the desktop app with the
// timeline shown: from opening the workflow to a painted timeline of every event; (g) with --webui-url, the Web UI's
// Timeline tab opened cold by URL in headless chromium (bench/webui-timeline.mjs): its first bars and settled layout.
#include "ui/frontend/frontendtab.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "processmemory.h"
#include "session/frontendhistoryjob.h"
#include "support/allocatortuning.h"
#include "support/protobuflog.h"
#include "support/sizeformat.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "ui/mainwindow.h"
#include "ui/timeline/timelinepanel.h"
#include "ui/timeline/timelineview.h"
#include "timeline/timeline.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <map>

using namespace hl;

namespace {

struct Options {
    QString address;
    QString workflowId;
    QString key;
    QString temporal;
    QString cli;
    QString webuiUrl;
    QString webuiScript;
    int runs = 5;
};

void report(QJsonObject figures)
{
    figures[QStringLiteral("peakRssKiB")] = bench::peakRssKiB();
    std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
}

// (b) and (c), in this child process.
int measureFetch(const Options& options, bool decode)
{
    SessionKeyStore keys;
    if (auto key = KeySpec::parseAssignment(options.key))
        keys.insert({SecretKind::CodecKey, key->id}, key->key);
    ConnectionSettings settings;
    settings.address = options.address;
    FrontendHistoryJob::Options jobOptions;
    jobOptions.decode = decode;
    FrontendHistoryJob job(settings, {options.workflowId, {}}, {&keys}, jobOptions);
    QElapsedTimer timer;
    double firstMs = -1;
    QObject::connect(&job, &FrontendHistoryJob::eventsAdded, &job, [&] {
        if (firstMs < 0)
            firstMs = double(timer.nsecsElapsed()) / 1e6;
    });
    QObject::connect(&job, &FrontendHistoryJob::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    timer.start();
    job.start();
    QCoreApplication::exec();
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (!job.result().ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(job.result().error().toString()));
        return 1;
    }
    if (decode && (job.decoded()->failedCount() > 0 || job.decoded()->decodedCount() == 0)) {
        std::fprintf(stderr, "decoding failed: %lld decoded, %lld not\n", job.decoded()->decodedCount(), job.decoded()->failedCount());
        return 1;
    }
    report({{QStringLiteral("ms"), ms}, {QStringLiteral("firstMs"), firstMs}, {QStringLiteral("events"), job.history().eventCount()},
            {QStringLiteral("pages"), job.pagesReceived()}, {QStringLiteral("payloads"), decode ? job.decoded()->decodedCount() : 0}});
    return 0;
}

// (e), in this child process: the window, offscreen.
int measureApp(const Options& options)
{
    SessionKeyStore keys;
    if (auto key = KeySpec::parseAssignment(options.key))
        keys.insert({SecretKind::CodecKey, key->id}, key->key);
    MainWindow window(&keys);
    window.resize(1400, 900);
    window.show();
    ConnectionSettings settings;
    settings.address = options.address;
    QElapsedTimer timer;
    double firstRowsMs = -1;
    timer.start();
    FrontendTab* tab = window.openWorkflow(settings, {options.workflowId, {}});
    QObject::connect(tab, &FrontendTab::changed, &window, [&] {
        if (firstRowsMs < 0 && tab->historyView() && tab->historyView()->model()->rowCount() > 0) {
            QCoreApplication::processEvents(); // the rows painted
            firstRowsMs = double(timer.nsecsElapsed()) / 1e6;
        }
    });
    QObject::connect(tab, &FrontendTab::loadFinished, &window, [] { QCoreApplication::quit(); });
    QApplication::exec();
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (tab->state() != FrontendTab::State::Loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(tab->errorText()));
        return 1;
    }
    report({{QStringLiteral("ms"), firstRowsMs}, {QStringLiteral("allMs"), ms}, {QStringLiteral("events"), tab->eventCount()}});
    return 0;
}

// (f), in this child process: the window with its timeline shown, until the timeline of every event is painted.
int measureAppTimeline(const Options& options)
{
    SessionKeyStore keys;
    if (auto key = KeySpec::parseAssignment(options.key))
        keys.insert({SecretKind::CodecKey, key->id}, key->key);
    MainWindow window(&keys);
    window.resize(1400, 900);
    window.show();
    ConnectionSettings settings;
    settings.address = options.address;
    QElapsedTimer timer;
    double firstBarsMs = -1;
    double everyEventMs = -1;
    bool loaded = false;
    timer.start();
    FrontendTab* tab = window.openWorkflow(settings, {options.workflowId, {}});
    auto check = [&] {
        HistoryView* view = tab->historyView();
        if (!view)
            return;
        if (!view->isTimelineShown()) {
            view->setTimelineShown(true);
            QObject::connect(view->timeline(), &TimelinePanel::timelineShown, &window, [&, view] {
                TimelineView* timeline = view->timeline()->view();
                timeline->viewport()->repaint();
                if (firstBarsMs < 0)
                    firstBarsMs = double(timer.nsecsElapsed()) / 1e6;
                if (loaded && timeline->timeline()->eventCount() == tab->eventCount() && !view->timeline()->isBuilding()) {
                    everyEventMs = double(timer.nsecsElapsed()) / 1e6;
                    QCoreApplication::quit();
                }
            });
        }
    };
    QObject::connect(tab, &FrontendTab::changed, &window, check);
    QObject::connect(tab, &FrontendTab::loadFinished, &window, [&] {
        loaded = true;
        HistoryView* view = tab->historyView();
        if (tab->state() != FrontendTab::State::Loaded || !view)
            return QCoreApplication::quit();
        TimelineView* timeline = view->timeline()->view();
        if (timeline->timeline() && timeline->timeline()->eventCount() == tab->eventCount() && !view->timeline()->isBuilding()) {
            timeline->viewport()->repaint();
            everyEventMs = double(timer.nsecsElapsed()) / 1e6;
            QCoreApplication::quit();
        }
    });
    QApplication::exec();
    if (everyEventMs < 0) {
        std::fprintf(stderr, "the timeline was not laid out: %s\n", qPrintable(tab->errorText()));
        return 1;
    }
    report({{QStringLiteral("ms"), everyEventMs}, {QStringLiteral("firstBarsMs"), firstBarsMs},
            {QStringLiteral("lanes"), qint64(tab->historyView()->timeline()->view()->timeline()->lanes().size())}});
    return 0;
}

// (g): one cold open of the Web UI's Timeline tab.
QJsonObject runWebUi(const Options& options)
{
    QProcess node;
    node.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    node.start(QStringLiteral("node"), {options.webuiScript, options.webuiUrl});
    if (!node.waitForFinished(300000) || node.exitCode() != 0) {
        std::fprintf(stderr, "the Web UI measurement failed\n");
        std::exit(1);
    }
    return QJsonDocument::fromJson(node.readAllStandardOutput()).object();
}

QStringList childArguments(const Options& options, const QString& what)
{
    return {QStringLiteral("--measure"), what, QStringLiteral("--address"), options.address, QStringLiteral("--workflow-id"),
            options.workflowId, QStringLiteral("--key"), options.key};
}

QJsonObject runChild(const Options& options, const QString& what)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), childArguments(options, what));
    if (!child.waitForFinished(-1) || child.exitCode() != 0) {
        std::fprintf(stderr, "measuring %s failed\n", qPrintable(what));
        std::exit(1);
    }
    return QJsonDocument::fromJson(child.readAllStandardOutput()).object();
}

// (a) and (d): a whole command, its JSON to `output` (the null device, or a file once to know the size).
double runCommand(const QString& program, const QStringList& arguments, const QString& output = QProcess::nullDevice())
{
    QProcess process;
    process.setStandardOutputFile(output);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    if (!process.waitForFinished(-1) || process.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(program), process.readAllStandardError().constData());
        std::exit(1);
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char* argv[])
{
    AllocatorTuning::apply();
    ProtobufLog::install();
    Options options;
    QString measure;
    for (int i = 1; i + 1 < argc; i += 2) {
        const QByteArray option = argv[i];
        const QString value = QString::fromLocal8Bit(argv[i + 1]);
        if (option == "--measure")
            measure = value;
        else if (option == "--address")
            options.address = value;
        else if (option == "--workflow-id")
            options.workflowId = value;
        else if (option == "--key")
            options.key = value;
        else if (option == "--temporal")
            options.temporal = value;
        else if (option == "--cli")
            options.cli = value;
        else if (option == "--webui-url")
            options.webuiUrl = value;
        else if (option == "--webui-script")
            options.webuiScript = value;
        else if (option == "--runs")
            options.runs = qMax(1, value.toInt());
        else {
            std::fprintf(stderr, "historylens-frontend-bench: unknown option %s\n", option.constData());
            return 2;
        }
    }
    if (measure == QLatin1String("app") || measure == QLatin1String("app-timeline")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        // The offscreen platform says so for every window it sizes; nothing to act on here.
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
            if (!message.contains(QLatin1String("propagateSizeHints")))
                std::fprintf(stderr, "%s%s\n", type == QtWarningMsg ? "warning: " : "", qPrintable(message));
        });
        QApplication app(argc, argv);
        return measure == QLatin1String("app") ? measureApp(options) : measureAppTimeline(options);
    }
    QCoreApplication app(argc, argv);
    if (measure == QLatin1String("fetch") || measure == QLatin1String("fetch-decode"))
        return measureFetch(options, measure == QLatin1String("fetch-decode"));
    if (options.address.isEmpty() || options.workflowId.isEmpty() || options.key.isEmpty() || options.temporal.isEmpty()
        || options.cli.isEmpty()) {
        std::fputs("usage: historylens-frontend-bench --address A --workflow-id ID --key ID=SPEC --temporal PATH --cli PATH "
                   "[--runs R] [--webui-url URL --webui-script PATH]\n",
                   stderr);
        return 2;
    }

    const QStringList temporalArguments{QStringLiteral("workflow"), QStringLiteral("show"), QStringLiteral("-w"), options.workflowId,
                                        QStringLiteral("--address"), options.address, QStringLiteral("-o"), QStringLiteral("json")};
    const QStringList cliArguments{QStringLiteral("show"), QStringLiteral("-w"), options.workflowId, QStringLiteral("--address"),
                                   options.address, QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("--key"), options.key,
                                   QStringLiteral("--no-keychain"), QStringLiteral("--strict"), QStringLiteral("--quiet")};
    QTemporaryDir scratch;
    const QString jsonPath = scratch.filePath(QStringLiteral("history.json"));
    runCommand(options.temporal, temporalArguments, jsonPath);
    const qint64 jsonBytes = QFileInfo(jsonPath).size();

    std::vector<double> temporal, fetch, fetchDecode, cli, appFirst, appAll, fetchPeak, decodePeak, appPeak, decodeRatios, cliRatios;
    std::vector<double> appTimeline, appTimelineFirst, webFirst, webSettled, timelineRatios;
    qint64 webBars = 0, appLanes = 0;
    QJsonObject last;
    for (int round = 0; round < options.runs; ++round) {
        // Rounds interleave the steps, so a noisy moment weighs on all alike; ratios are taken within a round.
        temporal.push_back(runCommand(options.temporal, temporalArguments));
        const QJsonObject fetched = runChild(options, QStringLiteral("fetch"));
        const QJsonObject decoded = runChild(options, QStringLiteral("fetch-decode"));
        cli.push_back(runCommand(options.cli, cliArguments));
        const QJsonObject app = runChild(options, QStringLiteral("app"));
        const QJsonObject appTimelineRun = runChild(options, QStringLiteral("app-timeline"));
        appTimeline.push_back(appTimelineRun[QStringLiteral("ms")].toDouble());
        appTimelineFirst.push_back(appTimelineRun[QStringLiteral("firstBarsMs")].toDouble());
        appLanes = appTimelineRun[QStringLiteral("lanes")].toInteger();
        if (!options.webuiUrl.isEmpty()) {
            const QJsonObject web = runWebUi(options);
            webFirst.push_back(web[QStringLiteral("firstBarsMs")].toDouble());
            webSettled.push_back(web[QStringLiteral("settledMs")].toDouble());
            webBars = web[QStringLiteral("bars")].toInteger();
            timelineRatios.push_back(webSettled.back() / appTimeline.back());
        }
        fetch.push_back(fetched[QStringLiteral("ms")].toDouble());
        fetchDecode.push_back(decoded[QStringLiteral("ms")].toDouble());
        appFirst.push_back(app[QStringLiteral("ms")].toDouble());
        appAll.push_back(app[QStringLiteral("allMs")].toDouble());
        fetchPeak.push_back(double(fetched[QStringLiteral("peakRssKiB")].toInteger()) / 1024.0);
        decodePeak.push_back(double(decoded[QStringLiteral("peakRssKiB")].toInteger()) / 1024.0);
        appPeak.push_back(double(app[QStringLiteral("peakRssKiB")].toInteger()) / 1024.0);
        decodeRatios.push_back(fetchDecode.back() / fetch.back());
        cliRatios.push_back(cli.back() / temporal.back());
        last = decoded;
    }

    std::printf("History: workflow %s at %s, %lld events in %d pages, %lld payloads decoded, %s as `temporal workflow show -o json`; "
                "%d rounds\n\n",
                qPrintable(options.workflowId), qPrintable(options.address), last[QStringLiteral("events")].toInteger(),
                last[QStringLiteral("pages")].toInt(), last[QStringLiteral("payloads")].toInteger(), qPrintable(formatSize(jsonBytes)),
                options.runs);
    std::printf("| step | best | median | peak RSS |\n|---|---|---|---|\n");
    auto row = [](const char* name, const std::vector<double>& ms, const std::vector<double>& peak) {
        std::printf("| %s | %.0f ms | %.0f ms | %s |\n", name, *std::min_element(ms.begin(), ms.end()), median(ms),
                    peak.empty() ? "" : qPrintable(QStringLiteral("%1 MiB").arg(median(peak), 0, 'f', 0)));
    };
    row("(a) temporal workflow show -o json > /dev/null", temporal, {});
    row("(b) historylens: fetch every page", fetch, fetchPeak);
    row("(c) historylens: fetch and decode", fetchDecode, decodePeak);
    row("(d) historylens-cli show -o json > /dev/null", cli, {});
    row("(e) desktop app: first rows", appFirst, {});
    row("(e) desktop app: every event decoded", appAll, appPeak);
    row("(f) desktop app, timeline shown: first bars", appTimelineFirst, {});
    row("(f) desktop app, timeline shown: every event's timeline painted", appTimeline, {});
    if (!webFirst.empty()) {
        row("(g) Web UI Timeline tab, cold by URL: first bars", webFirst, {});
        row("(g) Web UI Timeline tab, cold by URL: layout settled", webSettled, {});
    }
    auto verdict = [](bool met) { return met ? "met" : "NOT MET"; };
    const double decodeRatio = median(decodeRatios);
    std::printf("\n(c) / (b), median of per-round ratios: %.2fx (target <= 1.15x) %s\n", decodeRatio, verdict(decodeRatio <= 1.15));
    std::printf("(c) / (a): %.2fx (target <= 1x) %s\n", median(fetchDecode) / median(temporal), verdict(median(fetchDecode) <= median(temporal)));
    std::printf("(d) / (a), median of per-round ratios: %.2fx\n", median(cliRatios));
    std::printf("desktop app: first rows after %.0f ms (target <= 1000 ms) %s\n", median(appFirst), verdict(median(appFirst) <= 1000));
    if (!timelineRatios.empty())
        std::printf("timeline: the Web UI's settled timeline (%lld rows in its page) / the app's painted timeline of every event "
                    "(%lld lanes), median of per-round ratios: %.1fx (target >= 5x) %s\n",
                    static_cast<long long>(webBars), static_cast<long long>(appLanes), median(timelineRatios),
                    verdict(median(timelineRatios) >= 5.0));
    const double memory = median(appPeak) * 1024.0 * 1024.0 / double(jsonBytes);
    std::printf("desktop app: peak RSS / JSON size: %.2fx (target <= 4x) %s\n", memory, verdict(memory <= 4.0));
    return 0;
}
