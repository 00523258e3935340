#pragma once

#include "codec/codecchain.h"
#include "codec/decodebudget.h"
#include "codec/decodedpayloads.h"
#include "history/history.h"

#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace hl {

class CodecServerClient;
struct CodecServerOutcome;

// Decodes payloads with the local codec chain and, when a Codec Server is set, folds in what it answered for the
// payloads the chain could not decode (or, in RemoteOnly order, every encoded payload). It owns no threads and
// waits for nothing: DecodingService runs its steps (decodeRange on chunks of events, then the Codec Server, then
// withRemote) on the threads that own each kind of work. One payload that fails never stops the others.
class HistoryDecoder {
public:
    using Payload = temporal::api::common::v1::Payload;
    // Called after each chunk of events; returning false cancels.
    using Progress = std::function<bool(qint64 eventsDone, qint64 eventsTotal)>;
    using PayloadProgress = std::function<void(qint64 payloadsDone, qint64 payloadsTotal)>;

    // What the local chain made of a run of payloads, and what is left for the Codec Server (with what the chain
    // made of each, NotEncoded when it was not asked).
    struct Partial {
        DecodedPayloads results;
        std::vector<std::pair<const Payload*, DecodedPayload>> forRemote;
    };

    struct Run {
        int fromEvent = 0;
        Progress progress;                            // local decoding, by events
        PayloadProgress remoteProgress;               // the Codec Server's part, by payloads
        const std::atomic<bool>* cancelled = nullptr; // also stops requests in flight
    };

    static constexpr int kEventsPerChunk = 512;

    HistoryDecoder(std::shared_ptr<const CodecChain> chain, std::shared_ptr<const KeyRing> keys,
                   qint64 maxDecodedPayloadBytes = CodecContext::kDefaultMaxDecodedPayloadBytes);

    // The encryption-key-ids the payloads of events [fromEvent, end) name (end -1: the last event), so keys can be
    // fetched before decoding.
    static std::set<std::string> keyIdsIn(const History& history, int fromEvent = 0, int end = -1);
    static std::set<std::string> keyIdsIn(const std::vector<const Payload*>& payloads);

    // Sends what the chain leaves (or everything encoded, by the client's order) to this Codec Server.
    void setCodecServer(std::shared_ptr<CodecServerClient> client) { m_remote = std::move(client); }
    // Spend every layer's output from this budget (shared with other passes over the same history); payloads
    // past it fail with ErrorCode::TooLarge and are shown as stored.
    void setBudget(std::shared_ptr<DecodeBudget> budget)
    {
        m_budget = std::move(budget);
        m_context.budget = m_budget.get();
    }
    const std::shared_ptr<CodecServerClient>& codecServer() const { return m_remote; }

    // The steps, each on the calling thread. Events [first, end) of `history`, or loose payloads.
    Partial decodeRange(const History& history, int first, int end, const std::atomic<bool>* cancelled = nullptr) const;
    Partial decodeLoose(const std::vector<const Payload*>& payloads) const;
    // Partials of one run, in order, as one.
    static Partial merged(std::vector<Partial>&& parts);
    static std::vector<const Payload*> remotePayloads(const Partial& partial);
    // The findable outcome: `partial` with the Codec Server's outcomes (one per remotePayloads(), in order) folded in.
    DecodedPayloads completed(Partial partial, const std::vector<CodecServerOutcome>& remote = {}) const;

    // All steps in a row on the calling thread, the Codec Server waited for in a local event loop: for tests,
    // fuzzers and benchmarks of the steps themselves. Never on the GUI thread or a pool thread; the application
    // decodes through DecodingService. Fails only when cancelled.
    Result<DecodedPayloads> decode(const History& history, int fromEvent = 0, const Progress& progress = {}) const;
    Result<DecodedPayloads> decode(const History& history, const Run& run) const;

private:
    // What the Codec Server's answer (or failure) makes of a payload the local chain left as `local`.
    DecodedPayload afterRemote(const DecodedPayload& local, const Payload& stored, const CodecServerOutcome& remote) const;

    std::shared_ptr<const CodecChain> m_chain;
    std::shared_ptr<const KeyRing> m_keys;
    std::shared_ptr<CodecServerClient> m_remote;
    std::shared_ptr<DecodeBudget> m_budget;
    CodecContext m_context;
};

} // namespace hl
