#pragma once

// moc cannot parse the generated protobuf headers (their deprecation macros).
#ifndef Q_MOC_RUN
#include "history/history.h"
#include "render/payloadcontext.h"
#endif

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace google::protobuf {
class FieldDescriptor;
class Message;
class Timestamp;
} // namespace google::protobuf

namespace hl {

// One history as a tree. Events view: a row per event (id, time, type, decoded one-line description) whose children
// are the event's attributes as a field tree, built only when a row is expanded. Grouped view: a row per activity,
// timer, child workflow, update, workflow task, ... (EventGroups) with its state, duration and attempts, whose
// children are its events. Payloads are leaves showing their decoded preview; the detail pane shows them whole.
class HistoryTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { NameColumn, TimeColumn, TypeColumn, DetailsColumn, ColumnCount };
    enum Role {
        PayloadRole = Qt::UserRole + 1, // quintptr of the payload a row shows, 0 for others
        MessageRole,                    // quintptr of the message a row shows (event, attributes, failure), 0 for scalars
        EventIndexRole,                 // index of the event the row belongs to
        FailureRole,                    // true for failed, timed-out and canceled events and failure fields
        FieldPathRole,                  // "input[0]", "failure.cause.message"
        CategoryRole,                   // EventCategory::Kind of the row's event
        MatchRole,                      // true for events the current search found
        StatusRole,                     // EventStatus flags of the event (of all its events, for a group)
        ValueRole,                      // a scalar field's whole value as text (uncut, failure texts restored)
        FailureObjectRole,              // quintptr of the failure a row is or is in (an event's own failure), 0 if none
        FailureObjectPathRole,          // that failure's path: "failure", "failure.cause", "lastFailure"
        CopyPathRole,                   // the field's path from the event: "workflowExecutionFailedEventAttributes.failure.message"
        IsFieldRole,                    // true for a field row (not an event or a group)
    };

    explicit HistoryTreeModel(QObject* parent = nullptr);
    ~HistoryTreeModel() override;

    enum class TimeFormat { Utc, Local, SinceStart };

    void setHistory(History history, PayloadContext context);
    // `grown` is the history shown so far with events after them (a frontend's next page, a followed workflow):
    // the Events view inserts the new rows and keeps every other row, its expansion and the selection; the
    // Grouped view is built again (a group's state changes with its later events).
    void appendHistory(History grown, PayloadContext context);
    // New decoded payloads (a key was added): rows keep their place and expansion, and show the new values.
    void setPayloadContext(PayloadContext context);
    void setTimeFormat(TimeFormat format);
    void setGrouped(bool grouped);
    TimeFormat timeFormat() const { return m_timeFormat; }
    const History& history() const { return m_history; }
    const PayloadContext& payloadContext() const { return m_context; }

    // The row of an event (in the Grouped view, inside its group).
    QModelIndex eventIndex(int eventIndex) const;

    // The events the current search found (sorted indexes), highlighted until the next search.
    void setMatches(std::vector<int> eventIndexes);
    const std::vector<int>& matches() const { return m_matches; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void timeFormatChanged();

private:
    struct Node;

    Node* nodeOf(const QModelIndex& index) const;
    void populate(Node* node) const;
    void addFieldNodes(Node* parent, const google::protobuf::Message& message, bool skipEventHeader) const;
    void rebuild();
    QVariant eventData(const Node* node, int column, int role) const;
    QVariant groupData(const Node* node, int column, int role) const;
    QVariant fieldData(const Node* node, int column, int role) const;
    QString valueText(const Node* node) const;
    QString pathOf(const Node* node) const;
    QString copyPathOf(const Node* node) const;
    QString fullValueText(const Node* node) const;
    const Node* failureNodeOf(const Node* node) const;
    QString toolTipOf(const Node* node, int column) const;
    QString timeText(const google::protobuf::Timestamp& time) const;

    History m_history;
    PayloadContext m_context;
    std::vector<std::unique_ptr<Node>> m_top;  // events, or groups
    std::vector<Node*> m_eventNodes;           // by event index
    bool m_grouped = false;
    std::vector<int> m_matches;
    std::vector<bool> m_isMatch;
    TimeFormat m_timeFormat = TimeFormat::Utc;
};

} // namespace hl
