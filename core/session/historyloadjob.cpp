#include "session/historyloadjob.h"

#include "codec/historydecoder.h"
#include "codecserver/codecserverclient.h"
#include "format/historyreader.h"
#include "keys/keyresolver.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <set>

namespace hl {

namespace {

constexpr int kProgressIntervalMs = 50;

Error cancelledError()
{
    return Error{ErrorCode::Cancelled, QStringLiteral("loading cancelled")};
}

} // namespace

HistoryLoadJob::HistoryLoadJob(QString path, std::vector<KeyStore*> stores, ReadOptions options, QObject* parent)
    : QObject(parent), m_path(std::move(path)), m_stores(std::move(stores)), m_options(std::move(options))
{
    m_progressTimer.setInterval(kProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &HistoryLoadJob::pollProgress);
    connect(&m_reading, &QFutureWatcher<Result<HistoryFile>>::finished, this, [this] {
        Result<HistoryFile> read = m_reading.result();
        if (!read.ok())
            return finish(read.error());
        m_file = std::move(read.value());
        keysNeeded();
    });
    connect(&m_decoding, &QFutureWatcher<Result<std::vector<DecodedPayloadsPtr>>>::finished, this, [this] {
        Result<std::vector<DecodedPayloadsPtr>> decoded = m_decoding.result();
        if (!decoded.ok())
            return finish(decoded.error());
        finish(Outcome{std::move(m_file), std::move(decoded.value()), std::move(m_keyStoreErrors)});
    });
}

HistoryLoadJob::~HistoryLoadJob()
{
    // The workers hold only the shared state; they stop at their next event and their results are dropped.
    m_shared->cancelled = true;
}

void HistoryLoadJob::start()
{
    if (m_running)
        return;
    m_running = true;
    m_stage = Stage::Reading;
    m_progressTimer.start();
    ReadOptions options = m_options;
    auto shared = m_shared;
    options.progress = [shared](qint64 done, qint64 total) {
        shared->done = done;
        shared->total = total;
        return !shared->cancelled.load();
    };
    const QString path = m_path;
    m_reading.setFuture(QtConcurrent::run([path, options]() -> Result<HistoryFile> {
        return HistoryReader(options).readFile(path);
    }));
}

void HistoryLoadJob::cancel()
{
    m_shared->cancelled = true;
    if (m_stage == Stage::FetchingKeys)
        finish(cancelledError());
}

void HistoryLoadJob::keysNeeded()
{
    if (m_shared->cancelled)
        return finish(cancelledError());
    m_stage = Stage::FetchingKeys;
    Q_EMIT progressed(m_stage, 0);
    std::set<std::string> keyIds;
    for (const History& history : m_file.histories)
        keyIds.merge(HistoryDecoder::keyIdsIn(history));
    QPointer<HistoryLoadJob> self(this);
    KeyResolver::resolve(keyIds, m_stores, [self](KeyRing ring, std::vector<Error> errors) {
        if (!self || !self->m_running || self->m_stage != Stage::FetchingKeys)
            return;
        self->m_keyStoreErrors = std::move(errors);
        self->startDecoding(std::make_shared<const KeyRing>(std::move(ring)));
    });
}

void HistoryLoadJob::startDecoding(std::shared_ptr<const KeyRing> keys)
{
    m_stage = Stage::Decoding;
    m_shared->done = 0;
    m_shared->total = 0;
    for (const History& history : m_file.histories)
        m_shared->total += history.eventCount();
    auto shared = m_shared;
    const std::vector<History> histories = m_file.histories; // shares the pages, copies no events
    auto codecServer = m_codecServer;
    m_decoding.setFuture(QtConcurrent::run([histories, keys, shared, codecServer]() -> Result<std::vector<DecodedPayloadsPtr>> {
        HistoryDecoder decoder(std::make_shared<CodecChain>(CodecChain::standard()), keys);
        decoder.setCodecServer(codecServer);
        std::vector<DecodedPayloadsPtr> all;
        qint64 before = 0;
        for (const History& history : histories) {
            HistoryDecoder::Run run;
            run.progress = [shared, before](qint64 done, qint64) {
                shared->done = before + done;
                return !shared->cancelled.load();
            };
            run.remoteProgress = [shared](qint64 done, qint64 total) {
                shared->remoteTotal = total;
                shared->remoteDone = done;
            };
            run.cancelled = &shared->cancelled;
            auto decoded = decoder.decode(history, run);
            if (!decoded.ok())
                return decoded.error();
            all.push_back(std::make_shared<const DecodedPayloads>(std::move(decoded.value())));
            before += history.eventCount();
        }
        return all;
    }));
}

void HistoryLoadJob::finish(Result<Outcome> result)
{
    if (!m_running)
        return;
    m_running = false;
    m_stage = Stage::Done;
    m_progressTimer.stop();
    m_result = std::move(result);
    Q_EMIT finished();
}

void HistoryLoadJob::pollProgress()
{
    if (m_stage == Stage::Decoding && m_shared->remoteDone >= 0) {
        const qint64 total = m_shared->remoteTotal;
        Q_EMIT progressed(Stage::CodecServer, total > 0 ? int(std::clamp<qint64>(m_shared->remoteDone * 100 / total, 0, 100)) : 0);
        return;
    }
    const qint64 total = m_shared->total;
    const qint64 done = m_shared->done;
    const int percent = total > 0 ? int(std::clamp<qint64>(done * 100 / total, 0, 100)) : 0;
    Q_EMIT progressed(m_stage, percent);
}

} // namespace hl
