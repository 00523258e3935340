#pragma once

// moc cannot parse the generated protobuf headers; it needs none of them.
#ifndef Q_MOC_RUN
#include "frontend/connectionsettings.h"
#include "render/payloadcontext.h"
#include "session/decoderequest.h"
#include "support/result.h"
#endif

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <vector>

namespace hl {

class CodecServerClient;
class DecodeTask;
class FrontendClient;
class KeyStore;
template <typename Owner>
class OwnerLink;

// One question to a Temporal frontend beside a loaded history (a workflow's family, its call stack, its metadata, a
// query), answered off the GUI thread: `work` runs on a thread of WorkThreads' blocking pool with a client of its
// own, then the payloads its answer names are decoded by DecodingService with the tab's keys and Codec Server, and
// finished() comes back on the thread that started it. cancel() and the destructor end the call within ~50 ms and
// nothing waits for it; an answer that arrives after either is dropped.
class FrontendInquiry : public QObject {
    Q_OBJECT

public:
    // What `work` found: a value for the asker and the payloads in it to decode (their owner kept by `decode`).
    struct Answer {
        std::shared_ptr<const void> value;
        DecodeRequest decode;
    };
    using Work = std::function<Result<Answer>(FrontendClient& client)>;

    // `stores` are asked for codec keys and must outlive the inquiry.
    FrontendInquiry(ConnectionSettings settings, std::vector<KeyStore*> stores, std::shared_ptr<CodecServerClient> codecServer,
                    Work work, QObject* parent = nullptr);
    ~FrontendInquiry() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }

    // Valid after finished(): the answer's value, or why there is none (ErrorCode::Cancelled after cancel()).
    const Result<std::shared_ptr<const void>>& result() const { return m_result; }
    // The answer's payloads, decoded as far as the keys and the Codec Server allow.
    const PayloadContext& context() const { return m_context; }

Q_SIGNALS:
    void finished();

private:
    void answered(Result<Answer> answer);
    void finish(Result<std::shared_ptr<const void>> result);

    ConnectionSettings m_settings;
    std::vector<KeyStore*> m_stores;
    std::shared_ptr<CodecServerClient> m_codecServer;
    Work m_work;
    std::shared_ptr<FrontendClient> m_client;
    std::shared_ptr<OwnerLink<FrontendInquiry>> m_link;
    QPointer<DecodeTask> m_decoding;
    bool m_running = false;
    Result<std::shared_ptr<const void>> m_result = Error{ErrorCode::Cancelled, QStringLiteral("not asked yet")};
    PayloadContext m_context;
};

} // namespace hl
