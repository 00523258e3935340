#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <functional>
#include <optional>

namespace hl::test {

// `value` rebuilt, every object first offered to `replace` (which may return what stands in its place), and the
// members named in `drop` left out: for comparing JSON outputs on what matters.
inline QJsonValue rewriteJson(const QJsonValue& value,
                              const std::function<std::optional<QJsonValue>(const QJsonObject&)>& replace,
                              const QStringList& drop = {})
{
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue& item : value.toArray())
            out.append(rewriteJson(item, replace, drop));
        return out;
    }
    if (!value.isObject())
        return value;
    const QJsonObject object = value.toObject();
    if (replace) {
        if (auto replaced = replace(object))
            return *replaced;
    }
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!drop.contains(it.key()))
            out.insert(it.key(), rewriteJson(it.value(), replace, drop));
    }
    return out;
}

} // namespace hl::test
