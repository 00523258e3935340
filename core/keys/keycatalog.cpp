#include "keys/keycatalog.h"

#include <QSettings>
#include <QUrl>

namespace hl {

namespace {

// Every function opens the same file, shared by the desktop app and the CLI: ~/.config/HistoryLens/keys.conf on Linux.
QString groupOf(const SecretId& id)
{
    // Settings keys cannot hold '/' inside a name; the id is percent-encoded.
    return QStringLiteral("keys/") + QString::fromLatin1(QUrl::toPercentEncoding(id.storageName()));
}

} // namespace

std::vector<KeyCatalog::Entry> KeyCatalog::entries(SecretKind kind) const
{
    QSettings settings(QStringLiteral("HistoryLens"), QStringLiteral("keys"));
    settings.beginGroup(QStringLiteral("keys"));
    std::vector<Entry> out;
    const QStringList groups = settings.childGroups();
    settings.endGroup();
    for (const QString& group : groups) {
        const QString storageName = QUrl::fromPercentEncoding(group.toLatin1());
        for (const SecretKind candidate : {SecretKind::CodecKey, SecretKind::CloudApiKey, SecretKind::ClientKeyPassphrase}) {
            SecretId id{candidate, {}};
            const QString prefix = id.storageName();
            if (candidate == kind && storageName.startsWith(prefix)) {
                id.name = storageName.mid(prefix.size());
                if (auto entry = find(id))
                    out.push_back(*entry);
            }
        }
    }
    return out;
}

std::optional<KeyCatalog::Entry> KeyCatalog::find(const SecretId& id) const
{
    QSettings settings(QStringLiteral("HistoryLens"), QStringLiteral("keys"));
    settings.beginGroup(groupOf(id));
    if (!settings.contains(QStringLiteral("fingerprint")))
        return std::nullopt;
    return Entry{id, settings.value(QStringLiteral("added")).toDateTime(), settings.value(QStringLiteral("fingerprint")).toString(),
                 settings.value(QStringLiteral("label")).toString(), settings.value(QStringLiteral("namespace")).toString()};
}

void KeyCatalog::put(const Entry& entry)
{
    QSettings settings(QStringLiteral("HistoryLens"), QStringLiteral("keys"));
    settings.beginGroup(groupOf(entry.id));
    settings.setValue(QStringLiteral("added"), entry.added);
    settings.setValue(QStringLiteral("fingerprint"), entry.fingerprint);
    settings.setValue(QStringLiteral("label"), entry.label);
    settings.setValue(QStringLiteral("namespace"), entry.temporalNamespace);
}

void KeyCatalog::remove(const SecretId& id)
{
    QSettings settings(QStringLiteral("HistoryLens"), QStringLiteral("keys"));
    settings.remove(groupOf(id));
}

} // namespace hl
