#pragma once

#include "codecserver/codecserversettings.h"
#include "codecserver/compactpayload.h"
#include "codecserver/remoteanswercache.h"
#include "support/result.h"

#include <temporal/api/common/v1/message.pb.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace hl {

// What became of one payload sent to a Codec Server.
struct CodecServerOutcome {
    std::shared_ptr<const CompactPayload> answer; // what the server returned; null when `error` says why not
    std::optional<Error> error;
};

// Decodes payloads through a remote Codec Server: many payloads a request (bounded by count and bytes), a few
// requests in flight, each distinct payload sent once a session (RemoteAnswerCache), with retries on 5xx and broken
// connections, smaller batches after a 413 or a 400, and every answer checked (status, size, JSON, count).
// decodeAsync() runs on the event loop of the thread that calls it (DecodingService's network thread) and never
// blocks; decode() waits for the same in a local event loop, for the command line, tests and threads of WorkThreads'
// blocking pool (never the GUI thread, never the CPU pool). One failure never stops the others: each payload gets
// its answer or the reason.
class CodecServerClient {
public:
    using Payload = temporal::api::common::v1::Payload;
    using Progress = std::function<void(qint64 payloadsDone, qint64 payloadsTotal)>;

    using Outcome = CodecServerOutcome;

    struct Statistics {
        int requests = 0;    // HTTP requests sent, retries and split batches included
        int retries = 0;
        int splits = 0;      // batches cut in halves after a 413 or a 400
        int cacheHits = 0;   // payloads answered from the session's cache
        qint64 bytesSent = 0;
        qint64 bytesReceived = 0;
    };

    explicit CodecServerClient(CodecServerSettings settings, std::shared_ptr<RemoteAnswerCache> cache = nullptr);

    const CodecServerSettings& settings() const { return m_settings; }
    const std::shared_ptr<RemoteAnswerCache>& cache() const { return m_cache; }

    // What is wrong with the settings before anything is sent: not an http(s) URL, Authorization that would go
    // over plain HTTP to another machine, an unreadable CA file.
    Result<void> check() const;

    using Done = std::function<void(std::vector<Outcome> outcomes)>;

    // One outcome per payload, in order, handed to `done` on this thread's event loop (never from within the call).
    // `cancelled` is polled; a cancelled run fails what was not answered yet. `client` and the payloads must stay
    // alive until `done`; the client is held until then.
    static void decodeAsync(std::shared_ptr<CodecServerClient> client, std::vector<const Payload*> payloads,
                            std::shared_ptr<const std::atomic<bool>> cancelled, Progress progress, Done done);
    // The same, waiting in a local event loop.
    std::vector<Outcome> decode(const std::vector<const Payload*>& payloads, const std::atomic<bool>* cancelled = nullptr,
                                const Progress& progress = {});

    // Payloads encoded by the server's /encode (a query's arguments), waiting in a local event loop as decode() does;
    // nothing is cached.
    std::vector<Outcome> encode(const std::vector<const Payload*>& payloads, const std::atomic<bool>* cancelled = nullptr);
    // The same for `payloads`, replaced in place by what the server answered; the first it could not encode fails all.
    Result<void> encodeInPlace(std::vector<Payload>& payloads, const std::atomic<bool>* cancelled = nullptr);

    // Totals over every decode() so far.
    Statistics statistics() const;

private:
    friend class CodecServerExchange;
    struct Run;

    // Answers what the session's cache holds and leaves each distinct other payload once in `run` to be sent.
    std::shared_ptr<Run> prepare(const std::vector<const Payload*>& payloads, const Progress& progress);
    // Starts the exchange for what `run` has to send; `done` follows on this thread's event loop.
    void send(std::shared_ptr<Run> run, const std::atomic<bool>* cancelled, std::function<void()> done);
    // The outcomes, with the answers kept in the cache.
    std::vector<Outcome> complete(Run& run);

    CodecServerSettings m_settings;
    std::shared_ptr<RemoteAnswerCache> m_cache;
    std::atomic<qint64> m_batchBytes; // lowered for the session when the server says 413
    std::atomic<int> m_requests{0};
    std::atomic<int> m_retries{0};
    std::atomic<int> m_splits{0};
    std::atomic<int> m_cacheHits{0};
    std::atomic<qint64> m_bytesSent{0};
    std::atomic<qint64> m_bytesReceived{0};
};

} // namespace hl
