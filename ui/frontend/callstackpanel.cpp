#include "ui/frontend/callstackpanel.h"

#include "codec/payloadencoder.h"
#include "codecserver/codecserverclient.h"
#include "frontend/frontendclient.h"
#include "keys/keyresolver.h"
#include "render/enhancedstacktrace.h"
#include "render/failurechain.h"
#include "render/readablepayload.h"
#include "render/workflowmetadata.h"
#include "session/frontendinquiry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace hl {

namespace {

using Payload = temporal::api::common::v1::Payload;
using QueryResponse = FrontendClient::QueryResponse;

const char* const kStackTrace = "__stack_trace";
const char* const kEnhancedStackTrace = "__enhanced_stack_trace";
const char* const kMetadata = "__temporal_workflow_metadata";

enum EncodingChoice { EncodeWithKey, EncodeThroughCodecServer, EncodePlain };

// What one ask brought: the worker's metadata (when it answers it) and the stack, or why not.
struct StackAnswer {
    std::shared_ptr<QueryResponse> metadata;
    std::shared_ptr<QueryResponse> stack;
    Error stackError;
    bool enhanced = false;
};

// What a worker answers is not trusted to be small: a pane shows at most this much of it.
constexpr qsizetype kMaxShownChars = 1024 * 1024;
constexpr qsizetype kMaxReadBytes = 16 * 1024 * 1024; // an answer larger than this is not read at all

QString bounded(QString text)
{
    if (text.size() > kMaxShownChars) {
        text.truncate(kMaxShownChars);
        text += QLatin1Char('\n') + QObject::tr("(cut here: the answer goes on past 1 MiB)");
    }
    return text;
}

// The answer's value, unless it is too large to read here.
QJsonValue readValue(const Payload& payload, const PayloadContext& context, QString* tooLarge)
{
    const qsizetype size = qsizetype(context.shown(payload)->data().size());
    if (size > kMaxReadBytes) {
        *tooLarge = QObject::tr("(an answer of %1 MiB, too large to show here; historylens-cli query prints it)").arg(size / (1024 * 1024));
        return {};
    }
    return ReadablePayload::valueOf(payload, context);
}

QString valueText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

void addPayloads(DecodeRequest& request, const std::shared_ptr<QueryResponse>& response)
{
    if (!response)
        return;
    for (const auto& payload : response->query_result().payloads())
        request.payloads.push_back(&payload);
}

} // namespace

// What asking a query came to: the answer, or the worker's failure (its reason may be encoded).
struct QueryOutcome {
    std::shared_ptr<QueryResponse> response;
    std::shared_ptr<const temporal::api::failure::v1::Failure> workerFailure;
    QString serverSaid;
};

struct CallStackPanel::Arguments {
    std::vector<Payload> payloads;
};

CallStackPanel::CallStackPanel(ConnectionSettings settings, WorkflowRef workflow, std::vector<KeyStore*> stores,
                               std::function<std::shared_ptr<CodecServerClient>()> codecServer, std::function<QString()> inputKeyId,
                               QWidget* parent)
    : QWidget(parent)
    , m_settings(std::move(settings))
    , m_workflow(std::move(workflow))
    , m_stores(std::move(stores))
    , m_codecServer(std::move(codecServer))
    , m_inputKeyId(std::move(inputKeyId))
    , m_refresh(new QToolButton(this))
    , m_enhanced(new QCheckBox(tr("Enhanced"), this))
    , m_state(new QLabel(this))
    , m_stack(new QPlainTextEdit(this))
    , m_queries(new QComboBox(this))
    , m_queryDescription(new QLabel(this))
    , m_arguments(new QPlainTextEdit(this))
    , m_encoding(new QComboBox(this))
    , m_run(new QPushButton(tr("Run Query"), this))
    , m_answer(new QPlainTextEdit(this))
    , m_handlers(new QLabel(this))
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Ask the worker for the call stack again"));
    connect(m_refresh, &QToolButton::clicked, this, &CallStackPanel::refreshOrCancel);
    m_enhanced->setChecked(true);
    m_enhanced->setToolTip(tr("Each frame's file and line, and its line of code, where the SDK answers __enhanced_stack_trace"));
    connect(m_enhanced, &QCheckBox::toggled, this, [this] {
        if (m_loaded)
            refresh();
    });
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_stack->setObjectName(QStringLiteral("callStack"));
    m_stack->setReadOnly(true);
    m_stack->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_stack->setFont(fixed);
    m_stack->setPlaceholderText(tr("The call stack appears here once the worker answers."));

    m_queries->setObjectName(QStringLiteral("queryName"));
    m_queries->setEditable(true);
    m_queries->setInsertPolicy(QComboBox::NoInsert);
    m_queries->lineEdit()->setPlaceholderText(tr("Query name"));
    connect(m_queries, &QComboBox::currentTextChanged, this, &CallStackPanel::describeQuery);
    m_queryDescription->setWordWrap(true);
    m_queryDescription->setTextFormat(Qt::PlainText);
    m_arguments->setObjectName(QStringLiteral("queryArguments"));
    m_arguments->setFont(fixed);
    m_arguments->setPlaceholderText(tr("Arguments as JSON, one per line: \"maria\", {\"id\": 7}"));
    m_arguments->setMaximumHeight(m_arguments->fontMetrics().lineSpacing() * 4 + 12);
    m_arguments->setTabChangesFocus(true);
    m_arguments->setToolTip(tr("One JSON value a line; Ctrl+Enter runs the query"));
    // Enter in the name, or Ctrl+Enter anywhere in the pane, runs the query.
    connect(m_queries->lineEdit(), &QLineEdit::returnPressed, this, &CallStackPanel::runQuery);
    for (const QKeySequence& keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto* run = new QShortcut(keys, this);
        run->setContext(Qt::WidgetWithChildrenShortcut);
        connect(run, &QShortcut::activated, this, &CallStackPanel::runQuery);
    }
    // An answer to other inputs is not this one's: it is dimmed until the query runs again.
    auto stale = [this] {
        if (!m_answer->toPlainText().isEmpty() && !m_querying)
            m_answer->setEnabled(false);
    };
    connect(m_queries, &QComboBox::currentTextChanged, this, stale);
    connect(m_arguments, &QPlainTextEdit::textChanged, this, stale);
    m_encoding->setObjectName(QStringLiteral("queryEncoding"));
    m_encoding->setToolTip(tr("How the arguments reach the worker: encrypted as its codec expects, or in the clear"));
    connect(m_encoding, &QComboBox::activated, this, [this] { m_encodingChosen = true; });
    m_run->setDefault(false);
    m_run->setToolTip(tr("Run the query (Ctrl+Enter)"));
    connect(m_run, &QPushButton::clicked, this, &CallStackPanel::runQuery);
    m_answer->setObjectName(QStringLiteral("queryAnswer"));
    m_answer->setReadOnly(true);
    m_answer->setFont(fixed);
    m_answer->setPlaceholderText(tr("The query's answer, decoded."));
    m_handlers->setWordWrap(true);
    m_handlers->setTextFormat(Qt::PlainText);
    m_handlers->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* top = new QWidget(this);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_state, 1);
    header->addWidget(m_enhanced);
    header->addWidget(m_refresh);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(6, 4, 6, 4);
    topLayout->addLayout(header);
    topLayout->addWidget(m_stack, 1);

    auto* bottom = new QWidget(this);
    auto* form = new QFormLayout;
    auto* nameRow = new QHBoxLayout;
    nameRow->addWidget(m_queries, 1);
    nameRow->addWidget(m_run);
    form->addRow(tr("Query:"), nameRow);
    form->addRow(QString(), m_queryDescription);
    form->addRow(tr("Arguments:"), m_arguments);
    form->addRow(tr("Encode with:"), m_encoding);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(6, 4, 6, 4);
    bottomLayout->addLayout(form);
    bottomLayout->addWidget(m_answer, 1);
    bottomLayout->addWidget(m_handlers);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    m_state->setText(tr("The worker is asked when this panel is shown."));
    fillEncodings();
}

CallStackPanel::~CallStackPanel() = default; // inquiries go with their parent, their answers with them

void CallStackPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    fillEncodings();
    if (!m_loaded && !m_asking)
        refresh();
}

void CallStackPanel::setWorkflow(const WorkflowRef& workflow)
{
    if (workflow.workflowId == m_workflow.workflowId && workflow.runId == m_workflow.runId)
        return;
    m_workflow = workflow;
    // What was asked of the run before is not this run's answer.
    ++m_queryGeneration;
    if (m_querying) {
        m_querying->disconnect(this);
        m_querying->deleteLater();
        m_run->setEnabled(true);
    }
    m_answer->clear();
    if (m_loaded)
        refresh();
}

QString CallStackPanel::stackText() const
{
    return m_stack->toPlainText();
}

QString CallStackPanel::stateText() const
{
    return m_state->text();
}

QString CallStackPanel::answerText() const
{
    return m_answer->toPlainText();
}

bool CallStackPanel::isBusy() const
{
    return m_asking || m_querying;
}

void CallStackPanel::fillEncodings()
{
    const int previous = m_encoding->currentData().toInt();
    m_encoding->clear();
    const QString keyId = m_inputKeyId ? m_inputKeyId() : QString();
    if (!keyId.isEmpty())
        m_encoding->addItem(tr("Key %1, as the workflow's input").arg(keyId), int(EncodeWithKey));
    if (m_codecServer && m_codecServer())
        m_encoding->addItem(tr("The Codec Server's /encode"), int(EncodeThroughCodecServer));
    m_encoding->addItem(tr("Plain JSON (no codec)"), int(EncodePlain));
    // The first offered (the input's key, else the Codec Server) unless the user chose another.
    if (m_encodingChosen) {
        if (const int index = m_encoding->findData(previous); index >= 0)
            m_encoding->setCurrentIndex(index);
    }
}

void CallStackPanel::refreshOrCancel()
{
    if (!m_asking)
        return refresh();
    // Dropped: its calls end with it, and what was shown stays, said to be older.
    m_asking->disconnect(this);
    m_asking->deleteLater();
    m_asking = nullptr;
    restoreRefresh();
    m_state->setText(m_asOf.isEmpty() ? tr("Cancelled.") : tr("Cancelled; what is shown is as of %1.").arg(m_asOf));
}

void CallStackPanel::restoreRefresh()
{
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Ask the worker for the call stack again"));
}

void CallStackPanel::refresh()
{
    if (m_asking) {
        m_asking->disconnect(this);
        m_asking->deleteLater();
    }
    const WorkflowRef workflow = m_workflow;
    const bool wantEnhanced = m_enhanced->isChecked();
    m_asking = new FrontendInquiry(m_settings, m_stores, m_codecServer ? m_codecServer() : nullptr,
                                   [workflow, wantEnhanced](FrontendClient& client) -> Result<FrontendInquiry::Answer> {
                                       auto answer = std::make_shared<StackAnswer>();
                                       // What the worker handles (an SDK that predates the metadata query fails it).
                                       auto metadata = client.query(workflow, QString::fromLatin1(kMetadata));
                                       if (metadata)
                                           answer->metadata = std::make_shared<QueryResponse>(std::move(metadata.value()));
                                       // No worker to answer, a workflow that will not, or no server: asking for the
                                       // stack would wait as long again.
                                       if (!metadata && metadata.error().code != ErrorCode::ServerError) {
                                           answer->stackError = metadata.error();
                                           return FrontendInquiry::Answer{answer, DecodeRequest()};
                                       }
                                       // The enhanced stack where the SDK answers it (its metadata may be encrypted, so
                                       // it is asked), else the plain one.
                                       bool enhanced = false;
                                       Result<QueryResponse> stack = Error{ErrorCode::NotFound, QString()};
                                       if (wantEnhanced) {
                                           stack = client.query(workflow, QString::fromLatin1(kEnhancedStackTrace));
                                           enhanced = stack.ok();
                                       }
                                       // Asked again plainly unless nobody will answer at all.
                                       if (!enhanced && !(wantEnhanced && stack.error().code == ErrorCode::Unavailable))
                                           stack = client.query(workflow, QString::fromLatin1(kStackTrace));
                                       if (!stack)
                                           answer->stackError = stack.error();
                                       else
                                           answer->stack = std::make_shared<QueryResponse>(std::move(stack.value()));
                                       answer->enhanced = enhanced;
                                       DecodeRequest request;
                                       addPayloads(request, answer->metadata);
                                       addPayloads(request, answer->stack);
                                       request.payloadsOwner = answer;
                                       return FrontendInquiry::Answer{answer, std::move(request)};
                                   },
                                   this);
    connect(m_asking, &FrontendInquiry::finished, this, &CallStackPanel::stackAnswered);
    m_asking->start();
    m_refresh->setText(tr("Cancel"));
    m_refresh->setToolTip(tr("Stop asking; what is shown stays"));
    m_state->setText(m_asOf.isEmpty() ? tr("Asking the worker…")
                                      : tr("Asking the worker… (what is shown is as of %1)").arg(m_asOf));
}

void CallStackPanel::stackAnswered()
{
    FrontendInquiry* inquiry = m_asking;
    m_asking = nullptr;
    inquiry->deleteLater();
    restoreRefresh();
    m_loaded = true;
    const QString time = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss t"));
    const QString asOf = tr("as of %1").arg(time);
    if (!inquiry->result()) {
        m_state->setText(tr("The worker was not reached: %1").arg(inquiry->result().error().message));
        Q_EMIT answered();
        return;
    }
    const auto answer = std::static_pointer_cast<const StackAnswer>(inquiry->result().value());
    const PayloadContext& context = inquiry->context();
    QString ignored;
    if (answer->metadata && answer->metadata->query_result().payloads_size() > 0) {
        const WorkflowMetadata metadata = WorkflowMetadata::fromJson(readValue(answer->metadata->query_result().payloads(0), context, &ignored));
        const QString typed = m_queries->currentText();
        m_queries->blockSignals(true);
        m_queries->clear();
        m_queryDescriptions.clear();
        for (const auto& query : metadata.queries()) {
            if (query.name.startsWith(QLatin1String("__")))
                continue; // the SDK's own, asked through this panel already
            m_queries->addItem(query.name);
            m_queryDescriptions.emplace_back(query.name, query.description);
        }
        m_queries->setEditText(typed.isEmpty() && m_queries->count() > 0 ? m_queries->itemText(0) : typed);
        m_queries->blockSignals(false);
        describeQuery();
        QStringList handlers;
        auto list = [](const std::vector<WorkflowMetadata::Handler>& all) {
            QStringList names;
            for (const auto& handler : all)
                names << (handler.description.isEmpty() ? handler.name
                                                        : QStringLiteral("%1 (%2)").arg(handler.name, handler.description.section(QLatin1Char('\n'), 0, 0)));
            return names.isEmpty() ? tr("none") : names.join(QStringLiteral(", "));
        };
        handlers << tr("Signals: %1").arg(list(metadata.signalHandlers())) << tr("Updates: %1").arg(list(metadata.updates()));
        if (!metadata.currentDetails().isEmpty())
            handlers << tr("Current details: %1").arg(metadata.currentDetails());
        m_handlers->setText(handlers.join(QLatin1Char('\n')));
    } else { // this worker does not say what it handles: nothing of another's is offered
        const QString typed = m_queries->currentText();
        m_queries->blockSignals(true);
        m_queries->clear();
        m_queries->setEditText(typed);
        m_queries->blockSignals(false);
        m_queryDescriptions.clear();
        describeQuery();
    }
    if (!answer->stack) {
        m_stack->setPlainText(QString());
        m_stack->setPlaceholderText(tr("No call stack: %1").arg(answer->stackError.message));
        m_asOf.clear();
        m_state->setText(tr("No call stack %1: %2").arg(asOf, answer->stackError.message));
        Q_EMIT answered();
        return;
    }
    QStringList lines;
    QString sdk;
    bool hiddenOwnTask = false;
    for (const auto& payload : answer->stack->query_result().payloads()) {
        QString tooLarge;
        const QJsonValue value = readValue(payload, context, &tooLarge);
        if (!tooLarge.isEmpty()) {
            lines << tooLarge;
            continue;
        }
        if (answer->enhanced && value.isObject()) {
            EnhancedStackTrace trace = EnhancedStackTrace::fromJson(value);
            hiddenOwnTask |= trace.dropQueryHandlers();
            sdk = trace.sdk();
            QStringList traceLines = trace.lines(true);
            if (!traceLines.isEmpty() && traceLines.front().startsWith(QLatin1String("From ")))
                traceLines.removeFirst();
            while (!traceLines.isEmpty() && traceLines.front().isEmpty())
                traceLines.removeFirst();
            lines << traceLines;
        } else {
            lines << valueText(value);
        }
    }
    m_stack->setPlainText(bounded(lines.join(QLatin1Char('\n'))));
    m_asOf = time;
    QString state = tr("Call stack %1").arg(asOf);
    if (!sdk.isEmpty())
        state += QStringLiteral(" · ") + sdk;
    if (m_enhanced->isChecked() && !answer->enhanced)
        state += QStringLiteral(" · ") + tr("the worker has no enhanced stack trace");
    if (hiddenOwnTask)
        state += QStringLiteral(" · ") + tr("the task answering this query is left out");
    if (sdk.startsWith(QLatin1String("sdk-python")))
        state += QLatin1Char('\n') + tr("The Python SDK names where each task was started, not the line it waits on.");
    m_state->setText(state);
    Q_EMIT answered();
}

void CallStackPanel::describeQuery()
{
    const QString name = m_queries->currentText();
    QString description;
    for (const auto& [query, text] : m_queryDescriptions) {
        if (query == name)
            description = text;
    }
    // The line stays when empty, so the fields below it do not move as names are typed.
    m_queryDescription->setText(description.isEmpty() ? QStringLiteral(" ") : description);
}

void CallStackPanel::runQuery()
{
    const QString name = m_queries->currentText().trimmed();
    if (name.isEmpty()) {
        m_answer->setPlainText(tr("Name the query to run."));
        return;
    }
    auto arguments = std::make_shared<Arguments>();
    const QStringList lines = m_arguments->toPlainText().split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].trimmed().isEmpty())
            continue;
        auto payload = PayloadEncoder::jsonPayload(lines[i]);
        if (!payload) {
            m_answer->setPlainText(tr("Line %1: %2").arg(i + 1).arg(payload.error().message));
            return;
        }
        arguments->payloads.push_back(std::move(payload.value()));
    }
    const int generation = ++m_queryGeneration;
    m_answer->setPlainText(tr("Asking %1…").arg(name));
    m_answer->setEnabled(true);
    m_run->setEnabled(false);
    const int choice = m_encoding->currentData().toInt();
    if (arguments->payloads.empty() || choice == EncodePlain)
        return askQuery(arguments, false);
    if (choice == EncodeThroughCodecServer)
        return askQuery(arguments, true);
    // Encrypted with the key the workflow's input uses, asked of the stores here (keychains answer on this thread).
    const std::string keyId = m_inputKeyId().toStdString();
    QPointer<CallStackPanel> self(this);
    KeyResolver::resolve({keyId}, m_stores, [self, generation, arguments, keyId](KeyRing ring, std::vector<Error> storeErrors) {
        if (!self || generation != self->m_queryGeneration)
            return;
        for (auto& payload : arguments->payloads) {
            auto sealed = PayloadEncoder::encrypted(payload, ring, keyId);
            if (!sealed) {
                QString message = sealed.error().message;
                if (!storeErrors.empty())
                    message += QStringLiteral(" (%1)").arg(storeErrors.front().message);
                self->m_answer->setPlainText(tr("The arguments could not be encoded: %1").arg(message));
                self->m_run->setEnabled(true);
                return;
            }
            payload = std::move(sealed.value());
        }
        self->askQuery(arguments, false);
    });
}

void CallStackPanel::askQuery(std::shared_ptr<Arguments> arguments, bool throughCodecServer)
{
    if (m_querying) {
        m_querying->disconnect(this);
        m_querying->deleteLater();
    }
    const WorkflowRef workflow = m_workflow;
    const QString name = m_queries->currentText().trimmed();
    std::shared_ptr<CodecServerClient> codecServer = m_codecServer ? m_codecServer() : nullptr;
    m_querying = new FrontendInquiry(
        m_settings, m_stores, codecServer,
        [workflow, name, arguments, throughCodecServer, codecServer](FrontendClient& client) -> Result<FrontendInquiry::Answer> {
            if (throughCodecServer) {
                if (!codecServer)
                    return Error{ErrorCode::UsageError, QObject::tr("no Codec Server is set for this tab")};
                // On this thread of the blocking pool, in a local event loop: a network wait, as the query is.
                if (auto encoded = codecServer->encodeInPlace(arguments->payloads, client.cancelFlag()); !encoded)
                    return encoded.error();
            }
            auto outcome = std::make_shared<QueryOutcome>();
            auto response = client.query(workflow, name, arguments->payloads, &outcome->workerFailure);
            DecodeRequest request;
            if (!response && outcome->workerFailure) {
                // The worker's reason, which its failure converter may have encrypted: decoded as any payload.
                outcome->serverSaid = response.error().message.section(QStringLiteral("(server said: "), 1).chopped(1);
                request.payloads = FailureChain::encodedAttributes(*outcome->workerFailure);
                request.payloadsOwner = outcome;
                return FrontendInquiry::Answer{outcome, std::move(request)};
            }
            if (!response)
                return response.error();
            outcome->response = std::make_shared<QueryResponse>(std::move(response.value()));
            addPayloads(request, outcome->response);
            request.payloadsOwner = outcome;
            return FrontendInquiry::Answer{outcome, std::move(request)};
        },
        this);
    connect(m_querying, &FrontendInquiry::finished, this, &CallStackPanel::queryAnswered);
    m_querying->start();
}

void CallStackPanel::queryAnswered()
{
    FrontendInquiry* inquiry = m_querying;
    m_querying = nullptr;
    inquiry->deleteLater();
    m_run->setEnabled(true);
    m_answer->setEnabled(true);
    const QString asOf = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    if (!inquiry->result()) {
        m_answer->setPlainText(tr("No answer (%1): %2").arg(asOf, inquiry->result().error().message));
        Q_EMIT answered();
        return;
    }
    const auto outcome = std::static_pointer_cast<const QueryOutcome>(inquiry->result().value());
    if (!outcome->response) {
        QString reason = outcome->workerFailure ? FailureChain::of(*outcome->workerFailure, inquiry->context()).messages() : QString();
        if (reason.isEmpty())
            reason = outcome->serverSaid.isEmpty() ? tr("no reason was passed on")
                                                   : tr("no reason was passed on (the server said: %1)").arg(outcome->serverSaid);
        QString text = tr("The worker failed the query (%1): %2").arg(asOf, reason);
        // An unknown name is the likeliest cause when the worker listed its queries and this is not one.
        const QString name = m_queries->currentText().trimmed();
        if (!m_queryDescriptions.empty()
            && std::none_of(m_queryDescriptions.begin(), m_queryDescriptions.end(), [&](const auto& query) { return query.first == name; })) {
            QStringList known;
            for (const auto& query : m_queryDescriptions)
                known << query.first;
            text += QLatin1Char('\n') + tr("“%1” is not among the queries this worker lists: %2").arg(name, known.join(QStringLiteral(", ")));
        }
        m_answer->setPlainText(bounded(text));
        Q_EMIT answered();
        return;
    }
    const auto& response = outcome->response;
    QStringList values;
    for (const auto& payload : response->query_result().payloads()) {
        QString tooLarge;
        const QJsonValue value = readValue(payload, inquiry->context(), &tooLarge);
        values << (tooLarge.isEmpty() ? valueText(value) : tooLarge);
    }
    m_answer->setPlainText(bounded(tr("Answered at %1:").arg(asOf) + QLatin1Char('\n')
                                   + (values.isEmpty() ? tr("(nothing)") : values.join(QLatin1Char('\n')))));
    Q_EMIT answered();
}

} // namespace hl
