#include "session/decodingservice.h"

#include "session/decodetask.h"

#include <QEventLoop>

namespace hl {

DecodeTask* DecodingService::decode(DecodeRequest request, QObject* parent)
{
    auto* task = new DecodeTask(std::move(request), parent);
    task->start();
    return task;
}

Result<DecodedPayloadsPtr> DecodingService::decodeNow(DecodeRequest request, std::vector<Error>* keyStoreErrors,
                                                      const std::function<void(DecodeTask*)>& started)
{
    std::unique_ptr<DecodeTask> task(decode(std::move(request), nullptr));
    QEventLoop waiting;
    QObject::connect(task.get(), &DecodeTask::finished, &waiting, &QEventLoop::quit);
    if (started)
        started(task.get());
    if (task->isRunning())
        waiting.exec();
    if (keyStoreErrors)
        *keyStoreErrors = task->keyStoreErrors();
    return task->result();
}

} // namespace hl
