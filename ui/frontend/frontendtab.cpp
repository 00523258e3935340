#include "ui/frontend/frontendtab.h"

#include "render/workflowdescription.h"
#include "session/decodetask.h"
#include "session/decodingservice.h"
#include "session/frontendhistoryjob.h"
#include "session/workthreads.h"
#include "ui/codecserver/codecserverpreferences.h"
#include "ui/codecserver/codecserverresolver.h"
#include "ui/frontend/callstackpanel.h"
#include "ui/frontend/familypanel.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QDateTime>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace hl {

FrontendTab::FrontendTab(ConnectionSettings settings, WorkflowRef workflow, std::vector<KeyStore*> stores, bool follow, QWidget* parent,
                         CodecServerResolver* codecServers)
    : HistoryTab(parent)
    , m_settings(std::move(settings))
    , m_workflow(std::move(workflow))
    , m_stores(std::move(stores))
    , m_codecServers(codecServers)
    , m_follow(follow)
    , m_source(new QLabel(this))
    , m_stateLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_reload(new QToolButton(this))
    , m_followButton(new QToolButton(this))
    , m_pauseButton(new QToolButton(this))
    , m_cancel(new QToolButton(this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_description(new QPlainTextEdit(this))
    , m_side(new QTabWidget(this))
    , m_workersWarning(new QLabel(this))
{
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long source (profile, namespace, workflow, run) is cut, not a reason to widen the window; the tooltip has it.
    m_source->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_source->setMinimumWidth(1);
    m_progress->setMaximumWidth(200);
    m_progress->setTextVisible(true);
    m_reload->setText(tr("Reload"));
    m_reload->setToolTip(tr("Fetch the history again, in place"));
    m_followButton->setText(tr("Follow"));
    m_followButton->setCheckable(true);
    m_followButton->setToolTip(tr("Append new events as they happen, until the workflow closes"));
    m_pauseButton->setText(tr("Pause"));
    m_pauseButton->setCheckable(true);
    m_pauseButton->setToolTip(tr("Hold new events back while you read; they appear when you resume"));
    m_cancel->setText(tr("Stop"));
    connect(m_reload, &QToolButton::clicked, this, &FrontendTab::reload);
    connect(m_followButton, &QToolButton::toggled, this, &FrontendTab::setFollowing);
    connect(m_pauseButton, &QToolButton::toggled, this, &FrontendTab::setPaused);
    connect(m_cancel, &QToolButton::clicked, this, &FrontendTab::cancel);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(6, 4, 6, 4);
    header->addWidget(m_source, 1);
    header->addWidget(m_stateLabel);
    header->addWidget(m_progress);
    header->addWidget(m_followButton);
    header->addWidget(m_pauseButton);
    header->addWidget(m_reload);
    header->addWidget(m_cancel);

    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stack->addWidget(m_placeholder);
    m_description->setReadOnly(true);
    m_description->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_description->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_description->setPlaceholderText(tr("The workflow's status and pending work appear here."));
    // Beside the history: what the server says of the workflow, its family, and what its worker answers.
    auto codecServer = [this] { return m_codecServer; };
    m_family = new FamilyPanel(m_settings, m_workflow, m_stores, codecServer, this);
    connect(m_family, &FamilyPanel::openWorkflowRequested, this, &HistoryTab::openWorkflowRequested);
    m_callStack = new CallStackPanel(m_settings, m_workflow, m_stores, codecServer, [this] { return inputKeyId(); }, this);
    m_side->setObjectName(QStringLiteral("workflowSide"));
    m_side->setDocumentMode(true);
    m_side->addTab(m_description, tr("Workflow"));
    m_side->addTab(m_family, tr("Family"));
    m_side->addTab(m_callStack, tr("Call Stack && Queries"));
    // A followed workflow that grows may have started children: its family is traced again, at most every few seconds.
    m_familyRefresh.setSingleShot(true);
    m_familyRefresh.setInterval(kFamilyRefreshMs);
    connect(&m_familyRefresh, &QTimer::timeout, m_family, &FamilyPanel::refreshIfLoaded);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_stack);
    splitter->addWidget(m_side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({800, 460});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    // A running workflow nobody serves: said above everything, since nothing else will change until a worker comes.
    m_workersWarning->setObjectName(QStringLiteral("workersWarning"));
    m_workersWarning->setWordWrap(true);
    m_workersWarning->setContentsMargins(8, 4, 8, 4);
    m_workersWarning->setAutoFillBackground(true);
    m_workersWarning->setTextFormat(Qt::PlainText);
    m_workersWarning->hide();
    layout->addWidget(m_workersWarning);
    layout->addWidget(splitter, 1);
    m_followButton->setChecked(m_follow);
    startJob();
}

QString FrontendTab::inputKeyId() const
{
    // The key the workflow's own input was encrypted with: what its worker's codec reads a query's arguments with.
    if (!m_view || m_view->model()->history().isEmpty())
        return {};
    const auto& first = m_view->model()->history().event(0);
    if (!first.has_workflow_execution_started_event_attributes())
        return {};
    for (const auto& payload : first.workflow_execution_started_event_attributes().input().payloads()) {
        if (auto found = payload.metadata().find("encryption-key-id"); found != payload.metadata().end())
            return QString::fromStdString(found->second);
    }
    return {};
}

QString FrontendTab::codecServerScope() const
{
    return CodecServerPreferences::frontendScope(m_settings.profile, m_settings.temporalNamespace);
}

void FrontendTab::setCodecServer(std::shared_ptr<CodecServerClient> client)
{
    m_codecServer = std::move(client);
    retryCodecServer();
}

void FrontendTab::retryCodecServer()
{
    if (m_job && m_job->isRunning()) {
        reload(); // the job's later pages decode through the new settings; the cache answers what was decoded
        return;
    }
    if (m_view) {
        m_view->setCodecServer(m_codecServer);
        m_view->redecode(m_stores);
    }
}

FrontendTab::~FrontendTab()
{
    // The job and the description's decode go with this tab: their polls and requests end within ~50 ms on their
    // own threads, and nothing here waits for them.
    if (m_job)
        m_job->disconnect(this);
    if (m_describing)
        m_describing->disconnect(this);
    delete m_view; // first, so the history and its decoded payloads are let go of on the pool, not here
    WorkThreads::instance().release(std::move(m_pendingHistory), std::move(m_pendingContext));
}

QString FrontendTab::title() const
{
    QString type;
    if (m_view)
        type = m_view->model()->history().workflowType();
    QString title = type.isEmpty() ? m_workflow.workflowId : QStringLiteral("%1 · %2").arg(type, m_workflow.workflowId);
    // Two runs of one workflow (a reset, a continue-as-new chain, a retry) are told apart by their run ids' end: the
    // start of a time-ordered (version 7) run id is the same for runs made in the same minutes.
    if (!m_workflow.runId.isEmpty())
        title += QStringLiteral(" · %1").arg(m_workflow.runId.right(8));
    return title;
}

QString FrontendTab::sourceText() const
{
    QString text = tr("%1 · namespace %2 · %3").arg(m_settings.profile.isEmpty() ? m_settings.address : tr("profile %1").arg(m_settings.profile),
                                                     m_settings.temporalNamespace, m_workflow.workflowId);
    if (!m_workflow.runId.isEmpty())
        text += tr(" · run %1").arg(m_workflow.runId);
    return text;
}

QString FrontendTab::stateText() const
{
    switch (m_state) {
    case State::Loading:
        return expectedEvents() > 0 ? tr("Loading %1 of %2 events…").arg(eventCount()).arg(expectedEvents()) : tr("Loading…");
    case State::Loaded: return eventCount() == 1 ? tr("1 event") : tr("%1 events").arg(eventCount());
    case State::Live: return tr("Live");
    case State::Paused: return tr("Paused");
    case State::Failed: return tr("Failed");
    case State::Cancelled: return tr("Stopped");
    }
    return {};
}

QString FrontendTab::descriptionText() const
{
    return m_description->toPlainText();
}

QString FrontendTab::workersWarning() const
{
    return m_workersWarning->isHidden() ? QString() : m_workersWarning->text();
}

qint64 FrontendTab::expectedEvents() const
{
    return m_job ? m_job->expectedEvents() : 0;
}

int FrontendTab::eventCount() const
{
    return m_view ? m_view->model()->history().eventCount() : 0;
}

void FrontendTab::setState(State state)
{
    m_state = state;
    m_stateLabel->setText(stateText());
    const bool running = m_job && m_job->isRunning();
    m_progress->setVisible(state == State::Loading);
    m_cancel->setVisible(running);
    m_pauseButton->setVisible(m_follow);
    m_reload->setEnabled(!running || m_follow);
    Q_EMIT changed();
}

void FrontendTab::startJob()
{
    if (m_job) {
        m_job->disconnect(this);
        m_job->cancel();
        m_job->deleteLater();
        m_job = nullptr;
    }
    m_error.clear();
    m_hasPending = false;
    if (!m_view)
        m_placeholder->setText(tr("Connecting to %1…").arg(m_settings.address));
    setState(State::Loading);
    if (!m_codecServers)
        return launchJob(nullptr);
    QPointer<FrontendTab> self(this);
    m_codecServers->resolve(codecServerScope(), m_settings.temporalNamespace, &m_settings,
                            [self](std::shared_ptr<CodecServerClient> client) {
                                if (self)
                                    self->launchJob(std::move(client));
                            });
}

void FrontendTab::launchJob(std::shared_ptr<CodecServerClient> codecServer)
{
    m_codecServer = std::move(codecServer);
    FrontendHistoryJob::Options options;
    options.follow = m_follow;
    m_job = new FrontendHistoryJob(m_settings, m_workflow, m_stores, options, this);
    m_job->setCodecServer(m_codecServer);
    if (m_view)
        m_view->setCodecServer(m_codecServer);
    connect(m_job, &FrontendHistoryJob::progressed, this, [this](qint64 received, qint64 expected) {
        m_progress->setRange(0, int(qMax<qint64>(expected, 1)));
        m_progress->setValue(int(qMin(received, qMax<qint64>(expected, 1))));
        m_stateLabel->setText(stateText());
    });
    connect(m_job, &FrontendHistoryJob::codecServerProgressed, this, [this](qint64 done, qint64 total) {
        if (m_state == State::Loading && done < total)
            m_stateLabel->setText(tr("Codec Server: %1 of %2 payloads…").arg(done).arg(total));
    });
    connect(m_job, &FrontendHistoryJob::described, this, [this] {
        m_workflow.runId = m_job->workflow().runId;
        m_source->setText(sourceText());
        m_source->setToolTip(sourceText());
        m_family->setWorkflow(m_workflow);
        m_callStack->setWorkflow(m_workflow);
        showDescription();
        if (m_follow && !m_familyRefresh.isActive())
            m_familyRefresh.start();
    });
    connect(m_job, &FrontendHistoryJob::eventsAdded, this, [this] {
        PayloadContext context;
        context.decoded = m_job->decoded();
        if (m_view)
            context.types = m_view->model()->payloadContext().types;
        deliver(m_job->history(), context);
        if (m_follow)
            showDescription(); // the events it counts and the pending work it shows have changed
    });
    connect(m_job, &FrontendHistoryJob::caughtUp, this, [this] {
        showDescription();
        setState(m_paused ? State::Paused : State::Live);
        loadEnded();
    });
    connect(m_job, &FrontendHistoryJob::finished, this, &FrontendTab::jobFinished);
    m_source->setText(sourceText());
    m_job->start();
    setState(State::Loading);
}

void FrontendTab::deliver(const History& history, const PayloadContext& context)
{
    if (m_paused && m_view && !m_replaceOnDelivery) {
        m_pendingHistory = history;
        m_pendingContext = context;
        m_hasPending = true;
        m_stateLabel->setText(tr("Paused (new events held back)"));
        return;
    }
    if (!m_view) {
        m_view = new HistoryView(history, context, sourceText(), m_stack);
        m_view->setWorkflowLinksEnabled(true);
        m_view->setRunsUntilNow(true);
        m_view->setCodecServer(m_codecServer);
        adopt(m_view);
        m_stack->addWidget(m_view);
        m_stack->setCurrentWidget(m_view);
    } else if (m_replaceOnDelivery) {
        m_view->replaceHistory(history, context);
    } else {
        m_view->appendHistory(history, context);
    }
    m_replaceOnDelivery = false;
    m_stateLabel->setText(stateText());
    Q_EMIT changed();
}

void FrontendTab::jobFinished()
{
    const Result<void>& result = m_job->result();
    showDescription();
    if (result.ok()) {
        setState(State::Loaded);
        if (m_follow) {
            m_follow = false; // the workflow closed
            m_followButton->blockSignals(true);
            m_followButton->setChecked(false);
            m_followButton->blockSignals(false);
            m_pauseButton->setChecked(false);
        }
        if (!m_view) // an empty history is still a history
            deliver(m_job->history(), PayloadContext{m_job->decoded(), nullptr});
    } else if (result.error().code == ErrorCode::Cancelled) {
        setState(State::Cancelled);
    } else {
        m_error = result.error().toString();
        if (!m_view) {
            m_placeholder->setText(tr("Could not load %1:\n\n%2").arg(m_workflow.describe(), m_error));
        }
        m_stateLabel->setToolTip(m_error);
        setState(State::Failed);
    }
    Q_EMIT loadFinished();
    loadEnded();
}

void FrontendTab::showDescription()
{
    if (!m_job || !m_job->description())
        return;
    if (m_describing) { // superseded by a newer description
        m_describing->disconnect(this);
        m_describing->cancel();
        m_describing->deleteLater();
    }
    const auto description = m_job->description();
    const auto workers = m_job->workers();
    // The description, then who polls its task queues.
    auto text = [workers](QStringList lines) {
        if (workers && !workers->empty())
            lines << QString() << TaskQueueWorkers::lines(*workers, QDateTime::currentMSecsSinceEpoch());
        return lines.join(QLatin1Char('\n'));
    };
    const QStringList warnings = workers ? TaskQueueWorkers::warnings(*workers, *description) : QStringList();
    m_workersWarning->setText(warnings.join(QLatin1Char('\n')));
    m_workersWarning->setVisible(!warnings.isEmpty());
    if (!warnings.isEmpty()) {
        QPalette palette = m_workersWarning->palette();
        const bool dark = palette.color(QPalette::Base).lightness() < 128;
        palette.setColor(QPalette::Window, dark ? QColor(0x4a, 0x3f, 0x1c) : QColor(0xff, 0xf2, 0xcc));
        palette.setColor(QPalette::WindowText, dark ? QColor(0xf0, 0xc6, 0x5a) : QColor(0x6b, 0x46, 0x00));
        m_workersWarning->setPalette(palette);
    }
    if (m_description->toPlainText().isEmpty()) // until its payloads are decoded
        m_description->setPlainText(text(WorkflowDescription::lines(*description, PayloadContext{std::make_shared<const DecodedPayloads>(), nullptr})));
    DecodeRequest request = WorkflowDescription::decodeRequest(description);
    request.knownKeys = m_job->keys();
    request.stores = m_stores;
    request.codecServer = m_codecServer;
    m_describing = DecodingService::decode(std::move(request), this);
    connect(m_describing, &DecodeTask::finished, this, [this, description, text] {
        DecodeTask* task = m_describing;
        m_describing = nullptr;
        task->deleteLater();
        PayloadContext context{std::make_shared<const DecodedPayloads>(), nullptr};
        if (task->result().ok())
            context.decoded = task->result().value();
        m_description->setPlainText(text(WorkflowDescription::lines(*description, context)));
    });
}

void FrontendTab::reload()
{
    m_replaceOnDelivery = m_view != nullptr;
    startJob();
}

void FrontendTab::setFollowing(bool follow)
{
    if (follow == m_follow)
        return;
    m_follow = follow;
    if (!follow) {
        setPaused(false);
        if (m_job && m_job->isRunning())
            m_job->cancel();
        return;
    }
    reload();
}

void FrontendTab::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (m_pauseButton->isChecked() != paused)
        m_pauseButton->setChecked(paused);
    if (!paused && m_hasPending) {
        m_hasPending = false;
        deliver(m_pendingHistory, m_pendingContext);
    }
    if (m_state == State::Live || m_state == State::Paused)
        setState(paused ? State::Paused : State::Live);
}

void FrontendTab::cancel()
{
    if (m_job)
        m_job->cancel();
}

} // namespace hl
