#include "ui/history/payloaddetailview.h"

#include "json/base64.h"
#include "json/jsonbuilder.h"
#include "render/externalreference.h"
#include "render/historyjsonwriter.h"
#include "support/sizeformat.h"
#include "support/utf8.h"
#include "ui/history/eventicons.h"
#include "ui/history/failureview.h"
#include "ui/history/jsonhighlighter.h"

#include <simdjson.h>

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QMenu>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <map>

namespace hl {

namespace {

constexpr qsizetype kMaxShownBytes = 4 * 1024 * 1024; // the rest is cut, with a note; copy takes all

QString fromUtf8(const std::string& text)
{
    return QString::fromUtf8(text.data(), int(text.size()));
}

std::string metadataValue(const temporal::api::common::v1::Payload& payload, const char* key)
{
    const auto found = payload.metadata().find(key);
    return found == payload.metadata().end() ? std::string() : found->second;
}

QString hexDump(const std::string& bytes)
{
    QString out;
    const size_t shown = std::min<size_t>(bytes.size(), 64 * 1024);
    for (size_t offset = 0; offset < shown; offset += 16) {
        QString hex;
        QString ascii;
        for (size_t i = offset; i < offset + 16; ++i) {
            if (i < shown) {
                const auto byte = static_cast<unsigned char>(bytes[i]);
                hex += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
                ascii += QLatin1Char(byte >= 0x20 && byte < 0x7f ? char(byte) : '.');
            } else {
                hex += QStringLiteral("   ");
            }
        }
        out += QStringLiteral("%1  %2 %3\n").arg(offset, 8, 16, QLatin1Char('0')).arg(hex, ascii);
    }
    if (shown < bytes.size())
        out += QStringLiteral("… %1 more\n").arg(formatSize(qint64(bytes.size() - shown)));
    return out;
}

// What to do about a payload that did not decode.
QString hintFor(const Error& error, const temporal::api::common::v1::Payload& stored)
{
    const QString keyId = fromUtf8(metadataValue(stored, "encryption-key-id"));
    switch (error.code) {
    case ErrorCode::UnknownKey:
        return QObject::tr("No key with id “%1” is in this session or the keychain. Add it (below, or File › Keys…, "
                           "Ctrl+K) and the history is decoded again at once.")
            .arg(keyId);
    case ErrorCode::AuthenticationFailed:
        return QObject::tr("The key given for “%1” does not open this payload: it is another key, or the stored "
                           "bytes were changed.")
            .arg(keyId);
    case ErrorCode::InvalidKey:
        return QObject::tr("AES keys are 16, 24 or 32 bytes; check how the key for “%1” was given (hex, base64, "
                           "text).")
            .arg(keyId);
    case ErrorCode::Truncated:
    case ErrorCode::CorruptCompressedData:
        return QObject::tr("The stored bytes are damaged; the rest of the history is not affected.");
    case ErrorCode::TooLarge:
        return QObject::tr("It expands beyond HistoryLens's bound for one payload (64 MiB): a decompression bomb, "
                           "or a value too large to show.");
    case ErrorCode::UnknownEncoding:
        return QObject::tr("HistoryLens has no codec for this encoding; a Codec Server that knows it can decode it.");
    default:
        return {};
    }
}

} // namespace

PayloadDetailView::PayloadDetailView(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_chain(new QLabel(this)), m_problem(new QLabel(this)),
      m_tabs(new QTabWidget(this)), m_value(new QPlainTextEdit(this)), m_raw(new QPlainTextEdit(this)),
      m_failure(new FailureView(this)), m_markdown(new QTextBrowser(this)), m_copy(new QPushButton(tr("Copy value"), this)),
      m_more(new QToolButton(this)), m_addKey(new QPushButton(this))
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit* edit : {m_value, m_raw}) {
        edit->setReadOnly(true);
        edit->setFont(mono);
    }
    // Values wrap (stack traces, Markdown, long strings are read, not scrolled); a hex dump keeps its columns.
    m_value->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_value->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_markdown->setOpenExternalLinks(true);
    new JsonHighlighter(m_value->document());
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setStyleSheet(QStringLiteral("font-weight: bold"));
    m_chain->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chain->setWordWrap(true);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setVisible(false);
    m_tabs->addTab(m_failure, tr("Failure"));
    m_tabs->addTab(m_value, tr("Value"));
    m_tabs->addTab(m_markdown, tr("Rendered"));
    m_tabs->addTab(m_raw, tr("Stored bytes"));
    m_copy->setEnabled(false);
    m_copy->setToolTip(tr("Copy the selected value (Ctrl+C in the tree)"));
    connect(m_copy, &QPushButton::clicked, this, &PayloadDetailView::copyValue);
    m_more->setText(tr("Copy"));
    m_more->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_more);
    menu->addAction(tr("Copy &Path"), this, &PayloadDetailView::copyPath);
    menu->addAction(tr("Copy &Event as JSON"), this, &PayloadDetailView::copyEventJson);
    m_more->setMenu(menu);

    m_addKey->setVisible(false);
    connect(m_addKey, &QPushButton::clicked, this, [this] { Q_EMIT addKeyRequested(m_missingKeyId); });

    auto* header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_copy, 0, Qt::AlignTop);
    header->addWidget(m_more, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 4, 0);
    layout->addLayout(header);
    layout->addWidget(m_chain);
    layout->addWidget(m_problem);
    layout->addWidget(m_addKey, 0, Qt::AlignLeft);
    layout->addWidget(m_tabs, 1);
    clear();
}

void PayloadDetailView::clear()
{
    m_title->setText(tr("Select an event, a payload or a failure"));
    m_chain->clear();
    m_problem->clear();
    m_problem->setVisible(false);
    m_addKey->setVisible(false);
    m_missingKeyId.clear();
    m_value->clear();
    m_raw->clear();
    m_fullValue.clear();
    m_markdown->clear();
    m_failure->clearFailure();
    setTabShown(m_failure, false);
    setTabShown(m_markdown, false);
    m_tabs->setCurrentWidget(m_value);
    m_copy->setEnabled(false);
}

void PayloadDetailView::setTabShown(QWidget* page, bool shown)
{
    m_tabs->setTabVisible(m_tabs->indexOf(page), shown);
}

void PayloadDetailView::showText(const QString& text, const QString& where)
{
    clear();
    m_title->setText(where);
    setValue(text, false);
    m_raw->setPlainText(tr("Select a payload to see its stored bytes."));
}

void PayloadDetailView::showMarkdown(const QString& markdown)
{
    if (markdown.isEmpty())
        return;
    m_markdown->setMarkdown(markdown.left(kMaxShownBytes));
    setTabShown(m_markdown, true);
    m_tabs->setCurrentWidget(m_markdown);
}

void PayloadDetailView::showFailure(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context,
                                    const QString& path, bool front)
{
    m_failure->setFailure(failure, context, path);
    setTabShown(m_failure, true);
    if (front)
        m_tabs->setCurrentWidget(m_failure);
}

void PayloadDetailView::setSelection(History history, int eventIndex, const QString& path, const PayloadContext& context)
{
    m_history = std::move(history);
    m_eventIndex = eventIndex;
    m_path = path;
    m_context = context;
    m_more->setEnabled(eventIndex >= 0 && eventIndex < m_history.eventCount());
}

QString PayloadDetailView::copyValue()
{
    if (m_fullValue.isEmpty())
        return {};
    QApplication::clipboard()->setText(m_fullValue);
    return m_fullValue;
}

QString PayloadDetailView::copyPath()
{
    if (m_path.isEmpty())
        return {};
    QApplication::clipboard()->setText(m_path);
    return m_path;
}

QString PayloadDetailView::copyEventJson()
{
    if (m_eventIndex < 0 || m_eventIndex >= m_history.eventCount())
        return {};
    HistoryJsonWriter writer(HistoryJsonWriter::Style::Readable);
    writer.setPayloadContext(m_context);
    const QString json = QString::fromStdString(writer.messageJson(m_history.event(m_eventIndex)));
    QApplication::clipboard()->setText(json);
    return json;
}

QString PayloadDetailView::markdownText() const
{
    return m_markdown->toMarkdown();
}

bool PayloadDetailView::isWrapping() const
{
    return m_value->lineWrapMode() != QPlainTextEdit::NoWrap;
}

void PayloadDetailView::setValue(const QString& text, bool json)
{
    Q_UNUSED(json)
    if (text.size() > kMaxShownBytes)
        m_value->setPlainText(text.left(kMaxShownBytes) + tr("\n… cut here: %1 more characters").arg(text.size() - kMaxShownBytes));
    else
        m_value->setPlainText(text);
    m_fullValue = text;
    m_copy->setEnabled(!text.isEmpty());
}

void PayloadDetailView::showPayload(const temporal::api::common::v1::Payload& stored, const PayloadContext& context,
                                    const QString& where)
{
    clear();
    m_title->setText(where);
    const DecodedPayload* decoded = context.find(stored);
    const ShownPayload shownPayload = context.shown(stored);
    const temporal::api::common::v1::Payload& shown = *shownPayload;

    QString chain = decoded ? QString::fromStdString(decoded->chainText()) : fromUtf8(metadataValue(stored, "encoding"));
    if (chain.isEmpty())
        chain = tr("(no encoding)");
    m_chain->setText(tr("Encoding: %1").arg(chain));
    if (decoded && decoded->failed() && decoded->error) {
        m_problem->setText(QStringLiteral("<b>%1</b><br>%2").arg(decoded->error->message.toHtmlEscaped(),
                                                                  hintFor(*decoded->error, stored).toHtmlEscaped()));
        m_problem->setStyleSheet(QStringLiteral("color: %1").arg(EventIcons::problemColor().name()));
        m_problem->setVisible(true);
        if (!decoded->missingKeyId.empty()) {
            m_missingKeyId = QString::fromStdString(decoded->missingKeyId);
            m_addKey->setText(tr("Add key “%1”…").arg(m_missingKeyId));
            m_addKey->setVisible(true);
        }
    } else if (ExternalReference::is(shown)) {
        m_problem->setText(tr("This payload is a reference: the value is %1, not in the history.")
                               .arg(ExternalReference::describe(shown)));
        m_problem->setStyleSheet(QString());
        m_problem->setVisible(true);
    }

    // The value: JSON re-indented, text as text, protobuf through the known types, anything else as hex.
    const std::string encoding = metadataValue(shown, "encoding");
    const std::string& data = shown.data();
    simdjson::dom::parser parser;
    simdjson::dom::element element;
    std::string pretty;
    std::string protoJson;
    if (encoding == "binary/protobuf" && context.types) {
        if (auto json = context.types->toJson(metadataValue(shown, "messageType"), data); json.ok())
            protoJson = json.value();
    }
    const std::string& jsonText = protoJson.empty() ? data : protoJson;
    if ((encoding.rfind("json/", 0) == 0 || !protoJson.empty()) && parser.parse(jsonText).get(element) == simdjson::SUCCESS) {
        JsonBuilder json(&pretty, 2);
        json.value(element);
        setValue(fromUtf8(pretty), true);
    } else if (encoding == "binary/null") {
        setValue(QStringLiteral("null"), true);
    } else if (isValidUtf8(data) && (encoding == "binary/plain" || encoding.rfind("json/", 0) == 0)) {
        setValue(fromUtf8(data), false);
    } else {
        setValue(hexDump(data), false);
    }

    // The stored bytes, as the history holds them.
    QString raw;
    const std::map<std::string, std::string> metadata(stored.metadata().begin(), stored.metadata().end());
    for (const auto& [key, value] : metadata)
        raw += QStringLiteral("%1: %2\n").arg(fromUtf8(key), isValidUtf8(value) ? fromUtf8(value) : QString::fromStdString(Base64::encode(value)));
    raw += tr("\n%1 of data, base64:\n").arg(formatSize(qint64(stored.data().size())));
    raw += QString::fromStdString(Base64::encode(stored.data().substr(0, 256 * 1024)));
    raw += tr("\n\nhex:\n") + hexDump(stored.data());
    m_raw->setPlainText(raw);
}

void PayloadDetailView::showMessage(const google::protobuf::Message& message, const PayloadContext& context,
                                    const QString& where)
{
    clear();
    m_title->setText(where);
    HistoryJsonWriter writer(HistoryJsonWriter::Style::Readable);
    writer.setPayloadContext(context);
    setValue(QString::fromStdString(writer.messageJson(message)), true);
    m_raw->setPlainText(tr("Select a payload to see its stored bytes."));
}

QString PayloadDetailView::valueText() const
{
    return m_value->toPlainText();
}

QString PayloadDetailView::chainText() const
{
    return m_chain->text();
}

QString PayloadDetailView::problemText() const
{
    return m_problem->isVisible() ? m_problem->text() : QString();
}

} // namespace hl
