#include "cli/historyloader.h"

#include "cli/clidiagnostics.h"
#include "format/historyreader.h"
#include "session/decodingservice.h"
#include "session/frontendhistoryjob.h"

#include <QEventLoop>

namespace hl {

Result<HistoryLoader::Loaded> HistoryLoader::load(const Source& source)
{
    return source.fromFrontend() ? loadFromFrontend(source) : loadFile(source);
}

Result<HistoryLoader::Loaded> HistoryLoader::loadFile(const Source& source)
{
    auto file = HistoryReader(m_options.read).readFile(source.file);
    if (!file)
        return file.error();
    int picked = file->histories.size() == 1 ? 0 : -1;
    if (!source.workflow.runId.isEmpty()) {
        picked = -1;
        for (size_t i = 0; i < file->histories.size(); ++i) {
            if (file->histories[i].runId() == source.workflow.runId)
                picked = int(i);
        }
        if (picked < 0)
            return Error(ErrorCode::NotFound, QStringLiteral("no workflow with run id %1 in it").arg(source.workflow.runId), file->sourceName);
    }
    if (picked < 0)
        return Error(ErrorCode::UsageError,
                     QStringLiteral("it holds %1 workflows; pick one with -r RUN after the file").arg(file->histories.size()),
                     file->sourceName);
    Loaded loaded;
    loaded.history = file->histories[size_t(picked)];
    loaded.sourceName = file->sourceName;
    loaded.runId = loaded.history.runId();
    if (!m_options.quiet)
        CliDiagnostics::notices(m_err, loaded.sourceName, loaded.history);

    DecodeRequest request;
    request.history = loaded.history;
    request.stores = m_options.stores;
    request.codecServer = m_options.codecServer;
    request.budget = std::make_shared<DecodeBudget>(m_options.maxDecodedBytes);
    std::vector<Error> storeErrors;
    auto decoded = DecodingService::decodeNow(std::move(request), &storeErrors);
    CliDiagnostics::warnings(m_err, storeErrors);
    if (!decoded)
        return decoded.error().withSource(loaded.sourceName);
    loaded.context.decoded = decoded.value();
    loaded.context.types = m_options.types;
    CliDiagnostics::decodeFailures(m_err, loaded.sourceName, loaded.history, *loaded.context.decoded);
    return loaded;
}

Result<HistoryLoader::Loaded> HistoryLoader::loadFromFrontend(const Source& source)
{
    if (!m_options.connection)
        return Error(ErrorCode::UsageError, QStringLiteral("no frontend to read %1 from").arg(source.workflow.describe()));
    const ConnectionSettings& settings = *m_options.connection;
    FrontendHistoryJob::Options jobOptions;
    jobOptions.maxEvents = m_options.read.limits.maxEvents;
    jobOptions.maxDecodedBytes = m_options.maxDecodedBytes;
    FrontendHistoryJob job(settings, source.workflow, m_options.stores, jobOptions);
    job.setCodecServer(m_options.codecServer);
    QEventLoop waiting;
    QObject::connect(&job, &FrontendHistoryJob::finished, &waiting, &QEventLoop::quit);
    job.start();
    if (job.isRunning())
        waiting.exec();
    CliDiagnostics::warnings(m_err, job.keyStoreErrors());
    Loaded loaded;
    loaded.sourceName = QStringLiteral("%1/%2").arg(settings.temporalNamespace, job.workflow().describe());
    if (!job.result().ok())
        return job.result().error().withSource(loaded.sourceName);
    loaded.history = job.history();
    loaded.runId = job.workflow().runId;
    loaded.context.decoded = job.decoded();
    loaded.context.types = m_options.types;
    if (!m_options.quiet)
        CliDiagnostics::notices(m_err, loaded.sourceName, loaded.history);
    CliDiagnostics::decodeFailures(m_err, loaded.sourceName, loaded.history, *loaded.context.decoded);
    return loaded;
}

} // namespace hl
