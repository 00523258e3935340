#include "ui/codecserver/codecserverdialog.h"

#include "codecserver/codecserverclient.h"
#include "keys/keycatalog.h"
#include "keys/keystore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace hl {

CodecServerDialog::CodecServerDialog(QString scope, const ConnectionSettings* connection, KeyStore* keychain, QWidget* parent)
    : QDialog(parent)
    , m_scope(std::move(scope))
    , m_profileEndpoint(connection ? connection->codecEndpoint : QString())
    , m_keychain(keychain)
    , m_endpoint(new QLineEdit(this))
    , m_auth(new QLineEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_order(new QComboBox(this))
    , m_caFile(new QLineEdit(this))
    , m_allowPlaintext(new QCheckBox(tr("Send the Authorization value over plain HTTP to this host"), this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Codec Server"));
    setObjectName(QStringLiteral("codecServerDialog"));
    m_endpoint->setPlaceholderText(m_profileEndpoint.isEmpty() ? tr("https://codec.example.com (none: local keys only)")
                                                               : m_profileEndpoint);
    m_endpoint->setToolTip(tr("HistoryLens posts to this address followed by /decode; {namespace} is replaced"));
    m_auth->setEchoMode(QLineEdit::Password);
    m_auth->setToolTip(tr("Sent as the Authorization header, as it is (include \"Bearer \"); kept in the OS keychain"));
    m_headers->setPlaceholderText(tr("Name: value, one a line (kept in the OS keychain)"));
    m_headers->setTabChangesFocus(true);
    m_headers->setMaximumHeight(72);
    m_order->addItem(tr("Local keys first, then the Codec Server for the rest"));
    m_order->addItem(tr("The Codec Server only"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("CA certificates"), QString(), tr("PEM (*.pem *.crt);;All files (*)"));
        if (!path.isEmpty())
            m_caFile->setText(path);
    });
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #a4261b"));
    m_problem->setVisible(false);

    auto* form = new QFormLayout;
    form->addRow(tr("For:"), new QLabel(m_scope, this));
    form->addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(tr("&Authorization:"), m_auth);
    form->addRow(tr("Extra &headers:"), m_headers);
    form->addRow(tr("&Order:"), m_order);
    // A row holding a layout gets no buddy from the form: the label is made here, so its mnemonic works.
    auto* caLabel = new QLabel(tr("&CA file:"), this);
    caLabel->setBuddy(m_caFile);
    form->addRow(caLabel, caRow);
    form->addRow(QString(), m_allowPlaintext);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &CodecServerDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    load();
}

void CodecServerDialog::load()
{
    const auto entry = CodecServerPreferences().find(m_scope);
    if (!entry)
        return;
    m_endpoint->setText(entry->endpoint);
    m_order->setCurrentIndex(entry->order == CodecServerSettings::Order::RemoteOnly ? 1 : 0);
    m_caFile->setText(entry->caFile);
    m_allowPlaintext->setChecked(entry->allowPlaintextAuth);
    if (KeyCatalog().find({SecretKind::CodecServerAuth, entry->endpoint}))
        m_auth->setPlaceholderText(tr("kept in the keychain (type to replace)"));
    if (KeyCatalog().find({SecretKind::CodecServerHeaders, entry->endpoint}))
        m_headers->setPlaceholderText(tr("kept in the keychain (type to replace)"));
}

void CodecServerDialog::save()
{
    CodecServerPreferences::Entry entry;
    entry.endpoint = m_endpoint->text().trimmed();
    entry.order = m_order->currentIndex() == 1 ? CodecServerSettings::Order::RemoteOnly : CodecServerSettings::Order::LocalFirst;
    entry.caFile = m_caFile->text().trimmed();
    entry.allowPlaintextAuth = m_allowPlaintext->isChecked();

    // Checked as the client will check it, before anything is stored.
    if (!entry.endpoint.isEmpty()) {
        CodecServerSettings probe;
        probe.endpoint = entry.endpoint;
        probe.caFile = entry.caFile;
        probe.allowPlaintextAuth = entry.allowPlaintextAuth;
        if (!m_auth->text().isEmpty() || KeyCatalog().find({SecretKind::CodecServerAuth, entry.endpoint}))
            probe.authorization = std::make_shared<const SecretBytes>(std::string_view("-"));
        if (auto checked = CodecServerClient(probe).check(); !checked) {
            m_problem->setText(checked.error().message);
            m_problem->setVisible(true);
            return;
        }
    }
    CodecServerPreferences().put(m_scope, entry);

    std::vector<std::pair<SecretId, SecretPtr>> secrets;
    if (!m_auth->text().isEmpty())
        secrets.push_back({{SecretKind::CodecServerAuth, entry.endpoint}, std::make_shared<const SecretBytes>(m_auth->text().toStdString())});
    if (!m_headers->toPlainText().trimmed().isEmpty()) {
        const SecretBytes typed(m_headers->toPlainText().toStdString());
        secrets.push_back({{SecretKind::CodecServerHeaders, entry.endpoint}, CodecServerSettings::headerLines(CodecServerSettings::parseHeaderLines(typed))});
    }
    m_auth->clear();
    m_headers->clear();
    if (secrets.empty() || entry.endpoint.isEmpty()) {
        Q_EMIT saved(m_scope);
        accept();
        return;
    }
    auto remaining = std::make_shared<size_t>(secrets.size());
    auto failure = std::make_shared<QString>();
    QPointer<CodecServerDialog> self(this);
    for (const auto& [id, secret] : secrets) {
        m_keychain->write(id, secret, [self, id = id, secret = secret, remaining, failure](Result<void> written) {
            if (written)
                KeyCatalog().put({id, QDateTime::currentDateTimeUtc(), secret->fingerprint(), QString(), QString()});
            else
                *failure = written.error().toString();
            if (--*remaining > 0 || !self)
                return;
            if (!failure->isEmpty()) {
                self->m_problem->setText(tr("The keychain did not take the secret: %1").arg(*failure));
                self->m_problem->setVisible(true);
                return;
            }
            Q_EMIT self->saved(self->m_scope);
            self->accept();
        });
    }
}

} // namespace hl
