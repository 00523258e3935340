#include "keys/secretid.h"

namespace hl {

QString SecretId::storageName() const
{
    switch (kind) {
    case SecretKind::CodecKey:
        return QStringLiteral("codec-key/") + name;
    case SecretKind::CloudApiKey:
        return QStringLiteral("cloud-api-key/") + name;
    case SecretKind::ClientKeyPassphrase:
        return QStringLiteral("client-key-passphrase/") + name;
    case SecretKind::CodecServerAuth:
        return QStringLiteral("codec-server-auth/") + name;
    case SecretKind::CodecServerHeaders:
        return QStringLiteral("codec-server-headers/") + name;
    }
    return name;
}

} // namespace hl
