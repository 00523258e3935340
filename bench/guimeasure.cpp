#include "guimeasure.h"

#include "benchhistory.h"
#include "processmemory.h"

#include "keys/sessionkeystore.h"
#include "render/eventsearch.h"
#include "session/searchtask.h"
#include "support/stallmeter.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace hl::bench {

namespace {

double elapsedMs(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// The benchmark history's key, as --key would give it.
void addBenchKey(SessionKeyStore& keys)
{
    keys.insert({SecretKind::CodecKey, QString::fromLatin1(BenchHistory::kKeyId)},
                std::make_shared<SecretBytes>(std::string_view(reinterpret_cast<const char*>(BenchHistory::key().data()),
                                                               BenchHistory::key().size())));
}

} // namespace

int measureGui(const QString& path)
{
    SessionKeyStore keys;
    addBenchKey(keys);
    MainWindow window(&keys);
    window.resize(1400, 900);
    window.show();

    // Open to first rows painted: the wait is the app's own event loop, as a user's would be.
    QElapsedTimer timer;
    timer.start();
    QEventLoop waiting;
    QObject::connect(&window, &MainWindow::loadFinished, &waiting, &QEventLoop::quit);
    window.openFile(path);
    waiting.exec();
    HistoryView* view = window.currentView();
    if (!view)
        return 1;
    QTreeView* tree = view->tree();
    tree->viewport()->repaint();
    const double firstRowsMs = elapsedMs(timer);

    // Expanding an activity's event, and scrolling a page, each until painted.
    std::vector<double> expandMs;
    std::vector<double> scrollMs;
    for (int i = 0; i < 20; ++i) {
        const QModelIndex event = view->model()->index(10003 + i * 1200, 0);
        timer.restart();
        view->expand(event);
        tree->viewport()->repaint();
        expandMs.push_back(elapsedMs(timer));
        QScrollBar* bar = tree->verticalScrollBar();
        timer.restart();
        bar->setValue(bar->value() + bar->pageStep());
        tree->viewport()->repaint();
        scrollMs.push_back(elapsedMs(timer));
    }

    // A search that reads every decoded payload (its text is in none of them).
    auto search = std::make_shared<const EventSearch>(QStringLiteral("no such text anywhere"), false);
    timer.restart();
    SearchTask searching(search, view->model()->history(), view->model()->payloadContext());
    QObject::connect(&searching, &SearchTask::finished, &waiting, &QEventLoop::quit);
    searching.start();
    waiting.exec();
    const auto& found = searching.matches();
    const double searchMs = elapsedMs(timer);

    const QJsonObject figures{{QStringLiteral("firstRowsMs"), firstRowsMs},
                              {QStringLiteral("expandMs"), median(expandMs)},
                              {QStringLiteral("expandMaxMs"), *std::max_element(expandMs.begin(), expandMs.end())},
                              {QStringLiteral("scrollMs"), median(scrollMs)},
                              {QStringLiteral("scrollMaxMs"), *std::max_element(scrollMs.begin(), scrollMs.end())},
                              {QStringLiteral("searchMs"), searchMs},
                              {QStringLiteral("matches"), int(found.size())},
                              {QStringLiteral("peakRssKiB"), peakRssKiB()},
                              {QStringLiteral("ms"), firstRowsMs}};
    std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
    return 0;
}

int measureStalls(const QString& path, int seconds)
{
    SessionKeyStore keys;
    addBenchKey(keys);
    MainWindow window(&keys);
    window.resize(1400, 900);
    window.show();
    auto* tabs = window.findChild<QTabWidget*>();
    QTemporaryDir exports;
    QEventLoop waiting;
    QObject::connect(&window, &MainWindow::loadFinished, &waiting, &QEventLoop::quit);
    window.openFile(path);
    waiting.exec();
    if (!window.currentView())
        return 1;

    // From here on every stall of the GUI thread counts: the same kinds of actions as the GUI stress test, on the
    // largest history, from a fixed seed.
    test::StallMeter meter;
    QRandomGenerator random(20261204);
    QElapsedTimer running;
    running.start();
    int actions = 0;
    // HL_BENCH_STALL_TRACE=1: each action after which the longest stall grew is named on stderr.
    const bool trace = qEnvironmentVariableIntValue("HL_BENCH_STALL_TRACE") == 1;
    while (running.elapsed() < seconds * 1000) {
        ++actions;
        const qint64 longestBefore = meter.longest();
        const int count = tabs->count();
        if (count > 0)
            tabs->setCurrentIndex(int(random.bounded(count)));
        HistoryView* view = window.currentView();
        const int action = int(random.bounded(7));
        switch (action) {
        case 0: // another copy opens; sometimes closed again in the middle of loading
            if (count < 4) {
                window.openFile(path);
                if (random.bounded(2) == 0)
                    Q_EMIT tabs->tabCloseRequested(tabs->count() - 1);
            }
            break;
        case 1: // decoded again (Retry, a key added)
            if (view)
                view->redecode({&keys});
            break;
        case 2:
            if (view)
                view->search(random.bounded(2) ? QStringLiteral("no such text anywhere") : QStringLiteral("order"), false);
            break;
        case 3:
            window.exportTo(exports.filePath(QStringLiteral("export-%1.json").arg(actions)), random.bounded(2) == 0);
            break;
        case 4:
            if (count > 1)
                Q_EMIT tabs->tabCloseRequested(int(random.bounded(count)));
            break;
        case 5: // scroll a page
            if (view) {
                QScrollBar* bar = view->tree()->verticalScrollBar();
                bar->setValue(int(random.bounded(qMax(1, bar->maximum()))));
            }
            break;
        case 6: // expand an event
            if (view)
                view->expand(view->model()->index(int(random.bounded(view->model()->rowCount())), 0));
            break;
        }
        QTest::qWait(int(50 + random.bounded(250)));
        if (trace && meter.longest() > longestBefore)
            std::fprintf(stderr, "action %d (kind %d, %d tabs): longest stall now %lld ms\n", actions, action, count,
                         static_cast<long long>(meter.longest()));
    }
    const QJsonObject figures{{QStringLiteral("longestStallMs"), double(meter.longest())},
                              {QStringLiteral("p99StallMs"), double(meter.percentile(0.99))},
                              {QStringLiteral("actions"), actions},
                              {QStringLiteral("peakRssKiB"), peakRssKiB()},
                              {QStringLiteral("ms"), double(meter.longest())}};
    std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
    return 0;
}

} // namespace hl::bench
