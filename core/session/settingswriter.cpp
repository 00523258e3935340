#include "session/settingswriter.h"

#include "session/workthreads.h"

#include <QHash>
#include <QMutex>
#include <QSettings>

namespace hl {

namespace {

QMutex latestMutex;
// Set here and maybe not yet on disk; a removed key stays as an invalid value until set again.
QHash<QString, QVariant>& latest()
{
    static QHash<QString, QVariant> values;
    return values;
}
QStringList& removedGroups()
{
    static QStringList groups;
    return groups;
}

} // namespace

void SettingsWriter::setValue(const QString& key, const QVariant& value)
{
    {
        QMutexLocker lock(&latestMutex);
        latest().insert(key, value);
    }
    WorkThreads::instance().files()->start([key, value] { QSettings().setValue(key, value); });
}

void SettingsWriter::remove(const QString& key)
{
    {
        QMutexLocker lock(&latestMutex);
        const QString below = key + QLatin1Char('/');
        for (auto it = latest().begin(); it != latest().end(); ++it) {
            if (it.key() == key || it.key().startsWith(below))
                it.value() = QVariant();
        }
        latest().insert(key, QVariant());
        removedGroups().append(below);
    }
    WorkThreads::instance().files()->start([key] { QSettings().remove(key); });
}

QVariant SettingsWriter::value(const QString& key, const QVariant& fallback)
{
    {
        QMutexLocker lock(&latestMutex);
        const auto found = latest().constFind(key);
        if (found != latest().constEnd())
            return found->isValid() ? *found : fallback;
        for (const QString& group : std::as_const(removedGroups())) {
            if (key.startsWith(group))
                return fallback;
        }
    }
    return QSettings().value(key, fallback);
}

} // namespace hl
