#include "ui/codecserver/codecserverpreferences.h"

#include "session/settingswriter.h"

#include <QSettings>
#include <QUrl>

namespace hl {

namespace {

QString group(const QString& scope)
{
    // QSettings keys cannot hold '/' freely: the scope is percent-encoded into one key.
    return QStringLiteral("codecServer/") + QString::fromLatin1(QUrl::toPercentEncoding(scope));
}

} // namespace

QString CodecServerPreferences::frontendScope(const QString& profile, const QString& temporalNamespace)
{
    return QStringLiteral("profile %1 · namespace %2").arg(profile.isEmpty() ? QStringLiteral("default") : profile, temporalNamespace);
}

QString CodecServerPreferences::fileScope()
{
    return QStringLiteral("files");
}

std::optional<CodecServerPreferences::Entry> CodecServerPreferences::find(const QString& scope) const
{
    const QString prefix = group(scope) + QLatin1Char('/');
    const QVariant endpoint = SettingsWriter::value(prefix + QStringLiteral("endpoint"));
    if (!endpoint.isValid())
        return std::nullopt;
    Entry entry;
    entry.endpoint = endpoint.toString();
    entry.order = SettingsWriter::value(prefix + QStringLiteral("order")).toString() == QLatin1String("remote-only")
                      ? CodecServerSettings::Order::RemoteOnly
                      : CodecServerSettings::Order::LocalFirst;
    entry.caFile = SettingsWriter::value(prefix + QStringLiteral("caFile")).toString();
    entry.allowPlaintextAuth = SettingsWriter::value(prefix + QStringLiteral("allowPlaintextAuth"), false).toBool();
    return entry;
}

void CodecServerPreferences::put(const QString& scope, const Entry& entry)
{
    // Written off the GUI thread (SettingsWriter): saving the dialog must not wait for the disk.
    const QString prefix = group(scope) + QLatin1Char('/');
    SettingsWriter::setValue(prefix + QStringLiteral("endpoint"), entry.endpoint);
    SettingsWriter::setValue(prefix + QStringLiteral("order"), entry.order == CodecServerSettings::Order::RemoteOnly
                                                                  ? QStringLiteral("remote-only")
                                                                  : QStringLiteral("local-first"));
    SettingsWriter::setValue(prefix + QStringLiteral("caFile"), entry.caFile);
    SettingsWriter::setValue(prefix + QStringLiteral("allowPlaintextAuth"), entry.allowPlaintextAuth);
}

void CodecServerPreferences::remove(const QString& scope)
{
    SettingsWriter::remove(group(scope));
}

} // namespace hl
