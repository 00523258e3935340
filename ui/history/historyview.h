#pragma once

#ifndef Q_MOC_RUN
#include "history/history.h"
#include "render/payloadcontext.h"
#endif

#include <QPointer>
#include <QWidget>

#include <vector>

class QAction;
class QCheckBox;
class QSplitter;
class QLabel;
class QLineEdit;
class QModelIndex;
class QTimer;
class QToolButton;
class QTreeView;

namespace hl {

class CodecServerBar;
class CodecServerClient;
class DecodeTask;
class SearchTask;
class HistoryFilterModel;
class KeyStore;
class HistoryTreeModel;
class PayloadDetailView;
class ReadNotesBar;
class TimelinePanel;

// One open history: the event tree beside the detail pane of the selected row, with a search bar (text or regular
// expression over types, names, decoded payloads and failure messages; matches highlighted, F3 and Shift+F3 step
// through them) and filters by category and by problems.
class HistoryView : public QWidget {
    Q_OBJECT

public:
    HistoryView(History history, PayloadContext context, QString sourceName, QWidget* parent = nullptr);
    ~HistoryView() override;

    QString title() const; // "OrderFulfillment (demo-history.json)"
    QString sourceName() const { return m_sourceName; }
    HistoryTreeModel* model() const { return m_model; }
    HistoryFilterModel* filter() const { return m_filter; }
    QTreeView* tree() const { return m_tree; }
    PayloadDetailView* detail() const { return m_detail; }
    ReadNotesBar* notes() const { return m_notes; }

    // Rows by the source model's indexes (the tree shows them through the filter).
    void select(const QModelIndex& sourceIndex);
    void expand(const QModelIndex& sourceIndex);
    QModelIndex currentSourceIndex() const;

    // Shows the selected row again (the theme changed: colours drawn once are drawn again).
    void refreshDetail();

    // Selects the next (or previous) failed, timed-out or canceled event after the current row; false if none.
    bool selectNextFailure(bool backwards = false);

    // Shows the find bar (its filters, the match count and the arrows); the text comes from the window's one search
    // box through setSearchText().
    void showSearch();
    // Hides the find bar, ends the search and its filters: every event shows again.
    void closeSearch();
    bool isSearchShown() const;
    // The search box's text changed: searched after a pause, as one types.
    void setSearchText(const QString& text);
    QString searchText() const { return m_searchText; }
    // Searches now; matches are highlighted.
    void search(const QString& text, bool regularExpression);
    bool isSearching() const;
    // Selects the next (or previous) matching row the filters show, wrapping around the ends with a notice; false if
    // none.
    bool selectNextMatch(bool backwards = false);
    // "3 of 41": matching rows the filters show, and which of them is current (0 when the current row is not one).
    int visibleMatchCount() const;
    int currentMatchNumber() const;
    QString matchStatusText() const;

    // Decodes the history again with the keys the stores hold now (a key was added), and through the Codec Server
    // set here (whose session cache answers what it decoded before); the tree keeps its state. A decode still
    // running is superseded.
    void redecode(const std::vector<KeyStore*>& stores);
    bool isDecoding() const;
    // The Codec Server this history was decoded through (null: local codecs only); redecode() uses it.
    void setCodecServer(std::shared_ptr<CodecServerClient> client) { m_codecServer = std::move(client); }
    const std::shared_ptr<CodecServerClient>& codecServer() const { return m_codecServer; }
    CodecServerBar* codecServerBar() const { return m_codecBar; }

    // Another snapshot in place of this one (reloaded); the Codec Server bar and the selection follow it.
    void replaceHistory(History history, PayloadContext context);
    // `grown` is this history with later events (the next page from a frontend, a followed workflow's new events).
    void appendHistory(History grown, PayloadContext context);
    // A history from a frontend: events that point at other executions (a child, the parent, the next or previous
    // run) offer to open them, from the context menu.
    void setWorkflowLinksEnabled(bool enabled) { m_workflowLinks = enabled; }
    // The context menu's actions for the row at `viewIndex` (for tests).
    QList<QAction*> workflowLinkActions(const QModelIndex& viewIndex, QObject* parent);
    // Copy value, Copy path, Copy event as JSON and the failure's copies, for the current row.
    QList<QAction*> copyActions(QObject* parent);

    // The timeline above the tree (View › Timeline); it is laid out when first shown. One selection: a click on a
    // bar selects its row, a row selected scrolls the timeline to its lane; search matches are outlined on it.
    TimelinePanel* timeline() const { return m_timeline; }
    void setTimelineShown(bool shown);
    bool isTimelineShown() const;
    // A frontend's history: a running workflow's open lanes run until the clock's now.
    void setRunsUntilNow(bool live);
    void selectEventFromTimeline(int eventIndex);

Q_SIGNALS:
    void searchFinished(int matches);
    // Escape in the find bar or the tree: the window's search box empties.
    void searchClosed();
    void redecoded();
    // Key stores that could not be asked while decoding again (the rest still decoded).
    void keyStoreProblems(const QStringList& problems);
    // A payload failed for want of this key; the detail pane offers to add it.
    void addKeyRequested(const QString& keyId);
    // A link to another execution was chosen (the run id may be empty: the latest run).
    void openWorkflowRequested(const QString& workflowId, const QString& runId);
    // Events were appended.
    void historyGrown();
    // The Codec Server bar's buttons.
    void codecServerRetryRequested();
    void codecServerSettingsRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showSelected(const QModelIndex& viewIndex);
    void spanFieldRows(const QModelIndex& viewParent);
    void spanExpandedRows();
    void fitColumns();
    void fitTimelineHeight();
    void updateMatchStatus();
    const std::vector<int>& visibleMatchRows() const;
    bool selectNextEvent(bool backwards, int role);
    void startSearch();
    void updateFilters();

    QString m_sourceName;
    HistoryTreeModel* m_model;
    HistoryFilterModel* m_filter;
    QTreeView* m_tree;
    PayloadDetailView* m_detail;
    QWidget* m_searchBar;
    QString m_searchText;
    QCheckBox* m_regex;
    QCheckBox* m_problemsOnly;
    QToolButton* m_categories;
    QToolButton* m_statuses;
    QLabel* m_searchStatus;
    QLabel* m_wrapNotice;
    QTimer* m_wrapNoticeTimer;
    QTimer* m_searchDelay;
    ReadNotesBar* m_notes = nullptr;
    TimelinePanel* m_timeline = nullptr;
    QSplitter* m_timelineSplitter = nullptr;
    bool m_timelineSized = false;       // fitted once: later fits only grow it
    bool m_timelineSizedByUser = false; // the splitter was dragged
    CodecServerBar* m_codecBar = nullptr;
    std::shared_ptr<CodecServerClient> m_codecServer;
    bool m_workflowLinks = false;
    bool m_fittingColumns = false;
    mutable std::vector<int> m_visibleMatchRows;
    mutable bool m_matchRowsDirty = true;
    bool m_userSizedColumns = false;
    QPointer<SearchTask> m_searching;
    QPointer<DecodeTask> m_decoding;
};

} // namespace hl
