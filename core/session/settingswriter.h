#pragma once

#include <QString>
#include <QVariant>

namespace hl {

// Settings the app writes as it runs (recent files, queries used): a value set here is read back at once from
// memory and written to QSettings on WorkThreads::files(), in order, because QSettings syncs to disk with fsync,
// which must not stall the GUI thread.
class SettingsWriter {
public:
    static void setValue(const QString& key, const QVariant& value);
    // The key and every key below it ("group/…").
    static void remove(const QString& key);
    // What was set here last, else what QSettings holds.
    static QVariant value(const QString& key, const QVariant& fallback = {});
};

} // namespace hl
