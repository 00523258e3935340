#include "diff/jsondiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <set>

namespace hl {

namespace {

struct Walker {
    std::vector<JsonDiff::Change> changes;

    bool full() const { return int(changes.size()) >= JsonDiff::kMaxChanges; }

    void walk(const QJsonValue& a, const QJsonValue& b, const QString& path, int depth)
    {
        if (full() || a == b)
            return;
        if (depth < JsonDiff::kMaxDepth && a.isObject() && b.isObject()) {
            const QJsonObject x = a.toObject();
            const QJsonObject y = b.toObject();
            std::set<QString> keys;
            for (auto it = x.begin(); it != x.end(); ++it)
                keys.insert(it.key());
            for (auto it = y.begin(); it != y.end(); ++it)
                keys.insert(it.key());
            for (const QString& key : keys) {
                const QString at = path + JsonDiff::keyStep(key);
                if (!x.contains(key))
                    add(at, JsonDiff::Kind::Added, QJsonValue(QJsonValue::Undefined), y.value(key));
                else if (!y.contains(key))
                    add(at, JsonDiff::Kind::Removed, x.value(key), QJsonValue(QJsonValue::Undefined));
                else
                    walk(x.value(key), y.value(key), at, depth + 1);
                if (full())
                    return;
            }
            return;
        }
        if (depth < JsonDiff::kMaxDepth && a.isArray() && b.isArray()) {
            const QJsonArray x = a.toArray();
            const QJsonArray y = b.toArray();
            const qsizetype common = std::min(x.size(), y.size());
            for (qsizetype i = 0; i < common && !full(); ++i)
                walk(x.at(i), y.at(i), path + QStringLiteral("[%1]").arg(i), depth + 1);
            for (qsizetype i = common; i < x.size() && !full(); ++i)
                add(path + QStringLiteral("[%1]").arg(i), JsonDiff::Kind::Removed, x.at(i), QJsonValue(QJsonValue::Undefined));
            for (qsizetype i = common; i < y.size() && !full(); ++i)
                add(path + QStringLiteral("[%1]").arg(i), JsonDiff::Kind::Added, QJsonValue(QJsonValue::Undefined), y.at(i));
            return;
        }
        add(path, JsonDiff::Kind::Changed, a, b);
    }

    void add(const QString& path, JsonDiff::Kind kind, const QJsonValue& a, const QJsonValue& b)
    {
        changes.push_back({path, kind, a, b});
    }
};

bool isIdentifier(const QString& key)
{
    if (key.isEmpty() || key.at(0).isDigit())
        return false;
    for (const QChar c : key) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-')))
            return false;
    }
    return true;
}

} // namespace

std::vector<JsonDiff::Change> JsonDiff::of(const QJsonValue& a, const QJsonValue& b, const QString& path)
{
    Walker walker;
    walker.walk(a, b, path, 0);
    return std::move(walker.changes);
}

QString JsonDiff::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Added: return QStringLiteral("added");
    case Kind::Removed: return QStringLiteral("removed");
    case Kind::Changed: break;
    }
    return QStringLiteral("changed");
}

QString JsonDiff::keyStep(const QString& key)
{
    if (isIdentifier(key))
        return QLatin1Char('.') + key;
    // A key that is no identifier, quoted as a JSON string.
    const QByteArray quoted = QJsonDocument(QJsonArray{key}).toJson(QJsonDocument::Compact);
    return QLatin1Char('[') + QString::fromUtf8(quoted.mid(1, quoted.size() - 2)) + QLatin1Char(']');
}

} // namespace hl
