#include "fuzzkeys.h"
#include "fuzztargets.h"

#include "codec/codecchain.h"
#include "codec/codeccontext.h"
#include "codec/codecscratch.h"

#include <google/protobuf/util/message_differencer.h>
#include <temporal/api/common/v1/message.pb.h>

#include <climits>
#include <cstdlib>

namespace hl::fuzz {

namespace {

using temporal::api::common::v1::Payload;

// Bytes that are not a serialized Payload become the data of one, with a codec encoding and key id picked by the
// first two bytes: so the fuzzer reaches every codec both through whole payloads (the seeds) and raw data.
Payload payloadFrom(const uint8_t* data, size_t size)
{
    Payload payload;
    if (payload.ParseFromArray(data, int(size)) && payload.metadata().count("encoding"))
        return payload;
    payload.Clear();
    static const char* const encodings[] = {"binary/encrypted", "binary/zlib", "binary/gzip", "binary/snappy"};
    static const char* const keyIds[] = {"test", "test-key-id", "k128", "k192", "nobody"};
    const uint8_t pick = size > 0 ? data[0] : 0;
    (*payload.mutable_metadata())["encoding"] = encodings[pick % 4];
    (*payload.mutable_metadata())["encryption-key-id"] = keyIds[(pick >> 2) % 5];
    if (size > 1)
        payload.set_data(reinterpret_cast<const char*>(data) + 1, size - 1);
    return payload;
}

} // namespace

// Decoding as `show` does it; what decodes must also survive the way back: encoded again (encrypted, compressed) and
// decoded, it must come out as it went in.
int codecChain(const uint8_t* data, size_t size)
{
    if (size > size_t(INT_MAX))
        return 0;
    static const CodecChain chain = CodecChain::standard();
    const Payload payload = payloadFrom(data, size);
    CodecScratch scratch;
    CodecContext context;
    const auto keys = testKeys();
    context.keys = keys.get();
    context.scratch = &scratch;
    Payload inner;
    const DecodedPayload decoded = chain.decode(payload, context, &inner);
    if (decoded.status != DecodedPayload::Status::Decoded)
        return 0;

    CodecContext encoding = context;
    encoding.encryptionKeyId = "test";
    const uint8_t pick = size > 0 ? data[size - 1] : 0;
    std::vector<std::string> layers{"binary/encrypted"};
    static const char* const compressions[] = {"binary/zlib", "binary/gzip", "binary/snappy"};
    if (pick % 4 != 3)
        layers.emplace_back(compressions[pick % 4]);
    auto encoded = chain.encode(inner, layers, encoding);
    if (!encoded)
        return 0; // too large to encode again is a fair refusal
    Payload back;
    const DecodedPayload again = chain.decode(*encoded, context, &back);
    if (again.status != DecodedPayload::Status::Decoded || !google::protobuf::util::MessageDifferencer::Equals(back, inner))
        std::abort(); // encode and decode disagree
    return 0;
}

} // namespace hl::fuzz
