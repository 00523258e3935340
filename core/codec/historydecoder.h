#pragma once

#include "codec/codecchain.h"
#include "codec/decodedpayloads.h"
#include "history/history.h"

#include <functional>
#include <memory>
#include <set>

namespace hl {

// Decodes every payload of a History with local codecs, on all cores. Events can be decoded as pages arrive
// (`fromEvent`), and the results merged. One payload that fails never stops the others.
class HistoryDecoder {
public:
    // Called from worker threads, one call at a time; returning false cancels.
    using Progress = std::function<bool(qint64 eventsDone, qint64 eventsTotal)>;

    HistoryDecoder(std::shared_ptr<const CodecChain> chain, std::shared_ptr<const KeyRing> keys,
                   qint64 maxDecodedPayloadBytes = CodecContext::kDefaultMaxDecodedPayloadBytes);

    // The encryption-key-ids the history's payloads name, so keys can be fetched before decoding.
    static std::set<std::string> keyIdsIn(const History& history);

    // Decodes events [fromEvent, end). Fails only when cancelled.
    Result<DecodedPayloads> decode(const History& history, int fromEvent = 0, const Progress& progress = {}) const;

private:
    std::shared_ptr<const CodecChain> m_chain;
    std::shared_ptr<const KeyRing> m_keys;
    CodecContext m_context;
};

} // namespace hl
