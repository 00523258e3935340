#include "ui/history/filetab.h"

#include "session/historyloadjob.h"
#include "session/workthreads.h"
#include "ui/codecserver/codecserverpreferences.h"
#include "ui/codecserver/codecserverresolver.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"

#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace hl {

namespace {

QString stageText(HistoryLoadJob::Stage stage)
{
    switch (stage) {
    case HistoryLoadJob::Stage::Reading: return QObject::tr("Reading");
    case HistoryLoadJob::Stage::FetchingKeys: return QObject::tr("Fetching keys");
    case HistoryLoadJob::Stage::Decoding: return QObject::tr("Decoding payloads");
    case HistoryLoadJob::Stage::CodecServer: return QObject::tr("Decoding through the Codec Server");
    case HistoryLoadJob::Stage::Done: break;
    }
    return {};
}

} // namespace

FileTab::FileTab(QString path, std::vector<KeyStore*> stores, CodecServerResolver* codecServers, QWidget* parent)
    : FileTab(std::move(path), std::move(stores), codecServers, true, parent)
{
}

FileTab::FileTab(QString path, std::vector<KeyStore*> stores, CodecServerResolver* codecServers, bool load, QWidget* parent)
    : HistoryTab(parent)
    , m_path(std::move(path))
    , m_stores(std::move(stores))
    , m_codecServers(codecServers)
    , m_stack(new QStackedWidget(this))
    , m_loading(new QWidget(this))
    , m_loadingText(new QLabel(m_loading))
    , m_progress(new QProgressBar(m_loading))
    , m_cancelButton(new QPushButton(tr("Cancel"), m_loading))
{
    m_loadingText->setAlignment(Qt::AlignCenter);
    m_loadingText->setWordWrap(true);
    m_progress->setRange(0, 100);
    m_progress->setMinimumWidth(360); // room for "Decoding through the Codec Server 100%"
    m_progress->setMaximumWidth(480);
    connect(m_cancelButton, &QPushButton::clicked, this, &FileTab::cancel);
    auto* loadingLayout = new QVBoxLayout(m_loading);
    loadingLayout->addStretch(1);
    loadingLayout->addWidget(m_loadingText);
    loadingLayout->addWidget(m_progress, 0, Qt::AlignHCenter);
    loadingLayout->addWidget(m_cancelButton, 0, Qt::AlignHCenter);
    loadingLayout->addStretch(1);
    m_stack->addWidget(m_loading);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    if (load)
        startJob();
}

FileTab* FileTab::opened(QString path, std::shared_ptr<const HistoryFile> file, size_t index, DecodedPayloadsPtr decoded,
                         std::shared_ptr<CodecServerClient> codecServer, std::vector<KeyStore*> stores,
                         CodecServerResolver* codecServers)
{
    auto* tab = new FileTab(std::move(path), std::move(stores), codecServers, false, nullptr);
    tab->m_file = std::move(file);
    tab->m_codecServer = std::move(codecServer);
    tab->m_decoded.assign(tab->m_file->histories.size(), nullptr);
    tab->m_decoded[index] = std::move(decoded);
    tab->showHistory(index);
    return tab;
}

FileTab::~FileTab()
{
    // The job goes with this tab; its reader and decoders stop on their own, and nothing waits for them.
    if (m_job)
        m_job->disconnect(this);
    delete m_view; // first, so the history and its decoded payloads are let go of on the pool, not here
    WorkThreads::instance().release(std::move(m_file), std::move(m_decoded));
}

QString FileTab::title() const
{
    const QString file = QFileInfo(m_file ? m_file->sourceName : m_path).fileName();
    const QString workflow = m_view ? m_view->model()->history().workflowType() : QString();
    // A file of several runs opens one tab each: the run id's end tells them apart (a time-ordered id's start does not).
    const QString run = m_file && m_file->histories.size() > 1 && m_view ? m_view->model()->history().runId().right(8) : QString();
    const QString where = run.isEmpty() ? file : QStringLiteral("%1 · run %2").arg(file, run);
    return workflow.isEmpty() ? where : QStringLiteral("%1 (%2)").arg(workflow, where);
}

QString FileTab::sourceText() const
{
    return m_file ? m_file->sourceName : m_path;
}

QString FileTab::stateText() const
{
    if (isLoading())
        return tr("Loading…");
    if (!m_error.isEmpty())
        return tr("Failed");
    return {};
}

bool FileTab::isLoading() const
{
    return m_resolving || (m_job && m_job->isRunning());
}

QString FileTab::codecServerScope() const
{
    return CodecServerPreferences::fileScope();
}

void FileTab::startJob()
{
    if (m_job) {
        m_job->disconnect(this);
        m_job->cancel();
        m_job->deleteLater();
    }
    m_error.clear();
    m_cancelled = false;
    m_job = new HistoryLoadJob(m_path, m_stores, {}, this);
    connect(m_job, &HistoryLoadJob::progressed, this, [this](HistoryLoadJob::Stage stage, int percent) {
        m_progress->setValue(percent);
        m_progress->setFormat(stageText(stage) + QStringLiteral(" %p%"));
    });
    connect(m_job, &HistoryLoadJob::finished, this, &FileTab::jobFinished);
    m_loadingText->setText(tr("Opening %1…").arg(QFileInfo(m_path).fileName()));
    m_progress->setValue(0);
    m_progress->setFormat(stageText(HistoryLoadJob::Stage::Reading) + QStringLiteral(" %p%"));
    if (!m_view)
        m_stack->setCurrentWidget(m_loading);
    if (!m_codecServers) {
        m_job->start();
        Q_EMIT changed();
        return;
    }
    m_resolving = true;
    QPointer<FileTab> self(this);
    QPointer<HistoryLoadJob> job = m_job;
    m_codecServers->resolve(codecServerScope(), QString(), nullptr, [self, job](std::shared_ptr<CodecServerClient> client) {
        if (!self)
            return;
        self->m_resolving = false;
        if (!job || job != self->m_job)
            return;
        self->m_codecServer = std::move(client);
        job->setCodecServer(self->m_codecServer);
        job->start();
    });
    Q_EMIT changed();
}

void FileTab::jobFinished()
{
    HistoryLoadJob* job = m_job;
    m_job = nullptr;
    job->deleteLater();
    const auto& result = job->result();
    if (!result.ok()) {
        m_cancelled = result.error().code == ErrorCode::Cancelled;
        m_error = m_cancelled ? QString() : result.error().toString();
        if (!m_view)
            m_loadingText->setText(m_cancelled ? tr("Loading cancelled") : tr("Could not open %1:\n\n%2").arg(m_path, m_error));
        m_progress->setVisible(false);
        m_cancelButton->setVisible(false);
    } else {
        const auto& outcome = result.value();
        for (const Error& error : outcome.keyStoreErrors)
            Q_EMIT message(error.toString());
        m_file = std::make_shared<const HistoryFile>(outcome.file);
        m_decoded = outcome.decoded;
        if (m_file->histories.size() == 1 || m_view)
            showHistory(m_view ? m_index : 0);
    }
    Q_EMIT changed();
    Q_EMIT loadFinished();
    loadEnded();
}

void FileTab::showHistory(size_t index)
{
    if (!m_file || index >= m_file->histories.size())
        return;
    m_index = index;
    PayloadContext context;
    context.decoded = m_decoded[index];
    const History& history = m_file->histories[index];
    if (m_view) {
        context.types = m_view->model()->payloadContext().types;
        m_view->replaceHistory(history, context); // reloaded in place
    } else {
        m_view = new HistoryView(history, context, m_file->sourceName, m_stack);
        adopt(m_view);
        m_stack->addWidget(m_view);
        m_stack->setCurrentWidget(m_view);
    }
    m_view->setCodecServer(m_codecServer);
    Q_EMIT changed();
}

void FileTab::reload()
{
    if (m_path.startsWith(QLatin1Char(':')) || m_path == QLatin1String("-"))
        return; // the bundled demo and standard input cannot be read again
    m_progress->setVisible(true);
    m_cancelButton->setVisible(true);
    startJob();
}

void FileTab::cancel()
{
    m_resolving = false;
    if (m_job)
        m_job->cancel(); // finished() follows at once
}

void FileTab::setCodecServer(std::shared_ptr<CodecServerClient> client)
{
    m_codecServer = std::move(client);
    if (isLoading())
        return startJob(); // the load in progress starts again through the new settings
    if (m_view) {
        m_view->setCodecServer(m_codecServer);
        m_view->redecode(m_stores);
    }
}

} // namespace hl
