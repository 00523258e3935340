#pragma once

#include "codec/codecchain.h"
#include "codec/decodedpayloads.h"
#include "history/history.h"

#include <atomic>
#include <functional>
#include <memory>
#include <set>

namespace hl {

class CodecServerClient;
struct CodecServerOutcome;

// Decodes every payload of a History with local codecs, on all cores, and with a remote Codec Server when one is
// set: what the local chain could not decode (or, in RemoteOnly order, every encoded payload) goes to the server in
// a few batched requests, and what comes back goes through the local chain again. Events can be decoded as pages
// arrive (`fromEvent`), and the results merged. One payload that fails never stops the others.
class HistoryDecoder {
public:
    // Called from worker threads, one call at a time; returning false cancels.
    using Progress = std::function<bool(qint64 eventsDone, qint64 eventsTotal)>;
    using PayloadProgress = std::function<void(qint64 payloadsDone, qint64 payloadsTotal)>;

    struct Run {
        int fromEvent = 0;
        Progress progress;                        // local decoding, by events
        PayloadProgress remoteProgress;           // the Codec Server's part, by payloads
        const std::atomic<bool>* cancelled = nullptr; // also stops requests in flight
    };

    HistoryDecoder(std::shared_ptr<const CodecChain> chain, std::shared_ptr<const KeyRing> keys,
                   qint64 maxDecodedPayloadBytes = CodecContext::kDefaultMaxDecodedPayloadBytes);

    // The encryption-key-ids the history's payloads name, so keys can be fetched before decoding.
    static std::set<std::string> keyIdsIn(const History& history);

    // Decodes events [fromEvent, end). Fails only when cancelled.
    Result<DecodedPayloads> decode(const History& history, int fromEvent = 0, const Progress& progress = {}) const;
    Result<DecodedPayloads> decode(const History& history, const Run& run) const;
    // The same for payloads outside a history (a description's pending activities), on the calling thread; they must
    // outlive the result. Blocks while a Codec Server answers.
    Result<DecodedPayloads> decodePayloads(const std::vector<const temporal::api::common::v1::Payload*>& payloads,
                                           const Run& run) const;

    // Sends what is left (or everything encoded, by the client's order) to this Codec Server.
    void setCodecServer(std::shared_ptr<CodecServerClient> client) { m_remote = std::move(client); }

private:
    using Payload = temporal::api::common::v1::Payload;
    // Left for the Codec Server, with what the local chain made of each (NotEncoded when it was not asked).
    using ForRemote = std::vector<std::pair<const Payload*, DecodedPayload>>;

    void decodeLocally(const std::vector<const Payload*>& payloads, const CodecContext& context, DecodedPayloads* results,
                       ForRemote* forRemote) const;
    // Sends what is left to the Codec Server, then makes `all` findable.
    Result<DecodedPayloads> finish(DecodedPayloads all, const ForRemote& forRemote, const Run& run) const;
    std::shared_ptr<const CodecChain> m_chain;
    // What the Codec Server's answer (or failure) makes of a payload the local chain left as `local`.
    DecodedPayload afterRemote(const DecodedPayload& local, const temporal::api::common::v1::Payload& stored,
                               const CodecServerOutcome& remote) const;

    std::shared_ptr<const KeyRing> m_keys;
    std::shared_ptr<CodecServerClient> m_remote;
    CodecContext m_context;
};

} // namespace hl
