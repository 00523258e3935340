#pragma once

#include "keys/keyring.h"
#include "keys/keyspec.h"
#include "support/testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace hl::test {

// What tools/make_codec_vectors.py expects of each signal of codec-history.json (codec-expected.json).
inline QJsonArray codecVectorExpectations()
{
    QFile file(codecVector(QStringLiteral("codec-expected.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).array();
}

// The codec vectors' keys (codec-keys.txt) into `ring`.
inline Result<void> insertCodecVectorKeys(KeyRing* ring)
{
    auto keys = KeySpec::readKeyFile(codecVector(QStringLiteral("codec-keys.txt")));
    if (!keys)
        return keys.error();
    for (const auto& key : keys.value())
        ring->insert(key.id.toStdString(), key.key);
    return {};
}

} // namespace hl::test
