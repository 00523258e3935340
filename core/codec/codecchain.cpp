#include "codec/codecchain.h"

#include "codec/compressioncodec.h"
#include "codec/decodebudget.h"

#include <new>
#include "codec/encryptioncodec.h"
#include "codec/snappycodec.h"
#include "support/sizeformat.h"

namespace hl {

namespace {
const std::string kNoEncoding;
}

CodecChain CodecChain::standard()
{
    CodecChain chain;
    chain.add(std::make_shared<EncryptionCodec>());
    chain.add(std::make_shared<CompressionCodec>(Inflater::Format::Zlib));
    chain.add(std::make_shared<CompressionCodec>(Inflater::Format::Gzip));
    chain.add(std::make_shared<SnappyCodec>());
    return chain;
}

void CodecChain::add(std::shared_ptr<const PayloadCodec> codec)
{
    const std::string encoding = codec->encoding();
    m_codecs[encoding] = std::move(codec);
}

const PayloadCodec* CodecChain::codecFor(const std::string& encoding) const
{
    const auto found = m_codecs.find(encoding);
    return found == m_codecs.end() ? nullptr : found->second.get();
}

bool CodecChain::isValueEncoding(const std::string& encoding)
{
    return encoding.empty() || encoding == "binary/null" || encoding == "binary/plain" || encoding == "json/plain"
           || encoding == "json/protobuf" || encoding == "binary/protobuf"
           || encoding == "json/external-storage-reference";
}

DecodedPayload CodecChain::decode(const temporal::api::common::v1::Payload& payload, const CodecContext& context,
                                  temporal::api::common::v1::Payload* inner) const
{
    // Layers are undone into two scratch payloads in turn, whose buffers every later payload reuses; only the
    // innermost one is handed out, and only when asked for.
    thread_local temporal::api::common::v1::Payload scratch[2];
    DecodedPayload result;
    const temporal::api::common::v1::Payload* current = &payload;
    temporal::api::common::v1::Payload* reached = nullptr; // the scratch payload `current` is, once a layer is off
    for (;;) {
        const auto found = current->metadata().find("encoding");
        const std::string& encoding = found == current->metadata().end() ? kNoEncoding : found->second;
        result.encoding = encoding;
        const PayloadCodec* codec = codecFor(encoding);
        if (!codec) {
            if (!isValueEncoding(encoding)) {
                result.status = DecodedPayload::Status::Failed;
                result.error = Error{ErrorCode::UnknownEncoding,
                                     QStringLiteral("unknown encoding `%1`: shown undecoded").arg(QString::fromStdString(encoding))};
            } else {
                result.status = result.layerCount == 0 ? DecodedPayload::Status::NotEncoded : DecodedPayload::Status::Decoded;
            }
            break;
        }
        if (result.layerCount == kMaxLayers) {
            result.status = DecodedPayload::Status::Failed;
            result.error = Error{ErrorCode::InvalidStructure,
                                 QStringLiteral("more than %1 codec layers; stopped decoding").arg(kMaxLayers)};
            break;
        }
        temporal::api::common::v1::Payload* next = &scratch[result.layerCount % 2];
        CodecContext bounded;
        if (context.budget) {
            if (context.budget->exhausted()) {
                result.status = DecodedPayload::Status::Failed;
                result.error = Error{ErrorCode::TooLarge, QStringLiteral("past the %1 one history or request may decode in all; left as it came")
                                                              .arg(formatSize(context.budget->limit()))};
                break;
            }
            bounded = context;
            bounded.maxDecodedPayloadBytes = std::min(context.maxDecodedPayloadBytes, context.budget->remaining());
        }
        const CodecContext& layerContext = context.budget ? bounded : context;
        // A layer that cannot get the memory it needs fails this payload, not the process.
        auto decodeLayer = [&]() -> Result<void> {
            try {
                return codec->decode(*current, next, layerContext);
            } catch (const std::bad_alloc&) {
                return Error{ErrorCode::TooLarge, QStringLiteral("not enough memory to decode this payload")};
            }
        };
        auto decoded = decodeLayer();
        // What the layer cost: its output, or the bound an inflate ran into, or the input it read before failing.
        if (context.budget)
            // (The output's data, not ByteSizeLong(): that walks the metadata map on every layer of every payload.)
            context.budget->spend(decoded.ok() ? qint64(next->data().size())
                                  : decoded.error().code == ErrorCode::TooLarge ? layerContext.maxDecodedPayloadBytes
                                                                                : qint64(current->data().size()));
        if (!decoded.ok()) {
            result.status = DecodedPayload::Status::Failed;
            result.error = decoded.error();
            if (decoded.error().code == ErrorCode::UnknownKey) {
                const auto keyId = current->metadata().find("encryption-key-id");
                if (keyId != current->metadata().end())
                    result.missingKeyId = keyId->second;
            }
            break;
        }
        if (!result.layers.empty())
            result.layers += " > ";
        result.layers += codec->describe(*current);
        ++result.layerCount;
        current = reached = next;
    }
    if (result.status != DecodedPayload::Status::Failed)
        result.digest = DecodedPayload::digestOf(*current);
    if (inner && reached && result.status == DecodedPayload::Status::Decoded)
        inner->Swap(reached);
    return result;
}

Result<temporal::api::common::v1::Payload> CodecChain::encode(const temporal::api::common::v1::Payload& payload,
                                                             const std::vector<std::string>& encodings,
                                                             const CodecContext& context) const
{
    temporal::api::common::v1::Payload current = payload;
    for (auto it = encodings.rbegin(); it != encodings.rend(); ++it) {
        const PayloadCodec* codec = codecFor(*it);
        if (!codec)
            return Error{ErrorCode::UnknownEncoding, QStringLiteral("no codec for `%1`").arg(QString::fromStdString(*it))};
        auto encoded = codec->encode(current, context);
        if (!encoded.ok())
            return encoded.error();
        current = std::move(encoded.value());
    }
    return current;
}

} // namespace hl
