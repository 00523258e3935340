#include "timelinemeasure.h"

#include "benchhistory.h"
#include "processmemory.h"

#include "format/historyreader.h"
#include "keys/keyring.h"
#include "session/decodingservice.h"
#include "timeline/timelinebuilder.h"
#include "ui/history/historyview.h"
#include "ui/timeline/timelinepanel.h"
#include "ui/timeline/timelineview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

namespace hl::bench {

namespace {

double ms(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

// Frames of panning and zooming at each zoom level, from the whole history down to a millisecond across the view:
// each one the change and its paint, as the wheel or a drag gives them.
std::vector<double> frames(TimelineView* view)
{
    std::vector<double> out;
    view->fit();
    const int64_t length = view->scale().length();
    QElapsedTimer timer;
    for (int64_t span = length; ; span = std::max<int64_t>(1000, span / 4)) {
        const int64_t middle = length / 2;
        view->setVisibleRange(middle - span / 2, middle + span / 2);
        view->viewport()->repaint();
        for (int step = 0; step < 8; ++step) {
            timer.restart();
            view->panBy((step % 2 ? -1 : 1) * span / 5);
            view->viewport()->repaint();
            out.push_back(ms(timer));
        }
        for (int step = 0; step < 4; ++step) {
            timer.restart();
            view->zoom(step % 2 ? 1 / 1.25 : 1.25, middle);
            view->viewport()->repaint();
            out.push_back(ms(timer));
        }
        // Rows: a page down and back.
        for (int step = 0; step < 2; ++step) {
            timer.restart();
            view->verticalScrollBar()->setValue(view->verticalScrollBar()->value() + (step ? -1 : 1) * view->verticalScrollBar()->pageStep());
            view->viewport()->repaint();
            out.push_back(ms(timer));
        }
        if (span <= 1000)
            break;
    }
    return out;
}

} // namespace

int measureTimeline(const QString& path)
{
    auto file = HistoryReader().readFile(path);
    if (!file)
        return 1;
    const History history = file->histories.front();
    auto keys = std::make_shared<KeyRing>();
    keys->insert(BenchHistory::kKeyId, std::make_shared<SecretBytes>(std::string_view(
                                           reinterpret_cast<const char*>(BenchHistory::key().data()), BenchHistory::key().size())));
    DecodeRequest request;
    request.history = history;
    request.knownKeys = keys;
    auto decoded = DecodingService::decodeNow(std::move(request));
    if (!decoded)
        return 1;
    PayloadContext context;
    context.decoded = decoded.value();
    const int64_t now = TimelineBuilder::timeOf(history.event(history.eventCount() - 1));

    // The lane model, at once (five times; the median) and as a frontend's pages of 1,000 events bring it.
    std::vector<double> builds;
    QElapsedTimer timer;
    size_t lanes = 0, modelBytes = 0;
    for (int round = 0; round < 5; ++round) {
        timer.restart();
        const Timeline timeline = TimelineBuilder::build(history, context, now);
        builds.push_back(ms(timer));
        lanes = timeline.lanes().size();
        modelBytes = timeline.memoryBytes();
    }
    std::vector<double> pages;
    {
        TimelineBuilder builder(context);
        History paged;
        for (const HistoryPagePtr& page : history.pages()) {
            // The benchmark file is one page: cut it as a frontend would.
            for (int first = 0; first < page->size(); first += 1000) {
                auto part = std::make_shared<HistoryPage>();
                for (int i = first; i < std::min(page->size(), first + 1000); ++i)
                    *part->mutableEvents()->add_events() = page->events().events(i);
                paged = paged.appended(part);
                timer.restart();
                builder.add(paged);
                const Timeline snapshot = builder.timeline(now);
                pages.push_back(ms(timer));
            }
        }
    }

    // The desktop view: the history loaded and decoded, the timeline shown, until painted.
    const qint64 rssBefore = processStatusKiB("VmRSS:");
    HistoryView view(history, context, path);
    view.resize(1400, 900);
    view.show();
    QCoreApplication::processEvents();
    QEventLoop waiting;
    QObject::connect(view.timeline(), &TimelinePanel::timelineShown, &waiting, &QEventLoop::quit);
    timer.restart();
    view.setTimelineShown(true);
    waiting.exec();
    TimelineView* timeline = view.timeline()->view();
    timeline->viewport()->repaint();
    const double firstPaintMs = ms(timer);
    const qint64 rssWithTimeline = processStatusKiB("VmRSS:");

    const bool autoGrouped = timeline->isGrouped();
    timeline->setGrouped(false);
    const std::vector<double> flat = frames(timeline);
    timeline->setGrouped(true);
    const std::vector<double> grouped = frames(timeline);
    std::vector<double> all = flat;
    all.insert(all.end(), grouped.begin(), grouped.end());

    const QJsonObject figures{
        {QStringLiteral("ms"), median(builds)},
        {QStringLiteral("buildMs"), median(builds)},
        {QStringLiteral("lanes"), qint64(lanes)},
        {QStringLiteral("pages"), int(pages.size())},
        {QStringLiteral("pagesTotalMs"), std::accumulate(pages.begin(), pages.end(), 0.0)},
        {QStringLiteral("pageMaxMs"), pages.empty() ? 0.0 : *std::max_element(pages.begin(), pages.end())},
        {QStringLiteral("modelBytes"), qint64(modelBytes)},
        {QStringLiteral("viewRssKiB"), rssWithTimeline - rssBefore},
        {QStringLiteral("firstPaintMs"), firstPaintMs},
        {QStringLiteral("autoGrouped"), autoGrouped},
        {QStringLiteral("frames"), int(all.size())},
        {QStringLiteral("frameMs"), median(all)},
        {QStringLiteral("frameMaxMs"), *std::max_element(all.begin(), all.end())},
        {QStringLiteral("flatFrameMs"), median(flat)},
        {QStringLiteral("flatFrameMaxMs"), *std::max_element(flat.begin(), flat.end())},
        {QStringLiteral("groupedFrameMs"), median(grouped)},
        {QStringLiteral("groupedFrameMaxMs"), *std::max_element(grouped.begin(), grouped.end())},
        {QStringLiteral("peakRssKiB"), peakRssKiB()}};
    std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
    return 0;
}

} // namespace hl::bench
