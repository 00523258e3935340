#pragma once

// moc cannot parse the generated protobuf headers (their deprecation macros); it needs none of them.
#ifndef Q_MOC_RUN
#include "codec/decodedpayloads.h"
#include "format/readoptions.h"
#include "history/historyfile.h"
#include "keys/keyring.h"
#include "keys/keystore.h"
#include "support/result.h"
#endif

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

namespace hl {

class DecodeTask;
template <typename Owner>
class OwnerLink;

// Loads a history file and decodes its payloads without blocking the thread that starts it: the file is read on
// the CPU pool, then each history goes to DecodingService. Progress is reported as signals; cancel() ends the job at
// once (finished() with ErrorCode::Cancelled) and whatever a worker still delivers is dropped.
class HistoryLoadJob : public QObject {
    Q_OBJECT

public:
    struct Outcome {
        HistoryFile file;
        std::vector<DecodedPayloadsPtr> decoded; // one per history in `file`
        std::vector<Error> keyStoreErrors;       // stores that could not be asked (the rest still decoded)
    };

    enum class Stage { Reading, FetchingKeys, Decoding, CodecServer, Done };

    // `stores` are asked in order and must outlive the job.
    HistoryLoadJob(QString path, std::vector<KeyStore*> stores, ReadOptions options = {}, QObject* parent = nullptr);
    ~HistoryLoadJob() override;

    // Decode through this Codec Server as well (before start()).
    void setCodecServer(std::shared_ptr<class CodecServerClient> client) { m_codecServer = std::move(client); }
    const std::shared_ptr<CodecServerClient>& codecServer() const { return m_codecServer; }

    void start();
    // Ends the job at once, finished() with ErrorCode::Cancelled; also before start() (a tab closed or cancelled while
    // its Codec Server settings are still read), after which start() does nothing.
    void cancel();
    bool isRunning() const { return m_running; }
    QString path() const { return m_path; }

    // Valid after finished(): the outcome, or why there is none (ErrorCode::Cancelled after cancel()).
    const Result<Outcome>& result() const { return m_result; }

Q_SIGNALS:
    void progressed(hl::HistoryLoadJob::Stage stage, int percent);
    void finished();

private:
    struct Shared {
        std::atomic<bool> cancelled{false};
        std::atomic<qint64> done{0};
        std::atomic<qint64> total{0};
    };

    void read(Result<HistoryFile> read);
    void decoded();
    void finish(Result<Outcome> result);
    void pollProgress();

    QString m_path;
    std::vector<KeyStore*> m_stores;
    ReadOptions m_options;
    std::shared_ptr<CodecServerClient> m_codecServer;
    std::shared_ptr<Shared> m_shared = std::make_shared<Shared>();
    struct Decoding {
        QPointer<DecodeTask> task;
        Stage stage = Stage::FetchingKeys;
        qint64 done = 0;
        qint64 total = 0;
    };
    std::vector<Decoding> m_decoding; // one per history in the file
    std::shared_ptr<OwnerLink<HistoryLoadJob>> m_link;
    QTimer m_progressTimer;
    Stage m_stage = Stage::Reading;
    bool m_running = false;
    HistoryFile m_file;
    std::vector<Error> m_keyStoreErrors;
    Result<Outcome> m_result = Error{ErrorCode::Cancelled, QStringLiteral("not loaded yet")};
};

} // namespace hl

Q_DECLARE_METATYPE(hl::HistoryLoadJob::Stage)
