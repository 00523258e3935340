#include "ui/codecserver/servecodecdialog.h"

#include "ui/codecserver/codecserving.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace hl {

namespace {

const QString kGroup = QStringLiteral("serveCodec/");

} // namespace

ServeCodecDialog::ServeCodecDialog(CodecServing* serving, QWidget* parent)
    : QDialog(parent)
    , m_serving(serving)
    , m_listen(new QLineEdit(this))
    , m_origins(new QPlainTextEdit(this))
    , m_credentials(new QCheckBox(tr("Allow cross-origin credentials (the Web UI's \"Include cross-origin credentials\")"), this))
    , m_encodeKey(new QLineEdit(this))
    , m_compression(new QComboBox(this))
    , m_tlsCert(new QLineEdit(this))
    , m_tlsKey(new QLineEdit(this))
    , m_jwks(new QLineEdit(this))
    , m_rules(new QLineEdit(this))
    , m_start(new QPushButton(this))
    , m_copy(new QPushButton(tr("Copy URL"), this))
    , m_status(new QLabel(this))
    , m_log(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Serve Codec"));
    auto* intro = new QLabel(tr("Serve this machine's codec keys to the Temporal Web UI (Settings › Data Encoder, or "
                                "--ui-codec-endpoint) and the temporal CLI (--codec-endpoint). Keys never leave "
                                "HistoryLens; only decoded payloads do."),
                             this);
    intro->setWordWrap(true);
    m_listen->setPlaceholderText(QStringLiteral("127.0.0.1:8888"));
    m_origins->setPlaceholderText(tr("One origin per line, e.g. http://localhost:8233"));
    m_origins->setFixedHeight(m_origins->fontMetrics().lineSpacing() * 4 + 12);
    m_encodeKey->setPlaceholderText(tr("key id, or NAMESPACE=ID (default: the namespace's only key)"));
    m_compression->addItems({tr("none"), QStringLiteral("zlib"), QStringLiteral("snappy")});
    m_tlsCert->setPlaceholderText(tr("PEM certificate (HTTPS)"));
    m_tlsKey->setPlaceholderText(tr("PEM private key"));
    m_jwks->setPlaceholderText(tr("JWKS file or https URL: require access tokens"));
    m_rules->setPlaceholderText(tr("access rules (TOML)"));
    auto* form = new QFormLayout;
    form->addRow(tr("&Listen on:"), m_listen);
    form->addRow(tr("Allowed &origins:"), m_origins);
    form->addRow(QString(), m_credentials);
    form->addRow(tr("&Encode with key:"), m_encodeKey);
    form->addRow(tr("Compress before encrypting:"), m_compression);
    form->addRow(tr("TLS certificate:"), m_tlsCert);
    form->addRow(tr("TLS key:"), m_tlsKey);
    form->addRow(tr("Access tokens (JWKS):"), m_jwks);
    form->addRow(tr("Rules:"), m_rules);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(200);
    m_log->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_log->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_log->setPlaceholderText(tr("Requests appear here"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_copy);
    buttons->addStretch();
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_log, 1);
    layout->addWidget(close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_start, &QPushButton::clicked, this, &ServeCodecDialog::toggle);
    connect(m_copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_serving->url()); });
    connect(m_serving, &CodecServing::runningChanged, this, &ServeCodecDialog::refresh);
    connect(m_serving, &CodecServing::statisticsChanged, this, &ServeCodecDialog::refresh);
    resize(720, 640);
    load();
    refresh();
}

void ServeCodecDialog::load()
{
    QSettings settings;
    const ServeCodecSettings defaults;
    m_listen->setText(settings.value(kGroup + QStringLiteral("listen")).toString());
    m_origins->setPlainText(settings.value(kGroup + QStringLiteral("origins"), defaults.origins).toStringList().join(QLatin1Char('\n')));
    m_credentials->setChecked(settings.value(kGroup + QStringLiteral("allowCredentials")).toBool());
    m_encodeKey->setText(settings.value(kGroup + QStringLiteral("encodeKey")).toString());
    m_compression->setCurrentIndex(qMax(0, m_compression->findText(settings.value(kGroup + QStringLiteral("compression")).toString())));
    m_tlsCert->setText(settings.value(kGroup + QStringLiteral("tlsCert")).toString());
    m_tlsKey->setText(settings.value(kGroup + QStringLiteral("tlsKey")).toString());
    m_jwks->setText(settings.value(kGroup + QStringLiteral("jwks")).toString());
    m_rules->setText(settings.value(kGroup + QStringLiteral("rules")).toString());
}

void ServeCodecDialog::saveForm() const
{
    QSettings settings;
    settings.setValue(kGroup + QStringLiteral("listen"), m_listen->text().trimmed());
    settings.setValue(kGroup + QStringLiteral("origins"), m_origins->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts));
    settings.setValue(kGroup + QStringLiteral("allowCredentials"), m_credentials->isChecked());
    settings.setValue(kGroup + QStringLiteral("encodeKey"), m_encodeKey->text().trimmed());
    settings.setValue(kGroup + QStringLiteral("compression"), m_compression->currentIndex() == 0 ? QString() : m_compression->currentText());
    settings.setValue(kGroup + QStringLiteral("tlsCert"), m_tlsCert->text().trimmed());
    settings.setValue(kGroup + QStringLiteral("tlsKey"), m_tlsKey->text().trimmed());
    settings.setValue(kGroup + QStringLiteral("jwks"), m_jwks->text().trimmed());
    settings.setValue(kGroup + QStringLiteral("rules"), m_rules->text().trimmed());
}

bool ServeCodecDialog::readForm(ServeCodecSettings* settings, QString* problem) const
{
    if (!m_listen->text().trimmed().isEmpty()) {
        if (auto listen = settings->setListen(m_listen->text()); !listen) {
            *problem = listen.error().message;
            return false;
        }
    }
    QStringList origins;
    for (const QString& line : m_origins->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            origins << line.trimmed();
    }
    settings->origins = origins;
    settings->allowCredentials = m_credentials->isChecked();
    if (!m_encodeKey->text().trimmed().isEmpty()) {
        for (const QString& assignment : m_encodeKey->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (auto added = settings->addEncodeKey(assignment); !added) {
                *problem = added.error().message;
                return false;
            }
        }
    }
    settings->encodeCompression = m_compression->currentIndex() == 0 ? QString() : m_compression->currentText();
    settings->tlsCertPath = m_tlsCert->text().trimmed();
    settings->tlsKeyPath = m_tlsKey->text().trimmed();
    settings->jwks = m_jwks->text().trimmed();
    settings->rulesPath = m_rules->text().trimmed();
    if (auto valid = settings->validate(); !valid) {
        *problem = valid.error().message;
        return false;
    }
    return true;
}

void ServeCodecDialog::toggle()
{
    if (m_serving->isRunning()) {
        m_serving->stop();
        return;
    }
    ServeCodecSettings settings;
    QString problem;
    if (!readForm(&settings, &problem)) {
        m_status->setText(tr("Not started: %1").arg(problem));
        return;
    }
    saveForm();
    m_start->setEnabled(false);
    m_status->setText(tr("Starting…"));
    QPointer<ServeCodecDialog> self(this);
    m_serving->start(settings, [self](Result<void> started) {
        if (!self)
            return;
        self->m_start->setEnabled(true);
        if (!started) {
            self->m_status->setText(tr("Not started: %1").arg(started.error().toString()));
            return;
        }
        self->refresh();
    });
}

void ServeCodecDialog::refresh()
{
    const bool running = m_serving->isRunning();
    m_start->setText(running ? tr("&Stop") : tr("&Start"));
    m_copy->setEnabled(running);
    for (QWidget* field : std::initializer_list<QWidget*>{m_listen, m_origins, m_credentials, m_encodeKey, m_compression, m_tlsCert,
                                                         m_tlsKey, m_jwks, m_rules})
        field->setEnabled(!running);
    if (running) {
        const auto statistics = m_serving->statistics();
        QString text = tr("Serving %n key(s) at %1 · %2 requests (%3 payloads, %4 refused)", nullptr, int(m_serving->keyCount()))
                           .arg(m_serving->url())
                           .arg(statistics.requests)
                           .arg(statistics.payloads)
                           .arg(statistics.refused);
        for (const QString& warning : m_serving->warnings())
            text += QStringLiteral("\n⚠ ") + warning;
        m_status->setText(text);
        m_log->setPlainText(m_serving->recentLog().join(QLatin1Char('\n')));
        m_log->moveCursor(QTextCursor::End);
    } else if (!m_status->text().startsWith(tr("Not started"))) {
        m_status->setText(tr("Stopped."));
    }
}

} // namespace hl
