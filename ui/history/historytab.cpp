#include "ui/history/historytab.h"

#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"

namespace hl {

void HistoryTab::keysChanged()
{
    if (isLoading()) {
        m_keysChangedWhileLoading = true;
        return;
    }
    // Everything decodes again: a key added decodes what failed, and a key removed must take back what it decoded.
    if (HistoryView* view = historyView())
        view->redecode(keyStores());
}

void HistoryTab::loadEnded()
{
    if (!std::exchange(m_keysChangedWhileLoading, false))
        return;
    keysChanged();
}

void HistoryTab::retryCodecServer()
{
    if (HistoryView* view = historyView())
        view->redecode(keyStores());
}

void HistoryTab::adopt(HistoryView* view)
{
    connect(view, &HistoryView::addKeyRequested, this, &HistoryTab::addKeyRequested);
    connect(view, &HistoryView::openWorkflowRequested, this, &HistoryTab::openWorkflowRequested);
    connect(view, &HistoryView::codecServerSettingsRequested, this, &HistoryTab::codecServerSettingsRequested);
    connect(view, &HistoryView::redecoded, this, &HistoryTab::changed);
    connect(view, &HistoryView::codecServerRetryRequested, this, &HistoryTab::retryCodecServer);
    connect(view, &HistoryView::keyStoreProblems, this, [this](const QStringList& problems) { Q_EMIT message(problems.join(QStringLiteral("; "))); });
}

} // namespace hl
