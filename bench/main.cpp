// historylens-bench: load and decode figures for the largest history Temporal allows.
//
//   historylens-bench [--events N] [--runs R] [--file PATH] [--steps GROUP,...]
//
// Generates the benchmark history (once; kept at PATH), then measures each step in a fresh child process, so peak
// memory of one step does not hide in another's: a bare simdjson DOM parse of the file (the yardstick), a full load
// into History, decoding every payload (AES-256-GCM over zlib) on all cores and on one, the desktop app's open,
// expand, scroll and search, and the desktop app under mixed use: its longest GUI stall and the 99th percentile
// (HL_BENCH_STALL_SECONDS, 20 by default); and comparing the history with two other runs of it, decoded (every
// payload encrypted under other nonces): one with the same values, one whose results differ in 1% of its steps.
#include "benchhistory.h"
#include "guimeasure.h"
#include "timelinemeasure.h"
#include "processmemory.h"

#include "codec/historydecoder.h"
#include "diff/historycomparison.h"
#include "session/decodingservice.h"
#include "session/workthreads.h"
#include "format/historyreader.h"
#include "render/historyjsonwriter.h"
#include "support/allocatortuning.h"
#include "support/protobuflog.h"
#include "support/hugepages.h"
#include "support/sizeformat.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QThreadPool>

#include <simdjson.h>

#include <algorithm>
#include <cstdio>

using namespace hl;

namespace {

void report(const QJsonObject& figures)
{
    QJsonObject out = figures;
    out[QStringLiteral("peakRssKiB")] = bench::processStatusKiB("VmHWM:");
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
}

// The other runs compared with the benchmark history: the same values, and 1% of the steps' results changed.
constexpr int kChangeEvery = 100;

QString otherRunPath(const QString& path, bool changed)
{
    QString other = path;
    other.replace(QRegularExpression(QStringLiteral("\\.json$")), changed ? QStringLiteral("-run3-changed.json") : QStringLiteral("-run2.json"));
    return other;
}

bool writeHistory(const QString& path, const History& history)
{
    QFile out(path);
    return out.open(QIODevice::WriteOnly) && HistoryJsonWriter().write(history, out);
}

Result<std::pair<History, PayloadContext>> loadDecoded(const QString& path, const std::shared_ptr<KeyRing>& keys)
{
    auto file = HistoryReader().readFile(path);
    if (!file)
        return file.error();
    DecodeRequest request;
    request.history = file->histories.front();
    request.knownKeys = keys;
    auto decoded = DecodingService::decodeNow(std::move(request));
    if (!decoded)
        return decoded.error();
    if (decoded.value()->failedCount() > 0)
        return Error{ErrorCode::AuthenticationFailed, QStringLiteral("%1 payloads of %2 did not decode").arg(decoded.value()->failedCount()).arg(path)};
    PayloadContext context;
    context.decoded = decoded.value();
    return std::make_pair(file->histories.front(), context);
}

// Two runs read and decoded, then compared: the time and the memory added from the steps' reading to the end.
int measureComparison(const QString& path, bool changed, const std::shared_ptr<KeyRing>& keys)
{
    auto a = loadDecoded(path, keys);
    auto b = loadDecoded(otherRunPath(path, changed), keys);
    if (!a || !b) {
        std::fprintf(stderr, "%s\n", qPrintable((!a ? a.error() : b.error()).toString()));
        return 1;
    }
    const qint64 baseline = bench::processStatusKiB("VmRSS:");
    bench::resetPeakRss();
    QElapsedTimer timer;
    timer.start();
    auto stepsA = std::make_shared<const HistorySteps>(HistorySteps::of(a->first, a->second));
    auto stepsB = std::make_shared<const HistorySteps>(HistorySteps::of(b->first, b->second));
    const HistoryComparison comparison = HistoryComparison::compare(stepsA, stepsB, {});
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    const qint64 addedKiB = bench::processStatusKiB("VmHWM:") - baseline;
    report({{QStringLiteral("ms"), ms}, {QStringLiteral("addedKiB"), addedKiB}, {QStringLiteral("steps"), qint64(stepsA->steps().size())},
            {QStringLiteral("changed"), comparison.changedCount()}, {QStringLiteral("equal"), comparison.equal()},
            {QStringLiteral("bytes"), QFileInfo(path).size() + QFileInfo(otherRunPath(path, changed)).size()}});
    return 0;
}

// One measurement, in this (child) process.
int measure(const QString& what, const QString& path)
{
    const qint64 baseline = bench::processStatusKiB("VmRSS:");
    QElapsedTimer timer;
    if (what == QLatin1String("simdjson")) {
        timer.start();
        simdjson::padded_string json;
        if (simdjson::padded_string::load(path.toStdString()).get(json) != simdjson::SUCCESS)
            return 1;
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        if (parser.parse(json).get(root) != simdjson::SUCCESS)
            return 1;
        report({{QStringLiteral("ms"), double(timer.nsecsElapsed()) / 1e6}, {QStringLiteral("baselineKiB"), baseline}});
        return 0;
    }
    if (what == QLatin1String("simdjson-huge")) {
        // The same parse with the same huge-page hints the reader gives its buffers (support/hugepages.h), so the
        // load's ratio can be read without the page faults that only one side avoids.
        timer.start();
        QFile in(path);
        if (!in.open(QIODevice::ReadOnly))
            return 1;
        simdjson::padded_string json(size_t(in.size()));
        HugePages::advise(json.data(), json.size());
        if (in.read(json.data(), qint64(json.size())) != qint64(json.size()))
            return 1;
        simdjson::dom::parser parser;
        if (parser.allocate(json.size()) != simdjson::SUCCESS || parser.doc.allocate(json.size()) != simdjson::SUCCESS)
            return 1;
        HugePages::adviseJsonParser(parser);
        simdjson::dom::element root;
        if (parser.parse(json).get(root) != simdjson::SUCCESS)
            return 1;
        report({{QStringLiteral("ms"), double(timer.nsecsElapsed()) / 1e6}, {QStringLiteral("baselineKiB"), baseline}});
        return 0;
    }

    if (what.startsWith(QLatin1String("diff"))) {
        auto keys = std::make_shared<KeyRing>();
        keys->insert(bench::BenchHistory::kKeyId, std::make_shared<SecretBytes>(std::string_view(
            reinterpret_cast<const char*>(bench::BenchHistory::key().data()), bench::BenchHistory::key().size())));
        return measureComparison(path, what == QLatin1String("diff-changed"), keys);
    }

    timer.start();
    auto file = HistoryReader().readFile(path);
    if (!file) {
        std::fprintf(stderr, "%s\n", qPrintable(file.error().toString()));
        return 1;
    }
    const double loadMs = double(timer.nsecsElapsed()) / 1e6;
    const History& history = file->histories.front();
    if (what == QLatin1String("load")) {
        report({{QStringLiteral("ms"), loadMs}, {QStringLiteral("events"), history.eventCount()},
                {QStringLiteral("baselineKiB"), baseline}});
        return 0;
    }

    if (what == QLatin1String("decode-1"))
        WorkThreads::instance().cpu()->setMaxThreadCount(1);
    auto keys = std::make_shared<KeyRing>();
    keys->insert(bench::BenchHistory::kKeyId, std::make_shared<SecretBytes>(
        std::string_view(reinterpret_cast<const char*>(bench::BenchHistory::key().data()), bench::BenchHistory::key().size())));
    DecodeRequest request;
    request.history = history;
    request.knownKeys = keys;
    timer.restart();
    auto decoded = DecodingService::decodeNow(std::move(request));
    const double decodeMs = double(timer.nsecsElapsed()) / 1e6;
    if (!decoded || decoded.value()->failedCount() > 0 || decoded.value()->decodedCount() == 0) {
        std::fprintf(stderr, "decoding failed\n");
        return 1;
    }
    report({{QStringLiteral("ms"), decodeMs}, {QStringLiteral("payloads"), decoded.value()->decodedCount()},
            {QStringLiteral("threads"), WorkThreads::instance().cpu()->maxThreadCount()}});
    return 0;
}

QJsonObject runChild(const QString& what, const QString& path)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--measure"), what, path});
    if (!child.waitForFinished(-1) || child.exitCode() != 0) {
        std::fprintf(stderr, "measuring %s failed\n", qPrintable(what));
        std::exit(1);
    }
    return QJsonDocument::fromJson(child.readAllStandardOutput()).object();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// One step's figures over all rounds.
struct Series {
    std::vector<double> ms;
    std::vector<double> peakMiB;
    QJsonObject last;

    void add(const QJsonObject& figures)
    {
        ms.push_back(figures[QStringLiteral("ms")].toDouble());
        peakMiB.push_back(double(figures[QStringLiteral("peakRssKiB")].toInteger()) / 1024.0);
        last = figures;
    }
    double best() const { return *std::min_element(ms.begin(), ms.end()); }
};

} // namespace

int main(int argc, char* argv[])
{
    AllocatorTuning::apply(); // as the app and the CLI do
    ProtobufLog::install();
    if (argc == 4 && qstrcmp(argv[1], "--measure") == 0 && qstrncmp(argv[2], "gui", 3) == 0) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        if (qstrcmp(argv[2], "gui-timeline") == 0)
            return bench::measureTimeline(QString::fromLocal8Bit(argv[3]));
        if (qstrcmp(argv[2], "gui-stalls") == 0)
            return bench::measureStalls(QString::fromLocal8Bit(argv[3]), qEnvironmentVariableIntValue("HL_BENCH_STALL_SECONDS") > 0
                                                                             ? qEnvironmentVariableIntValue("HL_BENCH_STALL_SECONDS")
                                                                             : 20);
        return bench::measureGui(QString::fromLocal8Bit(argv[3]));
    }
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4 && args[1] == QLatin1String("--measure"))
        return measure(args[2], args[3]);

    int events = bench::BenchHistory::kMaxEvents;
    int runs = 5;
    QString path;
    const QStringList groups{QStringLiteral("load"), QStringLiteral("decode"), QStringLiteral("gui"), QStringLiteral("timeline"),
                             QStringLiteral("diff")};
    QStringList steps = groups;
    const char* usage = "usage: historylens-bench [--events N] [--runs R] [--file PATH] [--steps GROUP,...]\n"
                        "  --events N   events in the generated history (5 to 51200; default 51200)\n"
                        "  --runs R     rounds of every step, each step in a fresh process (default 5)\n"
                        "  --file PATH  the history to measure; generated there when missing\n"
                        "               (default: $TMPDIR/historylens-bench-N.json)\n"
                        "  --steps G    only these groups of steps: load, decode, gui, timeline, diff (default all)\n";
    for (int i = 1; i < args.size(); i += 2) {
        const QString& option = args[i];
        if (option == QLatin1String("-h") || option == QLatin1String("--help")) {
            std::fputs(usage, stdout);
            return 0;
        }
        bool number = true;
        if (i + 1 >= args.size()) {
            std::fprintf(stderr, "historylens-bench: %s needs a value\n%s", qPrintable(option), usage);
            return 2;
        }
        if (option == QLatin1String("--events"))
            events = qBound(5, args[i + 1].toInt(&number), bench::BenchHistory::kMaxEvents);
        else if (option == QLatin1String("--runs"))
            runs = qMax(1, args[i + 1].toInt(&number));
        else if (option == QLatin1String("--file"))
            path = args[i + 1];
        else if (option == QLatin1String("--steps")) {
            steps = args[i + 1].split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (const QString& group : steps) {
                if (!groups.contains(group)) {
                    std::fprintf(stderr, "historylens-bench: no group of steps is called %s\n%s", qPrintable(group), usage);
                    return 2;
                }
            }
        }
        else {
            std::fprintf(stderr, "historylens-bench: unknown option %s\n%s", qPrintable(option), usage);
            return 2;
        }
        if (!number) {
            std::fprintf(stderr, "historylens-bench: %s takes a whole number, not %s\n", qPrintable(option), qPrintable(args[i + 1]));
            return 2;
        }
    }
    if (path.isEmpty())
        path = QDir::temp().filePath(QStringLiteral("historylens-bench-%1.json").arg(events));

    if (!QFileInfo::exists(path)) {
        std::printf("Generating %d events into %s ...\n", events, qPrintable(path));
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) || !HistoryJsonWriter().write(bench::BenchHistory::make(events), out)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
    }
    for (const bool changed : {false, true}) {
        const QString other = otherRunPath(path, changed);
        if (steps.contains(QLatin1String("diff")) && !QFileInfo::exists(other)) {
            std::printf("Generating another run (%s) into %s ...\n", changed ? "1% of results changed" : "the same values", qPrintable(other));
            if (!writeHistory(other, bench::BenchHistory::make(events, changed ? 3 : 2, changed ? kChangeEvery : 0))) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(other));
                return 1;
            }
        }
    }
    const qint64 fileBytes = QFileInfo(path).size();
    std::printf("History: %s, %d events, %s of JSON; %d rounds, each step in a fresh process\n\n",
                qPrintable(path), events, qPrintable(formatSize(fileBytes)), runs);

    // Rounds interleave the steps, so a noisy moment on a shared machine weighs on all of them alike, and the
    // load / parse ratio is taken within each round.
    Series simd, simdHuge, load, decode, decodeOne, gui, stalls, timeline, diffSame, diffChanged;
    std::vector<double> loadRatios, loadRatiosHuge;
    const auto measured = [&steps](const char* group) { return steps.contains(QLatin1String(group)); };
    for (int round = 0; round < runs; ++round) {
        if (measured("load")) {
            simd.add(runChild(QStringLiteral("simdjson"), path));
            simdHuge.add(runChild(QStringLiteral("simdjson-huge"), path));
            load.add(runChild(QStringLiteral("load"), path));
            loadRatios.push_back(load.ms.back() / simd.ms.back());
            loadRatiosHuge.push_back(load.ms.back() / simdHuge.ms.back());
        }
        if (measured("decode")) {
            decode.add(runChild(QStringLiteral("decode"), path));
            decodeOne.add(runChild(QStringLiteral("decode-1"), path));
        }
        if (measured("gui")) {
            gui.add(runChild(QStringLiteral("gui"), path));
            stalls.add(runChild(QStringLiteral("gui-stalls"), path));
        }
        if (measured("timeline"))
            timeline.add(runChild(QStringLiteral("gui-timeline"), path));
        if (measured("diff")) {
            diffSame.add(runChild(QStringLiteral("diff-same"), path));
            diffChanged.add(runChild(QStringLiteral("diff-changed"), path));
        }
    }
    auto verdict = [](bool met) { return met ? "met" : "NOT MET"; };

    auto row = [](const char* name, const Series& series) {
        std::printf("| %s | %.0f ms | %.0f ms | %.0f MiB |\n", name, series.best(), median(series.ms), median(series.peakMiB));
    };
    if (measured("load") || measured("decode"))
        std::printf("| step | best | median | peak RSS |\n|---|---|---|---|\n");
    if (measured("load")) {
        row("simdjson DOM parse (yardstick)", simd);
        row("simdjson DOM parse, buffers on huge pages", simdHuge);
        row("load into History", load);
    }
    if (measured("decode")) {
        const QByteArray decodeName = QStringLiteral("decode %1 payloads, %2 threads")
                                          .arg(decode.last[QStringLiteral("payloads")].toInteger())
                                          .arg(decode.last[QStringLiteral("threads")].toInt())
                                          .toUtf8();
        row(decodeName.constData(), decode);
        row("decode, 1 thread", decodeOne);
    }
    if (measured("load")) {
        const double loadRatio = median(loadRatios);
        const double memoryRatio = median(load.peakMiB) * 1024.0 * 1024.0 / double(fileBytes);
        std::printf("\nload / simdjson parse (median of per-round ratios): %.2fx (target <= 4x) %s\n", loadRatio, verdict(loadRatio <= 4.0));
        std::printf("load / simdjson parse on huge pages: %.2fx (target <= 4x) %s\n", median(loadRatiosHuge),
                    verdict(median(loadRatiosHuge) <= 4.0));
        std::printf("load peak RSS / file size: %.2fx (target <= 3x) %s\n", memoryRatio, verdict(memoryRatio <= 3.0));
    }
    if (measured("decode")) {
        const double decodeMs = median(decode.ms);
        std::printf("decode all payloads, median: %.1f ms (target <= 100 ms) %s\n", decodeMs, verdict(decodeMs <= 100.0));
    }

    if (measured("gui")) {
        // The desktop app (offscreen), figures of the last round.
        const QJsonObject& desktop = gui.last;
        const double appMemory = median(gui.peakMiB) * 1024.0 * 1024.0 / double(fileBytes);
        std::printf("\ndesktop app: open to first rows painted, median: %.0f ms (target <= 1000 ms) %s\n", median(gui.ms),
                    verdict(median(gui.ms) <= 1000.0));
        std::printf("desktop app: expand an event: %.2f ms median, %.2f ms worst (target < 16 ms) %s\n",
                    desktop[QStringLiteral("expandMs")].toDouble(), desktop[QStringLiteral("expandMaxMs")].toDouble(),
                    verdict(desktop[QStringLiteral("expandMaxMs")].toDouble() < 16.0));
        std::printf("desktop app: scroll a page: %.2f ms median, %.2f ms worst (target < 16 ms) %s\n",
                    desktop[QStringLiteral("scrollMs")].toDouble(), desktop[QStringLiteral("scrollMaxMs")].toDouble(),
                    verdict(desktop[QStringLiteral("scrollMaxMs")].toDouble() < 16.0));
        std::printf("desktop app: search every decoded payload: %.0f ms (target <= 250 ms) %s\n",
                    desktop[QStringLiteral("searchMs")].toDouble(), verdict(desktop[QStringLiteral("searchMs")].toDouble() <= 250.0));
        std::printf("desktop app: peak RSS / file size: %.2fx (target <= 4x) %s\n", appMemory, verdict(appMemory <= 4.0));
        // Mixed use: every round's longest stall, and the worst of them; the 99th percentile of the last round.
        const double worstStall = *std::max_element(stalls.ms.begin(), stalls.ms.end());
        std::printf("desktop app under mixed use (%lld actions): longest GUI stall %.0f ms median, %.0f ms worst, 99th percentile "
                    "%.0f ms (target <= 50 ms) %s\n",
                    static_cast<long long>(stalls.last[QStringLiteral("actions")].toInteger()), median(stalls.ms), worstStall,
                    stalls.last[QStringLiteral("p99StallMs")].toDouble(), verdict(worstStall <= 50.0));
    }

    if (measured("timeline")) {
        // The timeline, beside the tree's figures above.
        const QJsonObject& t = timeline.last;
        const double buildMs = median(timeline.ms);
        const double modelRatio = double(t[QStringLiteral("modelBytes")].toInteger()) / double(fileBytes);
        const double viewRatio = double(t[QStringLiteral("viewRssKiB")].toInteger()) * 1024.0 / double(fileBytes);
        std::printf("\ntimeline: lane model of %lld lanes built in %.1f ms median (target <= 150 ms) %s\n",
                    static_cast<long long>(t[QStringLiteral("lanes")].toInteger()), buildMs, verdict(buildMs <= 150.0));
        std::printf("timeline: built page by page (%d pages of 1,000 events): %.1f ms in all, %.2f ms the longest page\n",
                    t[QStringLiteral("pages")].toInt(), t[QStringLiteral("pagesTotalMs")].toDouble(), t[QStringLiteral("pageMaxMs")].toDouble());
        std::printf("timeline: first paint after the history is loaded: %.0f ms (target <= 100 ms) %s\n",
                    t[QStringLiteral("firstPaintMs")].toDouble(), verdict(t[QStringLiteral("firstPaintMs")].toDouble() <= 100.0));
        std::printf("timeline: pan and zoom frames from the whole history to 1 ms (%d frames): %.2f ms median (target <= 16 ms), "
                    "%.2f ms worst (target <= 33 ms) %s; one row per lane %.2f / %.2f ms, grouped %.2f / %.2f ms\n",
                    t[QStringLiteral("frames")].toInt(), t[QStringLiteral("frameMs")].toDouble(), t[QStringLiteral("frameMaxMs")].toDouble(),
                    verdict(t[QStringLiteral("frameMs")].toDouble() <= 16.0 && t[QStringLiteral("frameMaxMs")].toDouble() <= 33.0),
                    t[QStringLiteral("flatFrameMs")].toDouble(), t[QStringLiteral("flatFrameMaxMs")].toDouble(),
                    t[QStringLiteral("groupedFrameMs")].toDouble(), t[QStringLiteral("groupedFrameMaxMs")].toDouble());
        std::printf("timeline: memory: the lane model %s (%.3fx the file), the view's resident growth %s (%.2fx) (target <= 0.5x) %s\n",
                    qPrintable(formatSize(t[QStringLiteral("modelBytes")].toInteger())), modelRatio,
                    qPrintable(formatSize(t[QStringLiteral("viewRssKiB")].toInteger() * 1024)), viewRatio,
                    verdict(std::max(modelRatio, viewRatio) <= 0.5));
    }

    if (measured("diff")) {
        // Comparing two runs, both decoded: read as steps, aligned and compared.
        const double sameMs = median(diffSame.ms);
        const double changedMs = median(diffChanged.ms);
        std::vector<double> addedRatios;
        for (const Series* series : {&diffSame, &diffChanged})
            addedRatios.push_back(double(series->last[QStringLiteral("addedKiB")].toInteger()) * 1024.0
                                  / double(series->last[QStringLiteral("bytes")].toInteger()));
        std::printf("\ncompare two runs (%lld steps each): identical values: %.1f ms median (target <= 200 ms) %s\n",
                    static_cast<long long>(diffSame.last[QStringLiteral("steps")].toInteger()), sameMs, verdict(sameMs <= 200.0));
        std::printf("compare two runs: %d steps differ: %.1f ms median (target <= 500 ms) %s\n",
                    diffChanged.last[QStringLiteral("changed")].toInt(), changedMs, verdict(changedMs <= 500.0));
        std::printf("compare two runs: memory added %s and %s, %.3fx and %.3fx the two files (target <= 0.5x) %s\n",
                    qPrintable(formatSize(diffSame.last[QStringLiteral("addedKiB")].toInteger() * 1024)),
                    qPrintable(formatSize(diffChanged.last[QStringLiteral("addedKiB")].toInteger() * 1024)), addedRatios[0],
                    addedRatios[1], verdict(std::max(addedRatios[0], addedRatios[1]) <= 0.5));
        if (!diffSame.last[QStringLiteral("equal")].toBool() || diffChanged.last[QStringLiteral("changed")].toInt() == 0) {
            std::fprintf(stderr, "the comparisons did not find what the runs hold\n");
            return 1;
        }
    }
    return 0;
}
