#pragma once

// moc cannot parse the generated protobuf headers; it needs none of them.
#ifndef Q_MOC_RUN
#include "codec/decodedpayloads.h"
#include "session/decoderequest.h"
#include "support/result.h"
#endif

#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace hl {

struct CodecServerOutcome;

// One decode that DecodingService runs: it lives on the thread that asked (the GUI thread, the command line's
// main thread), which never waits for it. Its steps run where their kind of work belongs: the key ids are read on
// the CPU pool, keys are asked of the stores here, chunks of events are decoded on the CPU pool as independent
// tasks, the Codec Server is asked on the network thread, and the result comes back here as an immutable snapshot.
// cancel() is a flag and an immediate finished(); whatever a worker still delivers afterwards is dropped.
class DecodeTask : public QObject {
    Q_OBJECT

public:
    enum class Stage { FetchingKeys, Decoding, CodecServer, Done };

    ~DecodeTask() override;

    void cancel();
    bool isRunning() const { return m_stage != Stage::Done; }
    Stage stage() const { return m_stage; }
    const DecodeRequest& request() const;

    // Valid after finished(): the snapshot, or why there is none (ErrorCode::Cancelled after cancel()).
    const Result<DecodedPayloadsPtr>& result() const { return m_result; }
    // The keys the request brought and those fetched for it.
    std::shared_ptr<const KeyRing> keys() const { return m_keys; }
    // Key stores that could not be asked (the rest still decoded), each once.
    const std::vector<Error>& keyStoreErrors() const { return m_keyStoreErrors; }

Q_SIGNALS:
    // Decoding: events done of total; CodecServer: payloads answered of total. At most every 50 ms.
    void progressed(hl::DecodeTask::Stage stage, qint64 done, qint64 total);
    void finished();

private:
    friend class DecodingService;
    struct Work;
    using WorkPtr = std::shared_ptr<Work>;

    DecodeTask(DecodeRequest request, QObject* parent);
    void start();
    void keyIdsRead(std::set<std::string> keyIds);
    void decodeLocally();
    void finish(Result<DecodedPayloadsPtr> result);
    void reportProgress();
    // On a CPU pool thread, after the last chunk: merge, then finish or hand over to the Codec Server.
    static void afterLocal(const WorkPtr& work);
    static void completeOnPool(const WorkPtr& work, std::vector<CodecServerOutcome> remote);

    WorkPtr m_work; // holds the request too
    Stage m_stage = Stage::FetchingKeys;
    QTimer m_progressTimer;
    std::shared_ptr<const KeyRing> m_keys;
    std::vector<Error> m_keyStoreErrors;
    Result<DecodedPayloadsPtr> m_result = Error{ErrorCode::Cancelled, QStringLiteral("not decoded yet")};
};

} // namespace hl

Q_DECLARE_METATYPE(hl::DecodeTask::Stage)
