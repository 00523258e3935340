#include "guimeasure.h"

#include "benchhistory.h"
#include "processmemory.h"

#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "keys/sessionkeystore.h"
#include "ui/mainwindow.h"
#include "render/eventsearch.h"
#include "session/searchtask.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
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

} // namespace

int measureGui(const QString& path)
{
    SessionKeyStore keys;
    keys.insert({SecretKind::CodecKey, QString::fromLatin1(BenchHistory::kKeyId)},
                std::make_shared<SecretBytes>(std::string_view(reinterpret_cast<const char*>(BenchHistory::key().data()),
                                                               BenchHistory::key().size())));
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

} // namespace hl::bench
