#pragma once

#include <QJsonValue>
#include <QString>

#include <vector>

namespace hl {

// What differs between two JSON values, key by key and index by index, each change with its path
// ("result[0].items[3].price"). Objects are compared by key, arrays by index (what one has past the other's end is
// added or removed). At most kMaxChanges are listed and kMaxDepth levels followed: a value past either is compared
// whole.
class JsonDiff {
public:
    static constexpr int kMaxChanges = 200;
    static constexpr int kMaxDepth = 64;

    enum class Kind { Added, Removed, Changed };
    struct Change {
        QString path;
        Kind kind = Kind::Changed;
        QJsonValue a; // undefined when added
        QJsonValue b; // undefined when removed
    };

    // `path` is where the two values are ("input[0]"); the changes' paths extend it.
    static std::vector<Change> of(const QJsonValue& a, const QJsonValue& b, const QString& path);
    static QString kindName(Kind kind); // "added", "removed", "changed"
    // An object key as a path step: `.name`, or `["odd key"]` when it is not a plain identifier.
    static QString keyStep(const QString& key);
};

} // namespace hl
