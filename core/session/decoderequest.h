#pragma once

#include "codec/codeccontext.h"
#include "codec/decodebudget.h"
#include "history/history.h"
#include "keys/keyring.h"
#include "keys/keystore.h"

#include <temporal/api/common/v1/message.pb.h>

#include <memory>
#include <vector>

namespace hl {

class CodecServerClient;

// What DecodingService is asked to decode, with which keys and through which Codec Server.
struct DecodeRequest {
    using Payload = temporal::api::common::v1::Payload;

    // Events [fromEvent, end) of this history...
    History history;
    int fromEvent = 0;
    // ...or, when `payloads` is not empty, these payloads outside a history (a description's pending activities),
    // which `payloadsOwner` keeps alive.
    std::vector<const Payload*> payloads;
    std::shared_ptr<const void> payloadsOwner;

    // Keys already in hand; the key ids the payloads name and these lack are asked of `stores` in order (on the
    // requesting thread, whose event loop keychains answer through; the stores must outlive the task).
    std::shared_ptr<const KeyRing> knownKeys;
    std::vector<KeyStore*> stores;
    // Null: local codecs only.
    std::shared_ptr<CodecServerClient> codecServer;
    qint64 maxDecodedPayloadBytes = CodecContext::kDefaultMaxDecodedPayloadBytes;
    // What the history may decode in all, shared by every pass over it (a frontend's pages come in several); null:
    // a budget of CodecContext::kDefaultMaxDecodedHistoryBytes for this pass.
    std::shared_ptr<DecodeBudget> budget;
};

} // namespace hl
