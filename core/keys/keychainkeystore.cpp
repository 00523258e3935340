#include "keys/keychainkeystore.h"

#include <qt6keychain/keychain.h>

#include <openssl/crypto.h>

namespace hl {

namespace {

Error keychainError(QKeychain::Error code, const QString& detail)
{
    switch (code) {
    case QKeychain::NoBackendAvailable:
        return Error{ErrorCode::NotFound,
                     QStringLiteral("no keychain is available (%1). On Linux, start a Secret Service such as "
                                    "gnome-keyring-daemon or KWallet in your session; keys given with --key still work")
                         .arg(detail)};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error{ErrorCode::PermissionDenied, QStringLiteral("the keychain refused access: %1").arg(detail)};
    default:
        return Error{ErrorCode::ReadFailed, QStringLiteral("the keychain failed: %1").arg(detail)};
    }
}

template <typename Job>
Job* newJob()
{
    auto* job = new Job(QString::fromLatin1(KeychainKeyStore::kService));
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // a secret written in plain text is not kept
    return job;
}

} // namespace

QString KeychainKeyStore::displayName() const
{
    return QStringLiteral("the keychain");
}

QString KeychainKeyStore::unavailableReason()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    // Without a session bus, D-Bus would try to launch one: no keychain to find, and a process left behind.
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return QStringLiteral("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
#endif
    return {};
}

void KeychainKeyStore::read(const SecretId& id, ReadCallback done)
{
    if (const QString reason = unavailableReason(); !reason.isEmpty())
        return done(keychainError(QKeychain::NoBackendAvailable, reason));
    auto* job = newJob<QKeychain::ReadPasswordJob>();
    job->setKey(id.storageName());
    QObject::connect(job, &QKeychain::Job::finished, job, [job, done](QKeychain::Job*) {
        if (job->error() == QKeychain::EntryNotFound)
            return done(SecretPtr());
        if (job->error() != QKeychain::NoError)
            return done(keychainError(job->error(), job->errorString()));
        QByteArray bytes = job->binaryData();
        auto secret = std::make_shared<SecretBytes>(std::string_view(bytes.constData(), size_t(bytes.size())));
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
        done(SecretPtr(secret));
    });
    job->start();
}

void KeychainKeyStore::write(const SecretId& id, SecretPtr secret, DoneCallback done)
{
    if (const QString reason = unavailableReason(); !reason.isEmpty())
        return done(keychainError(QKeychain::NoBackendAvailable, reason));
    auto* job = newJob<QKeychain::WritePasswordJob>();
    job->setKey(id.storageName());
    QByteArray bytes(reinterpret_cast<const char*>(secret->data()), int(secret->size()));
    job->setBinaryData(bytes);
    OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    QObject::connect(job, &QKeychain::Job::finished, job, [job, done](QKeychain::Job*) {
        if (job->error() != QKeychain::NoError)
            return done(keychainError(job->error(), job->errorString()));
        done({});
    });
    job->start();
}

void KeychainKeyStore::remove(const SecretId& id, DoneCallback done)
{
    if (const QString reason = unavailableReason(); !reason.isEmpty())
        return done(keychainError(QKeychain::NoBackendAvailable, reason));
    auto* job = newJob<QKeychain::DeletePasswordJob>();
    job->setKey(id.storageName());
    QObject::connect(job, &QKeychain::Job::finished, job, [job, done](QKeychain::Job*) {
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
            return done(keychainError(job->error(), job->errorString()));
        done({});
    });
    job->start();
}

} // namespace hl
