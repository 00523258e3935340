#include "ui/history/historytreemodel.h"

#include "session/workthreads.h"

#include "json/base64.h"
#include "json/prototime.h"
#include "render/eventattributes.h"
#include "render/eventcategory.h"
#include "render/eventgroups.h"
#include "render/eventstatus.h"
#include "render/eventtext.h"
#include "render/failureattributes.h"
#include "render/historysummary.h"
#include "render/payloadpreview.h"
#include "ui/history/eventicons.h"

#include <temporal/api/failure/v1/message.pb.h>

#include <google/protobuf/descriptor.h>

#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace hl {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using temporal::api::common::v1::Payload;
using temporal::api::common::v1::Payloads;
using temporal::api::failure::v1::Failure;

namespace {

constexpr int kPreviewWidth = 160;

// Event fields shown as columns of the event row, not as children.
bool isEventHeader(const FieldDescriptor* field)
{
    return field->number() == History::Event::kEventIdFieldNumber || field->number() == History::Event::kEventTimeFieldNumber
           || field->number() == History::Event::kEventTypeFieldNumber;
}

bool isScalarMessage(const Descriptor* type)
{
    const std::string& name = type->full_name();
    return name == "google.protobuf.Timestamp" || name == "google.protobuf.Duration"
           || type->file()->name() == "google/protobuf/wrappers.proto";
}

} // namespace

struct HistoryTreeModel::Node {
    enum class Kind { Group, Event, Message, Repeated, Map, Scalar, Payload };

    Node* parent = nullptr;
    int row = 0;
    int eventIndex = -1;
    Kind kind = Kind::Scalar;
    const Message* message = nullptr;       // Event/Message/Payload: the message shown; others: the one holding the field
    const FieldDescriptor* field = nullptr; // the field shown (null for events, and for elements shown by index)
    int element = -1;                       // index in a repeated field, for scalar elements
    QString name;
    bool populated = false;
    std::vector<std::unique_ptr<Node>> children;
    EventGroups::Group group; // for Group nodes

    Node* add(std::unique_ptr<Node> child)
    {
        child->parent = this;
        child->row = int(children.size());
        child->eventIndex = eventIndex;
        children.push_back(std::move(child));
        return children.back().get();
    }
};

HistoryTreeModel::HistoryTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

HistoryTreeModel::~HistoryTreeModel()
{
    WorkThreads::instance().release(std::move(m_history), std::move(m_context));
}

void HistoryTreeModel::setHistory(History history, PayloadContext context)
{
    beginResetModel();
    History previous = std::exchange(m_history, std::move(history));
    PayloadContext previousContext = std::exchange(m_context, std::move(context));
    m_matches.clear();
    m_isMatch.clear();
    rebuild();
    endResetModel();
    WorkThreads::instance().release(std::move(previous), std::move(previousContext));
}

void HistoryTreeModel::appendHistory(History grown, PayloadContext context)
{
    const int first = m_history.eventCount();
    const int last = grown.eventCount() - 1;
    if (m_grouped || first == 0 || last < first) {
        const std::vector<int> matches = m_matches;
        setHistory(std::move(grown), std::move(context));
        setMatches(matches);
        return;
    }
    beginInsertRows(QModelIndex(), first, last);
    m_history = std::move(grown);
    m_context = std::move(context);
    m_eventNodes.resize(size_t(m_history.eventCount()), nullptr);
    m_isMatch.resize(m_isMatch.empty() ? 0 : size_t(m_history.eventCount()), false);
    for (int i = first; i <= last; ++i) {
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Event;
        node->eventIndex = i;
        node->message = &m_history.event(i);
        node->row = i;
        m_eventNodes[size_t(i)] = node.get();
        m_top.push_back(std::move(node));
    }
    endInsertRows();
}

void HistoryTreeModel::setGrouped(bool grouped)
{
    if (grouped == m_grouped)
        return;
    beginResetModel();
    m_grouped = grouped;
    rebuild();
    endResetModel();
}

void HistoryTreeModel::rebuild()
{
    m_top.clear();
    m_eventNodes.assign(size_t(m_history.eventCount()), nullptr);
    auto eventNode = [this](int i) {
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Event;
        node->eventIndex = i;
        node->message = &m_history.event(i);
        m_eventNodes[size_t(i)] = node.get();
        return node;
    };
    if (!m_grouped) {
        m_top.reserve(size_t(m_history.eventCount()));
        for (int i = 0; i < m_history.eventCount(); ++i) {
            m_top.push_back(eventNode(i));
            m_top.back()->row = i;
        }
        return;
    }
    for (EventGroups::Group& group : EventGroups::of(m_history)) {
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Group;
        node->row = int(m_top.size());
        node->eventIndex = group.events.front();
        node->populated = true; // its events are its children, made now: they are few
        for (const int i : group.events) {
            auto child = eventNode(i);
            child->parent = node.get();
            child->row = int(node->children.size());
            node->children.push_back(std::move(child));
        }
        node->group = std::move(group);
        m_top.push_back(std::move(node));
    }
}

void HistoryTreeModel::setMatches(std::vector<int> eventIndexes)
{
    m_matches = std::move(eventIndexes);
    m_isMatch.assign(size_t(m_history.eventCount()), false);
    for (const int index : m_matches) {
        if (index >= 0 && size_t(index) < m_isMatch.size())
            m_isMatch[size_t(index)] = true;
    }
    if (!m_top.empty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_top.size()) - 1, ColumnCount - 1), {Qt::BackgroundRole, MatchRole});
}

void HistoryTreeModel::setPayloadContext(PayloadContext context)
{
    Q_EMIT layoutAboutToBeChanged();
    PayloadContext previous = std::exchange(m_context, std::move(context));
    Q_EMIT layoutChanged(); // every row is asked again; nodes (and so persistent indexes) stay
    WorkThreads::instance().release(std::move(previous));
}

void HistoryTreeModel::setTimeFormat(TimeFormat format)
{
    m_timeFormat = format;
    if (!m_top.empty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(int(m_top.size()) - 1, TimeColumn), {Qt::DisplayRole});
    Q_EMIT timeFormatChanged();
}

QString HistoryTreeModel::timeText(const google::protobuf::Timestamp& time) const
{
    switch (m_timeFormat) {
    case TimeFormat::Utc:
        return HistorySummary::timeText(time);
    case TimeFormat::Local: {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(time.seconds() * 1000 + time.nanos() / 1000000).toLocalTime();
        return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    }
    case TimeFormat::SinceStart: {
        if (m_history.isEmpty())
            return {};
        const auto& start = m_history.event(0).event_time();
        const qint64 millis = (time.seconds() - start.seconds()) * 1000 + (time.nanos() - start.nanos()) / 1000000;
        const qint64 absolute = qAbs(millis);
        return QStringLiteral("%1%2:%3:%4.%5")
            .arg(millis < 0 ? QStringLiteral("-") : QStringLiteral("+"))
            .arg(absolute / 3600000)
            .arg(absolute / 60000 % 60, 2, 10, QLatin1Char('0'))
            .arg(absolute / 1000 % 60, 2, 10, QLatin1Char('0'))
            .arg(absolute % 1000, 3, 10, QLatin1Char('0'));
    }
    }
    return {};
}

QModelIndex HistoryTreeModel::eventIndex(int eventIndex) const
{
    if (eventIndex < 0 || size_t(eventIndex) >= m_eventNodes.size())
        return {};
    Node* node = m_eventNodes[size_t(eventIndex)];
    return createIndex(node->row, 0, node);
}

HistoryTreeModel::Node* HistoryTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : nullptr;
}

QModelIndex HistoryTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    Node* node = nodeOf(parent);
    if (!node)
        return row < int(m_top.size()) ? createIndex(row, column, m_top[size_t(row)].get()) : QModelIndex();
    populate(node);
    return row < int(node->children.size()) ? createIndex(row, column, node->children[size_t(row)].get()) : QModelIndex();
}

QModelIndex HistoryTreeModel::parent(const QModelIndex& child) const
{
    const Node* node = nodeOf(child);
    if (!node || !node->parent)
        return {};
    return createIndex(node->parent->row, 0, node->parent);
}

int HistoryTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    Node* node = nodeOf(parent);
    if (!node)
        return int(m_top.size());
    populate(node);
    return int(node->children.size());
}

int HistoryTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

bool HistoryTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node* node = nodeOf(parent);
    if (!node)
        return !m_top.empty();
    switch (node->kind) {
    case Node::Kind::Scalar:
    case Node::Kind::Payload:
        return false;
    case Node::Kind::Group:
        return !node->children.empty();
    case Node::Kind::Event:
    case Node::Kind::Message:
        return true; // found out when expanded; an empty message shows no rows
    case Node::Kind::Repeated:
    case Node::Kind::Map:
        return node->message->GetReflection()->FieldSize(*node->message, node->field) > 0;
    }
    return false;
}

void HistoryTreeModel::populate(Node* node) const
{
    if (node->populated)
        return;
    node->populated = true;
    switch (node->kind) {
    case Node::Kind::Event: {
        const auto& event = static_cast<const History::Event&>(*node->message);
        // The attributes' fields come first, without the wrapper level; then what else the event carries.
        if (const Message* attributes = EventAttributes::of(event))
            addFieldNodes(node, *attributes, false);
        addFieldNodes(node, event, true);
        break;
    }
    case Node::Kind::Message:
        addFieldNodes(node, *node->message, false);
        break;
    case Node::Kind::Repeated:
    case Node::Kind::Map: {
        const Reflection* reflection = node->message->GetReflection();
        const int count = reflection->FieldSize(*node->message, node->field);
        for (int i = 0; i < count; ++i) {
            auto child = std::make_unique<Node>();
            if (node->kind == Node::Kind::Map) {
                const Message& entry = reflection->GetRepeatedMessage(*node->message, node->field, i);
                const FieldDescriptor* key = entry.GetDescriptor()->map_key();
                const FieldDescriptor* value = entry.GetDescriptor()->map_value();
                const Reflection* entryReflection = entry.GetReflection();
                child->name = key->cpp_type() == FieldDescriptor::CPPTYPE_STRING
                                  ? QString::fromStdString(entryReflection->GetString(entry, key))
                                  : QString::number(entryReflection->GetInt64(entry, key));
                if (value->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
                    const Message& inner = entryReflection->GetMessage(entry, value);
                    child->kind = inner.GetDescriptor() == Payload::descriptor() ? Node::Kind::Payload : Node::Kind::Message;
                    child->message = &inner;
                } else {
                    child->kind = Node::Kind::Scalar;
                    child->message = &entry;
                    child->field = value;
                }
            } else if (node->field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
                const Message& inner = reflection->GetRepeatedMessage(*node->message, node->field, i);
                child->name = QStringLiteral("[%1]").arg(i);
                child->kind = inner.GetDescriptor() == Payload::descriptor() ? Node::Kind::Payload : Node::Kind::Message;
                child->message = &inner;
            } else {
                child->name = QStringLiteral("[%1]").arg(i);
                child->kind = Node::Kind::Scalar;
                child->message = node->message;
                child->field = node->field;
                child->element = i;
            }
            node->add(std::move(child));
        }
        break;
    }
    case Node::Kind::Group:
    case Node::Kind::Scalar:
    case Node::Kind::Payload:
        break;
    }
}

void HistoryTreeModel::addFieldNodes(Node* parent, const Message& message, bool skipEventHeader) const
{
    const Reflection* reflection = message.GetReflection();
    const Descriptor* descriptor = message.GetDescriptor();
    // Payloads is a wrapper around one repeated field: its payloads become the children directly.
    if (descriptor == Payloads::descriptor()) {
        const auto& payloads = static_cast<const Payloads&>(message);
        for (int i = 0; i < payloads.payloads_size(); ++i) {
            auto child = std::make_unique<Node>();
            child->kind = Node::Kind::Payload;
            child->message = &payloads.payloads(i);
            child->name = QStringLiteral("[%1]").arg(i);
            parent->add(std::move(child));
        }
        return;
    }
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    // A failure whose stack trace moved into encoded attributes still shows one.
    if (descriptor == Failure::descriptor()) {
        const auto restored = FailureAttributes::restore(static_cast<const Failure&>(message), m_context);
        const FieldDescriptor* stack = descriptor->FindFieldByNumber(Failure::kStackTraceFieldNumber);
        if (restored && restored->stackTrace && !restored->stackTrace->empty()
            && std::find(fields.begin(), fields.end(), stack) == fields.end()) {
            fields.push_back(stack);
            std::sort(fields.begin(), fields.end(),
                      [](const FieldDescriptor* a, const FieldDescriptor* b) { return a->number() < b->number(); });
        }
    }
    const auto* attributes = descriptor == History::Event::descriptor() ? descriptor->FindOneofByName("attributes") : nullptr;
    for (const FieldDescriptor* field : fields) {
        if (skipEventHeader && (isEventHeader(field) || (attributes && field->containing_oneof() == attributes)))
            continue;
        auto child = std::make_unique<Node>();
        child->name = QString::fromStdString(field->json_name());
        child->message = &message;
        child->field = field;
        if (field->is_map()) {
            child->kind = Node::Kind::Map;
        } else if (field->is_repeated()) {
            child->kind = Node::Kind::Repeated;
        } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !isScalarMessage(field->message_type())) {
            const Message& inner = reflection->GetMessage(message, field);
            child->kind = inner.GetDescriptor() == Payload::descriptor() ? Node::Kind::Payload : Node::Kind::Message;
            child->message = &inner;
        } else {
            child->kind = Node::Kind::Scalar;
        }
        parent->add(std::move(child));
    }
}

QVariant HistoryTreeModel::data(const QModelIndex& index, int role) const
{
    const Node* node = nodeOf(index);
    if (!node)
        return {};
    switch (role) {
    case PayloadRole:
        return node->kind == Node::Kind::Payload ? QVariant::fromValue(quintptr(node->message)) : QVariant();
    case MessageRole:
        return node->kind == Node::Kind::Event || node->kind == Node::Kind::Message ? QVariant::fromValue(quintptr(node->message))
                                                                                   : QVariant();
    case EventIndexRole:
        return node->eventIndex;
    case FieldPathRole:
        return pathOf(node);
    case CopyPathRole:
        return copyPathOf(node);
    case IsFieldRole:
        return node->kind != Node::Kind::Event && node->kind != Node::Kind::Group;
    case ValueRole:
        return node->kind == Node::Kind::Scalar ? fullValueText(node) : QVariant();
    case FailureObjectRole:
    case FailureObjectPathRole: {
        const Failure* failure = nullptr;
        QString path;
        if (const Node* failureNode = failureNodeOf(node)) {
            failure = static_cast<const Failure*>(failureNode->message);
            path = pathOf(failureNode);
        } else if (node->kind == Node::Kind::Event || node->kind == Node::Kind::Group) {
            // An event's own failure: its attributes' `failure` (a group: its last event's).
            const int eventIndex = node->kind == Node::Kind::Group ? node->group.events.back() : node->eventIndex;
            failure = EventAttributes::failure(m_history.event(eventIndex));
            if (failure)
                path = QStringLiteral("failure");
        }
        if (role == FailureObjectPathRole)
            return path;
        return failure ? QVariant::fromValue(quintptr(failure)) : QVariant();
    }
    case StatusRole: {
        if (node->kind == Node::Kind::Group) {
            int flags = 0;
            for (const int i : node->group.events)
                flags |= EventStatus::of(m_history.event(i));
            return flags;
        }
        return node->kind == Node::Kind::Event ? EventStatus::of(m_history.event(node->eventIndex)) : 0;
    }
    case CategoryRole:
        if (node->kind == Node::Kind::Group)
            return int(node->group.category);
        return int(EventCategory::of(m_history.event(node->eventIndex).event_type()));
    case MatchRole:
        if (node->kind == Node::Kind::Group) // a group matches when one of its events does
            return std::any_of(node->group.events.begin(), node->group.events.end(),
                               [this](int i) { return size_t(i) < m_isMatch.size() && m_isMatch[size_t(i)]; });
        return node->kind == Node::Kind::Event && size_t(node->eventIndex) < m_isMatch.size() && m_isMatch[size_t(node->eventIndex)];
    case Qt::BackgroundRole:
        if (node->kind == Node::Kind::Event && size_t(node->eventIndex) < m_isMatch.size() && m_isMatch[size_t(node->eventIndex)])
            return QBrush(EventIcons::matchColor());
        break;
    default:
        break;
    }
    if (node->kind == Node::Kind::Group)
        return groupData(node, index.column(), role);
    return node->kind == Node::Kind::Event ? eventData(node, index.column(), role) : fieldData(node, index.column(), role);
}

QVariant HistoryTreeModel::eventData(const Node* node, int column, int role) const
{
    const auto& event = static_cast<const History::Event&>(*node->message);
    const bool problem = EventCategory::isProblem(event.event_type());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return QString::number(event.event_id());
        case TimeColumn:
            return timeText(event.event_time());
        case TypeColumn:
            return EventText::typeName(m_history, node->eventIndex);
        case DetailsColumn:
            return EventText::describe(event, m_context, kPreviewWidth);
        }
        break;
    case Qt::DecorationRole:
        if (column == TypeColumn)
            return EventIcons::forCategory(EventCategory::of(event.event_type()), problem);
        break;
    case Qt::ForegroundRole:
        if (problem)
            return QBrush(EventIcons::problemColor());
        if (EventStatus::of(event) & EventStatus::Retried)
            return QBrush(EventIcons::retryColor());
        break;
    case FailureRole:
        return problem;
    case Qt::ToolTipRole:
        return toolTipOf(node, column);
    }
    return {};
}

QVariant HistoryTreeModel::groupData(const Node* node, int column, int role) const
{
    const EventGroups::Group& group = node->group;
    const History::Event& first = m_history.event(group.events.front());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return QString::number(first.event_id());
        case TimeColumn:
            return timeText(first.event_time());
        case TypeColumn:
            return EventGroups::title(m_history, group, m_context);
        case DetailsColumn: {
            QStringList parts;
            if (const QString state = EventGroups::state(m_history, group); !state.isEmpty())
                parts << state;
            if (group.events.size() > 1)
                parts << EventGroups::durationText(EventGroups::durationMs(m_history, group));
            if (group.attempt > 1)
                parts << tr("attempt %1").arg(group.attempt);
            if (const QString described = EventText::describeAttributes(first, m_context, kPreviewWidth); !described.isEmpty())
                parts << described;
            return parts.join(QStringLiteral(" · "));
        }
        }
        break;
    case Qt::DecorationRole:
        if (column == TypeColumn)
            return EventIcons::forCategory(group.category, group.problem);
        break;
    case Qt::ForegroundRole:
        if (group.problem)
            return QBrush(EventIcons::problemColor());
        if (group.attempt > 1)
            return QBrush(EventIcons::retryColor());
        if (group.category == EventCategory::WorkflowTask)
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        break;
    case Qt::BackgroundRole:
        if (data(createIndex(node->row, 0, const_cast<Node*>(node)), MatchRole).toBool())
            return QBrush(EventIcons::matchColor());
        break;
    case FailureRole:
        return group.problem;
    case Qt::ToolTipRole:
        return toolTipOf(node, column);
    }
    return {};
}

QVariant HistoryTreeModel::fieldData(const Node* node, int column, int role) const
{
    const bool failure = node->kind == Node::Kind::Message && node->message->GetDescriptor() == Failure::descriptor();
    switch (role) {
    case Qt::DisplayRole:
        if (column == NameColumn)
            return node->name;
        if (column == DetailsColumn)
            return valueText(node);
        break;
    case Qt::ForegroundRole:
        if (failure)
            return QBrush(EventIcons::problemColor());
        if (node->kind == Node::Kind::Payload) {
            const DecodedPayload* decoded = m_context.find(static_cast<const Payload&>(*node->message));
            if (decoded && decoded->failed())
                return QBrush(EventIcons::problemColor());
        }
        break;
    case Qt::FontRole:
        // Inputs, results, signals and failures stand out.
        if (node->kind == Node::Kind::Payload || failure || (node->field && node->field->message_type() == Payloads::descriptor())) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case FailureRole:
        return failure;
    case Qt::ToolTipRole:
        return toolTipOf(node, column);
    }
    return {};
}

QString HistoryTreeModel::valueText(const Node* node) const
{
    switch (node->kind) {
    case Node::Kind::Group:
    case Node::Kind::Event:
        return {};
    case Node::Kind::Payload:
        return PayloadPreview::of(static_cast<const Payload&>(*node->message), m_context, kPreviewWidth);
    case Node::Kind::Repeated:
    case Node::Kind::Map: {
        const int count = node->message->GetReflection()->FieldSize(*node->message, node->field);
        if (node->kind == Node::Kind::Repeated)
            return count == 1 ? tr("1 item") : tr("%1 items").arg(count);
        return count == 1 ? tr("1 entry") : tr("%1 entries").arg(count);
    }
    case Node::Kind::Message: {
        const Descriptor* descriptor = node->message->GetDescriptor();
        if (descriptor == Failure::descriptor())
            return EventText::failureText(static_cast<const Failure&>(*node->message), m_context);
        if (descriptor == Payloads::descriptor())
            return PayloadPreview::of(static_cast<const Payloads&>(*node->message), m_context, kPreviewWidth);
        // Messages with one set string (workflow type, task queue, activity type) read as that string.
        std::vector<const FieldDescriptor*> fields;
        node->message->GetReflection()->ListFields(*node->message, &fields);
        if (fields.size() == 1 && fields.front()->cpp_type() == FieldDescriptor::CPPTYPE_STRING && !fields.front()->is_repeated())
            return QString::fromStdString(node->message->GetReflection()->GetString(*node->message, fields.front()));
        return {};
    }
    case Node::Kind::Scalar:
        break;
    }

    const Message& message = *node->message;
    const Reflection* r = message.GetReflection();
    const FieldDescriptor* field = node->field;
    const int i = node->element;
    const bool repeated = i >= 0;
    switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: {
        const Message& inner = r->GetMessage(message, field);
        const Descriptor* type = inner.GetDescriptor();
        const Reflection* ir = inner.GetReflection();
        if (type->full_name() == "google.protobuf.Timestamp")
            return HistorySummary::timeText(static_cast<const google::protobuf::Timestamp&>(inner));
        if (type->full_name() == "google.protobuf.Duration")
            return QString::fromStdString(ProtoTime::formatDuration(ir->GetInt64(inner, type->field(0)), ir->GetInt32(inner, type->field(1))));
        std::vector<const FieldDescriptor*> wrapped;
        ir->ListFields(inner, &wrapped);
        return wrapped.empty() ? QString() : QString::fromStdString(ir->GetString(inner, type->field(0)));
    }
    case FieldDescriptor::CPPTYPE_STRING:
        return PayloadPreview::elide(fullValueText(node), kPreviewWidth);
    case FieldDescriptor::CPPTYPE_ENUM:
        return EventText::enumText(field->enum_type(), repeated ? r->GetRepeatedEnumValue(message, field, i) : r->GetEnumValue(message, field));
    case FieldDescriptor::CPPTYPE_BOOL:
        return (repeated ? r->GetRepeatedBool(message, field, i) : r->GetBool(message, field)) ? QStringLiteral("true") : QStringLiteral("false");
    case FieldDescriptor::CPPTYPE_INT32:
        return QString::number(repeated ? r->GetRepeatedInt32(message, field, i) : r->GetInt32(message, field));
    case FieldDescriptor::CPPTYPE_INT64:
        return QString::number(repeated ? r->GetRepeatedInt64(message, field, i) : r->GetInt64(message, field));
    case FieldDescriptor::CPPTYPE_UINT32:
        return QString::number(repeated ? r->GetRepeatedUInt32(message, field, i) : r->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
        return QString::number(repeated ? r->GetRepeatedUInt64(message, field, i) : r->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
        return QString::number(repeated ? r->GetRepeatedDouble(message, field, i) : r->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
        return QString::number(double(repeated ? r->GetRepeatedFloat(message, field, i) : r->GetFloat(message, field)));
    }
    return {};
}

// The whole text of a cut cell, wrapped (rich text tooltips wrap; plain ones run off the screen).
QString HistoryTreeModel::toolTipOf(const Node* node, int column) const
{
    constexpr int kToolTipWidth = 2000;
    QString text;
    switch (node->kind) {
    case Node::Kind::Event: {
        const auto& event = m_history.event(node->eventIndex);
        if (column == TypeColumn)
            text = EventCategory::name(EventCategory::of(event.event_type()));
        else if (column == DetailsColumn)
            text = EventText::describe(event, m_context, kToolTipWidth);
        else if (column == TimeColumn)
            text = HistorySummary::timeText(event.event_time()) + QStringLiteral(" UTC");
        break;
    }
    case Node::Kind::Group: {
        const EventGroups::Group& group = node->group;
        const QString count = group.events.size() == 1 ? tr("1 event") : tr("%1 events").arg(group.events.size());
        if (column == DetailsColumn)
            text = EventText::describe(m_history.event(group.events.front()), m_context, kToolTipWidth);
        else
            text = QStringLiteral("%1\n%2: %3").arg(EventGroups::title(m_history, group, m_context), EventCategory::name(group.category), count);
        break;
    }
    default: {
        QString value;
        if (node->kind == Node::Kind::Scalar)
            value = fullValueText(node);
        else if (node->kind == Node::Kind::Payload)
            value = PayloadPreview::of(static_cast<const Payload&>(*node->message), m_context, kToolTipWidth);
        else
            value = valueText(node);
        text = value.isEmpty() ? node->name : node->name + QStringLiteral(": ") + PayloadPreview::elide(value, kToolTipWidth);
        break;
    }
    }
    if (text.isEmpty())
        return {};
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped());
}

const HistoryTreeModel::Node* HistoryTreeModel::failureNodeOf(const Node* node) const
{
    for (const Node* n = node; n && n->kind != Node::Kind::Event && n->kind != Node::Kind::Group; n = n->parent) {
        if (n->kind == Node::Kind::Message && n->message->GetDescriptor() == Failure::descriptor())
            return n;
    }
    return nullptr;
}

QString HistoryTreeModel::fullValueText(const Node* node) const
{
    const Message& message = *node->message;
    const FieldDescriptor* field = node->field;
    if (!field)
        return {};
    // A failure's message and stack trace as the SDK wrote them, before encodeCommonAttributes moved them into
    // encodedAttributes.
    if (message.GetDescriptor() == Failure::descriptor()
        && (field->number() == Failure::kMessageFieldNumber || field->number() == Failure::kStackTraceFieldNumber)) {
        if (const auto restored = FailureAttributes::restore(static_cast<const Failure&>(message), m_context)) {
            const auto& text = field->number() == Failure::kMessageFieldNumber ? restored->message : restored->stackTrace;
            if (text)
                return QString::fromStdString(*text);
        }
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        const Reflection* r = message.GetReflection();
        const std::string text = node->element >= 0 ? r->GetRepeatedString(message, field, node->element) : r->GetString(message, field);
        if (field->type() == FieldDescriptor::TYPE_BYTES)
            return QString::fromStdString(Base64::encode(text));
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    return valueText(node);
}

// The path a developer writes: from the event, through its attributes' own name.
QString HistoryTreeModel::copyPathOf(const Node* node) const
{
    if (node->kind == Node::Kind::Event || node->kind == Node::Kind::Group)
        return {};
    const Node* top = node;
    while (top->parent && top->parent->kind != Node::Kind::Event)
        top = top->parent;
    const QString path = pathOf(node);
    if (top->field && top->field->containing_type() != History::Event::descriptor()) {
        if (const FieldDescriptor* field = EventAttributes::field(m_history.event(node->eventIndex)))
            return QString::fromStdString(field->json_name()) + QLatin1Char('.') + path;
    }
    return path;
}

QString HistoryTreeModel::pathOf(const Node* node) const
{
    QStringList parts;
    for (const Node* n = node; n && n->kind != Node::Kind::Event; n = n->parent)
        parts.prepend(n->name);
    return parts.join(QLatin1Char('.')).replace(QStringLiteral(".["), QStringLiteral("["));
}

QVariant HistoryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Event");
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Type");
    case DetailsColumn:
        return tr("Details");
    }
    return {};
}

} // namespace hl
