#include "session/frontendinquiry.h"

#include "frontend/frontendclient.h"
#include "session/decodetask.h"
#include "session/decodingservice.h"
#include "session/ownerlink.h"
#include "session/workthreads.h"

#include <QTimer>

namespace hl {

FrontendInquiry::FrontendInquiry(ConnectionSettings settings, std::vector<KeyStore*> stores, std::shared_ptr<CodecServerClient> codecServer,
                                 Work work, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_stores(std::move(stores))
    , m_codecServer(std::move(codecServer))
    , m_work(std::move(work))
    , m_link(OwnerLink<FrontendInquiry>::to(this))
{
    m_context.decoded = std::make_shared<const DecodedPayloads>();
}

FrontendInquiry::~FrontendInquiry()
{
    m_link->cut();
    if (m_client)
        m_client->cancel();
    if (m_decoding) {
        m_decoding->disconnect(this);
        m_decoding->cancel();
    }
}

void FrontendInquiry::start()
{
    if (m_running)
        return;
    m_running = true;
    auto client = FrontendClient::create(m_settings);
    if (!client) {
        // Said from the event loop, as every other outcome is.
        QTimer::singleShot(0, this, [this, error = client.error()] { finish(error); });
        return;
    }
    m_client = std::shared_ptr<FrontendClient>(std::move(client.value()));
    // A thread of the blocking pool: the calls wait on the network, never on a decoding thread.
    WorkThreads::instance().blocking()->start([client = m_client, link = m_link, work = m_work] {
        Result<Answer> answer = work(*client);
        link->post([answer = std::move(answer)](FrontendInquiry* inquiry) mutable { inquiry->answered(std::move(answer)); });
    });
}

void FrontendInquiry::cancel()
{
    if (!m_running)
        return;
    m_link->cut();
    m_link = OwnerLink<FrontendInquiry>::to(this);
    if (m_client)
        m_client->cancel();
    if (m_decoding) {
        m_decoding->disconnect(this);
        m_decoding->cancel();
        m_decoding->deleteLater();
    }
    finish(Error{ErrorCode::Cancelled, QStringLiteral("cancelled")});
}

void FrontendInquiry::answered(Result<Answer> answer)
{
    if (!answer)
        return finish(answer.error());
    std::shared_ptr<const void> value = answer->value;
    DecodeRequest request = std::move(answer->decode);
    if (request.payloads.empty())
        return finish(value);
    request.stores = m_stores;
    request.codecServer = m_codecServer;
    m_decoding = DecodingService::decode(std::move(request), this);
    connect(m_decoding, &DecodeTask::finished, this, [this, value] {
        DecodeTask* task = m_decoding;
        m_decoding = nullptr;
        task->deleteLater();
        if (task->result().ok())
            m_context.decoded = task->result().value();
        finish(value);
    });
}

void FrontendInquiry::finish(Result<std::shared_ptr<const void>> result)
{
    if (!m_running)
        return;
    m_running = false;
    m_result = std::move(result);
    Q_EMIT finished();
}

} // namespace hl
