#include "fuzztargets.h"

#include "codecserver/compactpayload.h"
#include "codecserver/payloadsjson.h"

#include <google/protobuf/util/message_differencer.h>

#include <cstdlib>

namespace hl::fuzz {

// A Codec Server's answer body as the client reads it, then kept for the session as the client keeps it: each
// payload compacted and expanded again must be the same payload, and what was read, written as a request body and
// read back, must be the same payloads.
int codecAnswer(const uint8_t* data, size_t size)
{
    using Payload = temporal::api::common::v1::Payload;
    std::vector<Payload> payloads;
    if (!PayloadsJson::read(std::string_view(reinterpret_cast<const char*>(data), size), &payloads, 10000))
        return 0;
    std::vector<const Payload*> pointers;
    for (const Payload& payload : payloads) {
        Payload expanded;
        if (!CompactPayload::of(payload)->expand(&expanded)
            || !google::protobuf::util::MessageDifferencer::Equals(expanded, payload))
            std::abort();
        pointers.push_back(&payload);
    }
    std::string body;
    PayloadsJson::write(pointers, &body);
    std::vector<Payload> again;
    if (!PayloadsJson::read(body, &again) || again.size() != payloads.size())
        std::abort();
    for (size_t i = 0; i < payloads.size(); ++i) {
        if (!google::protobuf::util::MessageDifferencer::Equals(again[i], payloads[i]))
            std::abort();
    }
    return 0;
}

} // namespace hl::fuzz
