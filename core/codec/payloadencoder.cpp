#include "codec/payloadencoder.h"

#include "codec/codecchain.h"
#include "codec/codeccontext.h"
#include "codec/encryptioncodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace hl {

Result<PayloadEncoder::Payload> PayloadEncoder::jsonPayload(const QString& jsonText)
{
    // QJsonDocument reads only objects and arrays at the top: a scalar is read as the one element of an array.
    const QByteArray wrapped = "[" + jsonText.toUtf8() + "]";
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError || !document.isArray() || document.array().size() != 1)
        return Error{ErrorCode::UsageError,
                     QStringLiteral("not one JSON value (%1 at character %2); a text is written in quotes: '\"maria\"'")
                         .arg(error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("several values"))
                         .arg(qMax(0, error.offset - 1))};
    QByteArray compact = QJsonDocument(document.array()).toJson(QJsonDocument::Compact);
    compact = compact.mid(1, compact.size() - 2);
    Payload payload;
    (*payload.mutable_metadata())["encoding"] = "json/plain";
    payload.set_data(compact.toStdString());
    return payload;
}

Result<PayloadEncoder::Payload> PayloadEncoder::encrypted(const Payload& payload, const KeyRing& keys, const std::string& keyId,
                                                          const QString& compression)
{
    if (!keys.find(keyId))
        return Error{ErrorCode::UnknownKey, QStringLiteral("no codec key `%1` to encode with").arg(QString::fromStdString(keyId))};
    std::vector<std::string> layers{EncryptionCodec::kEncoding};
    if (compression == QLatin1String("zlib"))
        layers.push_back("binary/zlib");
    else if (compression == QLatin1String("snappy"))
        layers.push_back("binary/snappy");
    else if (!compression.isEmpty())
        return Error{ErrorCode::UsageError, QStringLiteral("unknown compression '%1' (use zlib or snappy)").arg(compression)};
    CodecContext context;
    context.keys = &keys;
    context.encryptionKeyId = keyId;
    static const CodecChain chain = CodecChain::standard();
    return chain.encode(payload, layers, context);
}

} // namespace hl
