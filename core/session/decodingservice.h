#pragma once

#include "session/decoderequest.h"
#include "support/result.h"

#ifndef Q_MOC_RUN
#include "codec/decodedpayloads.h"
#endif

class QObject;

namespace hl {

class DecodeTask;

// The one way HistoryLens decodes: a history (or some of its events, as pages arrive) or loose payloads, with the
// keys of a request's stores and its Codec Server, with progress and cancel, handing back an immutable snapshot.
// The work runs on the threads WorkThreads owns; the caller's thread only coordinates (docs/architecture.md).
class DecodingService {
public:
    // Starts decoding at once; the task reports on the calling thread and is a child of `parent`.
    static DecodeTask* decode(DecodeRequest request, QObject* parent);
    // The same, waiting for the outcome in a local event loop: for the command line, which has nothing else to do
    // meanwhile. Never on the GUI thread. `task`, when given, is told of the running task (progress, cancel).
    static Result<DecodedPayloadsPtr> decodeNow(DecodeRequest request, std::vector<Error>* keyStoreErrors = nullptr,
                                                 const std::function<void(DecodeTask*)>& started = {});
};

} // namespace hl
