#include "ui/frontend/connectdialog.h"

#include "keys/keycatalog.h"
#include "keys/keystore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace hl {

namespace {

QWidget* withBrowse(QLineEdit* edit, const QString& title, QWidget* parent)
{
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto* browse = new QToolButton(row);
    browse->setText(QObject::tr("…"));
    browse->setToolTip(title);
    QObject::connect(browse, &QToolButton::clicked, row, [edit, title, row] {
        const QString path = QFileDialog::getOpenFileName(row, title, edit->text(), QObject::tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    layout->addWidget(browse);
    return row;
}

std::optional<QString> optionalText(const QLineEdit* edit)
{
    const QString text = edit->text().trimmed();
    return text.isEmpty() ? std::nullopt : std::optional<QString>(text);
}

} // namespace

ConnectDialog::ConnectDialog(KeyStore* keychain, QWidget* parent, ClientConfig::Sources sources)
    : QDialog(parent)
    , m_keychain(keychain)
    , m_sources(std::move(sources))
    , m_profile(new QComboBox(this))
    , m_address(new QLineEdit(this))
    , m_namespace(new QLineEdit(this))
    , m_tls(new QCheckBox(tr("Use TLS (on by default with an API key or a certificate)"), this))
    , m_caPath(new QLineEdit(this))
    , m_certPath(new QLineEdit(this))
    , m_keyPath(new QLineEdit(this))
    , m_serverName(new QLineEdit(this))
    , m_apiKey(new QLineEdit(this))
    , m_passphrase(new QLineEdit(this))
    , m_rememberApiKey(new QCheckBox(tr("Keep the API key and the key passphrase in the OS keychain"), this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Connect to a Temporal Server"));
    m_configPath = ClientConfig::configFilePath(m_sources);
    m_address->setPlaceholderText(QString::fromLatin1(ConnectionSettings::kDefaultAddress));
    m_namespace->setPlaceholderText(QString::fromLatin1(ConnectionSettings::kDefaultNamespace));
    m_caPath->setPlaceholderText(tr("the system's trusted CAs"));
    m_serverName->setPlaceholderText(tr("the host of the address"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setPlaceholderText(tr("only for an encrypted client key"));
    m_rememberApiKey->setChecked(true);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: palette(highlight)"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Profile:"), m_profile);
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("&Namespace:"), m_namespace);
    form->addRow(QString(), m_tls);
    form->addRow(tr("Server &CA:"), withBrowse(m_caPath, tr("The CA certificate that signed the server's"), this));
    form->addRow(tr("Client c&ertificate:"), withBrowse(m_certPath, tr("Client certificate for mTLS"), this));
    form->addRow(tr("Client &key:"), withBrowse(m_keyPath, tr("Client private key for mTLS"), this));
    form->addRow(tr("Key pa&ssphrase:"), m_passphrase);
    form->addRow(tr("Server na&me:"), m_serverName);
    form->addRow(tr("API ke&y:"), m_apiKey);
    form->addRow(QString(), m_rememberApiKey);

    auto* buttons = new QDialogButtonBox(this);
    QPushButton* connectButton = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    connectButton->setDefault(true);
    QPushButton* save = buttons->addButton(tr("&Save as Profile…"), QDialogButtonBox::ActionRole);
    QPushButton* remove = buttons->addButton(tr("&Delete Profile"), QDialogButtonBox::ActionRole);
    connect(remove, &QPushButton::clicked, this, [this] {
        const QString name = m_profile->currentData().toString();
        if (name.isEmpty())
            return;
        if (QMessageBox::question(this, tr("Delete Profile"),
                                  tr("Delete the profile %1 from %2? The temporal CLI will not find it either.").arg(name, m_configPath))
            != QMessageBox::Yes)
            return;
        deleteProfile(name, [this](Result<void> deleted) { m_problem->setText(deleted ? tr("Deleted.") : deleted.error().toString()); });
    });
    connect(m_profile, &QComboBox::currentIndexChanged, remove, [this, remove] { remove->setEnabled(!m_profile->currentData().toString().isEmpty()); });
    remove->setEnabled(!m_profile->currentData().toString().isEmpty());
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);
    connect(save, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save Profile"), tr("Profile name (in %1):").arg(m_configPath),
                                                   QLineEdit::Normal, m_profile->currentData().toString(), &ok);
        if (ok && !name.trimmed().isEmpty())
            saveProfile(name.trimmed(), [this](Result<void> saved) {
                m_problem->setText(saved ? tr("Saved.") : saved.error().toString());
            });
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Profiles come from %1, as the temporal CLI reads them.").arg(m_configPath), this));
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    connect(m_profile, &QComboBox::currentIndexChanged, this, [this] { showProfile(m_profile->currentData().toString()); });
    loadProfiles();
}

void ConnectDialog::loadProfiles()
{
    auto profiles = ClientConfig::readProfiles(m_configPath);
    if (!profiles)
        m_problem->setText(profiles.error().toString());
    m_profiles = profiles ? std::move(profiles.value()) : std::map<QString, ClientProfile>{};
    m_profile->blockSignals(true);
    m_profile->clear();
    m_profile->addItem(tr("(none: the values below)"), QString());
    for (const auto& [name, profile] : m_profiles)
        m_profile->addItem(name, name);
    auto current = ClientConfig::load(m_sources);
    const int index = current ? m_profile->findData(current->profile) : -1;
    m_profile->setCurrentIndex(qMax(0, index));
    m_profile->blockSignals(false);
    showProfile(m_profile->currentData().toString());
}

void ConnectDialog::showProfile(const QString& name)
{
    ClientConfig::Sources sources = m_sources;
    sources.profile = name;
    sources.disableConfigFile = name.isEmpty();
    auto settings = ClientConfig::load(sources);
    if (!settings) {
        m_problem->setText(settings.error().toString());
        return;
    }
    m_problem->clear();
    m_address->setText(settings->address);
    m_namespace->setText(settings->temporalNamespace);
    m_tls->setChecked(settings->tlsEnabled());
    m_caPath->setText(settings->serverCaCertPath);
    m_certPath->setText(settings->clientCertPath);
    m_keyPath->setText(settings->clientKeyPath);
    m_serverName->setText(settings->serverName);
    m_apiKey->clear();
    m_passphrase->clear();
    if (!settings->clientKeyPath.isEmpty() && KeyCatalog().find({SecretKind::ClientKeyPassphrase, settings->clientKeyPath}))
        m_passphrase->setPlaceholderText(tr("kept in the OS keychain"));
    const bool stored = !name.isEmpty() && KeyCatalog().find({SecretKind::CloudApiKey, name});
    m_apiKey->setPlaceholderText(settings->apiKey ? tr("set in the profile or TEMPORAL_API_KEY")
                                                  : stored ? tr("kept in the OS keychain") : tr("none"));
}

ClientProfile ConnectDialog::formProfile() const
{
    ClientProfile profile;
    const QString name = m_profile->currentData().toString();
    if (const auto found = m_profiles.find(name); found != m_profiles.end())
        profile = found->second; // keeps what the form does not show (an api_key the user put in the file, grpc_meta)
    profile.address = optionalText(m_address);
    profile.temporalNamespace = optionalText(m_namespace);
    profile.serverCaCertPath = optionalText(m_caPath);
    profile.clientCertPath = optionalText(m_certPath);
    profile.clientKeyPath = optionalText(m_keyPath);
    profile.serverName = optionalText(m_serverName);
    const bool anyTls = profile.serverCaCertPath || profile.clientCertPath || profile.clientKeyPath || profile.serverName;
    profile.hasTlsTable = m_tls->isChecked() || anyTls || profile.hasTlsTable;
    if (profile.hasTlsTable)
        profile.tlsDisabled = m_tls->isChecked() ? std::nullopt : std::optional<bool>(true);
    return profile;
}

Result<ConnectionSettings> ConnectDialog::formSettings() const
{
    ClientConfig::Sources sources = m_sources;
    sources.profile = m_profile->currentData().toString();
    sources.disableConfigFile = sources.profile.isEmpty();
    auto loaded = ClientConfig::load(sources);
    if (!loaded)
        return loaded.error();
    ConnectionSettings settings = std::move(loaded.value());
    settings.address = m_address->text().trimmed().isEmpty() ? QString::fromLatin1(ConnectionSettings::kDefaultAddress) : m_address->text().trimmed();
    settings.temporalNamespace = m_namespace->text().trimmed().isEmpty() ? QString::fromLatin1(ConnectionSettings::kDefaultNamespace)
                                                                         : m_namespace->text().trimmed();
    settings.serverCaCertPath = m_caPath->text().trimmed();
    settings.clientCertPath = m_certPath->text().trimmed();
    settings.clientKeyPath = m_keyPath->text().trimmed();
    settings.serverName = m_serverName->text().trimmed();
    if (!m_apiKey->text().isEmpty())
        settings.apiKey = std::make_shared<const SecretBytes>(m_apiKey->text().toStdString());
    if (!m_passphrase->text().isEmpty())
        settings.clientKeyPassphrase = std::make_shared<const SecretBytes>(m_passphrase->text().toStdString());
    settings.tls = m_tls->isChecked();
    if (settings.clientCertPath.isEmpty() != settings.clientKeyPath.isEmpty())
        return Error{ErrorCode::UsageError, tr("A client certificate needs its key, and a key its certificate.")};
    return settings;
}

QString ConnectDialog::problem() const
{
    return m_problem->text();
}

void ConnectDialog::deleteProfile(const QString& name, std::function<void(Result<void>)> done)
{
    if (auto removed = ClientConfig::removeProfile(m_configPath, name); !removed)
        return done(removed);
    loadProfiles();
    const SecretId id{SecretKind::CloudApiKey, name};
    if (!m_keychain || !KeyCatalog().find(id))
        return done({});
    m_keychain->remove(id, [id, done](Result<void> removed) {
        if (removed)
            KeyCatalog().remove(id);
        done(removed);
    });
}

std::vector<std::pair<SecretId, SecretPtr>> ConnectDialog::typedSecrets(const QString& profile) const
{
    std::vector<std::pair<SecretId, SecretPtr>> secrets;
    if (!m_apiKey->text().isEmpty() && !profile.isEmpty())
        secrets.push_back({{SecretKind::CloudApiKey, profile}, std::make_shared<const SecretBytes>(m_apiKey->text().toStdString())});
    const QString keyPath = m_keyPath->text().trimmed();
    if (!m_passphrase->text().isEmpty() && !keyPath.isEmpty())
        secrets.push_back({{SecretKind::ClientKeyPassphrase, keyPath}, std::make_shared<const SecretBytes>(m_passphrase->text().toStdString())});
    return secrets;
}

std::vector<SecretId> ConnectDialog::storedSecrets(const QString& profile) const
{
    std::vector<SecretId> ids;
    const KeyCatalog catalog;
    if (m_apiKey->text().isEmpty() && !profile.isEmpty() && catalog.find({SecretKind::CloudApiKey, profile}))
        ids.push_back({SecretKind::CloudApiKey, profile});
    const QString keyPath = m_keyPath->text().trimmed();
    if (m_passphrase->text().isEmpty() && !keyPath.isEmpty() && catalog.find({SecretKind::ClientKeyPassphrase, keyPath}))
        ids.push_back({SecretKind::ClientKeyPassphrase, keyPath});
    return ids;
}

void ConnectDialog::saveProfile(const QString& name, std::function<void(Result<void>)> done)
{
    if (auto written = ClientConfig::writeProfile(m_configPath, name, formProfile()); !written)
        return done(written);
    auto pending = std::make_shared<std::vector<std::pair<SecretId, SecretPtr>>>(
        m_rememberApiKey->isChecked() && m_keychain ? typedSecrets(name) : std::vector<std::pair<SecretId, SecretPtr>>{});
    QPointer<ConnectDialog> self(this);
    // The secrets go to the keychain one after another (each answers asynchronously), then the form shows the file.
    auto next = std::make_shared<std::function<void(Result<void>)>>();
    // Each step holds the next one only while its keychain call is under way, so nothing outlives the chain.
    *next = [self, pending, name, done, weakNext = std::weak_ptr(next)](Result<void> previous) {
        if (!previous || pending->empty()) {
            if (self) {
                self->loadProfiles();
                self->m_profile->setCurrentIndex(qMax(0, self->m_profile->findData(name)));
            }
            return done(previous);
        }
        const auto [id, secret] = pending->front();
        pending->erase(pending->begin());
        if (!self)
            return done(Error{ErrorCode::Cancelled, tr("the dialog was closed")});
        self->m_keychain->write(id, secret, [id = id, secret = secret, next = weakNext.lock()](Result<void> stored) {
            if (stored)
                KeyCatalog().put({id, QDateTime::currentDateTimeUtc(), secret->fingerprint(),
                                  id.kind == SecretKind::CloudApiKey ? tr("API key") : tr("client key passphrase"), QString()});
            (*next)(stored);
        });
    };
    (*next)(Result<void>());
}

void ConnectDialog::accept()
{
    auto settings = formSettings();
    if (!settings) {
        m_problem->setText(settings.error().toString());
        return;
    }
    m_settings = std::move(settings.value());
    auto wanted = std::make_shared<std::vector<SecretId>>(m_keychain ? storedSecrets(m_profile->currentData().toString())
                                                                     : std::vector<SecretId>{});
    QPointer<ConnectDialog> self(this);
    auto next = std::make_shared<std::function<void()>>();
    *next = [self, wanted, weakNext = std::weak_ptr(next)] {
        if (!self)
            return;
        if (wanted->empty())
            return self->QDialog::accept();
        const SecretId id = wanted->front();
        wanted->erase(wanted->begin());
        self->m_keychain->read(id, [self, id, next = weakNext.lock()](Result<SecretPtr> secret) {
            if (!self)
                return;
            if (!secret || !secret.value()) {
                self->m_problem->setText(tr("The %1 kept in the keychain could not be read: %2")
                                             .arg(id.kind == SecretKind::CloudApiKey ? tr("API key") : tr("key passphrase"),
                                                  secret ? tr("it is gone") : secret.error().toString()));
                return;
            }
            (id.kind == SecretKind::CloudApiKey ? self->m_settings.apiKey : self->m_settings.clientKeyPassphrase) = secret.value();
            (*next)();
        });
    };
    (*next)();
}

} // namespace hl
