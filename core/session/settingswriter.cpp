#include "session/settingswriter.h"

#include "session/workthreads.h"

#include <QHash>
#include <QMutex>
#include <QSettings>

namespace hl {

namespace {

QMutex latestMutex;
QHash<QString, QVariant>& latest()
{
    static QHash<QString, QVariant> values;
    return values;
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

QVariant SettingsWriter::value(const QString& key, const QVariant& fallback)
{
    {
        QMutexLocker lock(&latestMutex);
        const auto found = latest().constFind(key);
        if (found != latest().constEnd())
            return *found;
    }
    return QSettings().value(key, fallback);
}

} // namespace hl
