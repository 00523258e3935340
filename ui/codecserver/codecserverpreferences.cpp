#include "ui/codecserver/codecserverpreferences.h"

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
    QSettings settings;
    settings.beginGroup(group(scope));
    if (!settings.contains(QStringLiteral("endpoint")))
        return std::nullopt;
    Entry entry;
    entry.endpoint = settings.value(QStringLiteral("endpoint")).toString();
    entry.order = settings.value(QStringLiteral("order")).toString() == QLatin1String("remote-only")
                      ? CodecServerSettings::Order::RemoteOnly
                      : CodecServerSettings::Order::LocalFirst;
    entry.caFile = settings.value(QStringLiteral("caFile")).toString();
    entry.allowPlaintextAuth = settings.value(QStringLiteral("allowPlaintextAuth"), false).toBool();
    return entry;
}

void CodecServerPreferences::put(const QString& scope, const Entry& entry)
{
    QSettings settings;
    settings.beginGroup(group(scope));
    settings.setValue(QStringLiteral("endpoint"), entry.endpoint);
    settings.setValue(QStringLiteral("order"), entry.order == CodecServerSettings::Order::RemoteOnly ? QStringLiteral("remote-only")
                                                                                                     : QStringLiteral("local-first"));
    settings.setValue(QStringLiteral("caFile"), entry.caFile);
    settings.setValue(QStringLiteral("allowPlaintextAuth"), entry.allowPlaintextAuth);
}

void CodecServerPreferences::remove(const QString& scope)
{
    QSettings().remove(group(scope));
}

} // namespace hl
