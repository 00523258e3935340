#include "ui/keys/keysdialog.h"

#include "keys/keycatalog.h"
#include "keys/keychainkeystore.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "ui/history/eventicons.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hl {

namespace {

enum Column { IdColumn, FingerprintColumn, KeptColumn, NamespaceColumn, LabelColumn };

SecretId codecKey(const QString& id)
{
    return {SecretKind::CodecKey, id};
}

} // namespace

KeysDialog::KeysDialog(SessionKeyStore* session, KeyStore* keychain, QWidget* parent)
    : QDialog(parent), m_session(session), m_keychain(keychain), m_list(new QTreeWidget(this)), m_id(new QLineEdit(this)),
      m_kind(new QComboBox(this)), m_value(new QLineEdit(this)), m_label(new QLineEdit(this)),
      m_namespace(new QLineEdit(this)), m_remember(new QCheckBox(tr("Keep in the keychain"), this)),
      m_keychainState(new QLabel(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Keys"));
    m_list->setHeaderLabels({tr("Key id"), tr("Fingerprint"), tr("Kept in"), tr("Namespace"), tr("Label")});
    m_list->setRootIsDecorated(false);
    m_list->header()->setStretchLastSection(true);

    m_id->setPlaceholderText(tr("encryption-key-id, e.g. test-key-id"));
    m_kind->addItem(tr("Hex"), QStringLiteral("hex"));
    m_kind->addItem(tr("Base64"), QStringLiteral("base64"));
    m_kind->addItem(tr("Text"), QStringLiteral("text"));
    m_kind->addItem(tr("File"), QStringLiteral("file"));
    m_value->setEchoMode(QLineEdit::Password); // a key on screen is a key shared
    m_value->setPlaceholderText(tr("the key"));
    m_label->setPlaceholderText(tr("optional note"));
    m_namespace->setPlaceholderText(tr("any namespace"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Raw key file"));
        if (path.isEmpty())
            return;
        m_kind->setCurrentIndex(m_kind->findData(QStringLiteral("file")));
        m_value->setText(path);
    });
    auto* generate = new QPushButton(tr("Generate"), this);
    generate->setToolTip(tr("A new random AES-256 key, shown so you can give it to your workers too"));
    connect(generate, &QPushButton::clicked, this, [this] {
        unsigned char bytes[32];
        if (RAND_bytes(bytes, int(sizeof bytes)) != 1)
            return showError(tr("The system has no random bytes for a key."));
        QByteArray hex = QByteArray(reinterpret_cast<const char*>(bytes), int(sizeof bytes)).toHex();
        OPENSSL_cleanse(bytes, sizeof bytes);
        m_kind->setCurrentIndex(m_kind->findData(QStringLiteral("hex")));
        m_value->setEchoMode(QLineEdit::Normal);
        m_value->setText(QString::fromLatin1(hex));
        OPENSSL_cleanse(hex.data(), size_t(hex.size()));
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        m_value->setEchoMode(m_kind->currentData() == QLatin1String("file") ? QLineEdit::Normal : QLineEdit::Password);
    });

    auto* add = new QPushButton(tr("Add key"), this);
    add->setDefault(true);
    connect(add, &QPushButton::clicked, this, &KeysDialog::addFromForm);
    auto* remove = new QPushButton(tr("Delete…"), this);
    connect(remove, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem* item = m_list->currentItem();
        if (!item)
            return;
        const QString id = item->text(IdColumn);
        const auto answer = QMessageBox::question(this, tr("Delete key"),
                                                  tr("Delete the key “%1” from %2? Payloads encrypted with it will no longer "
                                                     "decode.")
                                                      .arg(id, item->text(KeptColumn)));
        if (answer == QMessageBox::Yes)
            removeKey(id);
    });
    auto* rename = new QPushButton(tr("Rename…"), this);
    connect(rename, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem* item = m_list->currentItem();
        if (!item)
            return;
        bool ok = false;
        const QString newId = QInputDialog::getText(this, tr("Rename key"), tr("New key id:"), QLineEdit::Normal,
                                                    item->text(IdColumn), &ok);
        if (ok && !newId.trimmed().isEmpty() && newId != item->text(IdColumn))
            renameKey(item->text(IdColumn), newId.trimmed());
    });
    auto* copy = new QPushButton(tr("Copy fingerprint"), this);
    connect(copy, &QPushButton::clicked, this, [this] {
        if (const QTreeWidgetItem* item = m_list->currentItem())
            QApplication::clipboard()->setText(item->text(FingerprintColumn));
    });

    auto* valueRow = new QHBoxLayout;
    valueRow->addWidget(m_kind);
    valueRow->addWidget(m_value, 1);
    valueRow->addWidget(browse);
    valueRow->addWidget(generate);
    auto* form = new QFormLayout;
    form->addRow(tr("Key id"), m_id);
    form->addRow(tr("Key"), valueRow);
    form->addRow(tr("Label"), m_label);
    form->addRow(tr("Namespace"), m_namespace);
    form->addRow(QString(), m_remember);
    m_error->setStyleSheet(QStringLiteral("color: %1").arg(EventIcons::problemColor().name()));
    m_error->setWordWrap(true);
    m_keychainState->setWordWrap(true);
    const QString unavailable = m_keychain ? KeychainKeyStore::unavailableReason() : tr("no keychain on this system");
    m_remember->setChecked(unavailable.isEmpty());
    m_remember->setEnabled(unavailable.isEmpty());
    if (!unavailable.isEmpty())
        m_keychainState->setText(tr("The keychain is not available (%1): keys are kept for this session only.").arg(unavailable));
    m_keychainState->setVisible(!unavailable.isEmpty());

    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(rename);
    listButtons->addWidget(remove);
    listButtons->addWidget(copy);
    listButtons->addStretch(1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* addRow = new QHBoxLayout;
    addRow->addStretch(1);
    addRow->addWidget(add);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_keychainState);
    layout->addWidget(m_list, 1);
    layout->addLayout(listButtons);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addLayout(addRow);
    layout->addWidget(buttons);
    resize(760, 520);
    refresh();
}

void KeysDialog::prepareKey(const QString& id)
{
    m_id->setText(id);
    m_value->clear();
    m_value->setFocus();
}

void KeysDialog::refresh()
{
    m_list->clear();
    for (const SecretId& id : m_session->ids()) {
        if (id.kind != SecretKind::CodecKey)
            continue;
        const SecretPtr key = m_session->find(id);
        new QTreeWidgetItem(m_list, {id.name, key ? key->fingerprint() : QString(), tr("this session"), QString(), QString()});
    }
    for (const KeyCatalog::Entry& entry : KeyCatalog().entries(SecretKind::CodecKey)) {
        new QTreeWidgetItem(m_list, {entry.id.name, entry.fingerprint, tr("the keychain"),
                                     entry.temporalNamespace.isEmpty() ? tr("any") : entry.temporalNamespace, entry.label});
    }
    m_list->resizeColumnToContents(IdColumn);
    m_list->resizeColumnToContents(FingerprintColumn);
}

void KeysDialog::addFromForm()
{
    addKey(m_id->text().trimmed(), m_kind->currentData().toString() + QLatin1Char(':') + m_value->text(),
           m_remember->isChecked(), m_label->text().trimmed(), m_namespace->text().trimmed());
}

void KeysDialog::showError(const QString& message)
{
    m_error->setText(message);
}

QString KeysDialog::errorText() const
{
    return m_error->text();
}

QStringList KeysDialog::keyIds() const
{
    QStringList ids;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        ids << m_list->topLevelItem(i)->text(IdColumn);
    return ids;
}

bool KeysDialog::isInKeychain(const QString& id) const
{
    return KeyCatalog().find(codecKey(id)).has_value();
}

void KeysDialog::addKey(const QString& id, const QString& spec, bool inKeychain, const QString& label,
                        const QString& temporalNamespace)
{
    m_error->clear();
    if (id.isEmpty())
        return showError(tr("Give the key id the payloads name in encryption-key-id."));
    auto key = KeySpec::parse(spec);
    if (!key.ok())
        return showError(key.error().toString());
    const SecretPtr secret = key.value();
    if (!inKeychain || !m_keychain) {
        m_session->insert(codecKey(id), secret);
        m_value->clear();
        refresh();
        Q_EMIT keysChanged();
        return;
    }
    QPointer<KeysDialog> self(this);
    m_keychain->write(codecKey(id), secret, [self, id, secret, label, temporalNamespace](Result<void> written) {
        if (!self)
            return;
        if (!written.ok())
            return self->showError(written.error().toString());
        KeyCatalog().put({codecKey(id), QDateTime::currentDateTimeUtc(), secret->fingerprint(), label, temporalNamespace});
        self->m_value->clear();
        self->refresh();
        Q_EMIT self->keysChanged();
    });
}

void KeysDialog::removeKey(const QString& id)
{
    m_error->clear();
    if (m_session->find(codecKey(id))) {
        m_session->remove(codecKey(id), [](Result<void>) {});
        refresh();
        Q_EMIT keysChanged();
        return;
    }
    if (!isInKeychain(id) || !m_keychain)
        return;
    QPointer<KeysDialog> self(this);
    m_keychain->remove(codecKey(id), [self, id](Result<void> removed) {
        if (!self)
            return;
        if (!removed.ok())
            return self->showError(removed.error().toString());
        KeyCatalog().remove(codecKey(id));
        self->refresh();
        Q_EMIT self->keysChanged();
    });
}

void KeysDialog::renameKey(const QString& id, const QString& newId)
{
    m_error->clear();
    if (SecretPtr key = m_session->find(codecKey(id))) {
        m_session->insert(codecKey(newId), key);
        m_session->remove(codecKey(id), [](Result<void>) {});
        refresh();
        Q_EMIT keysChanged();
        return;
    }
    const auto entry = KeyCatalog().find(codecKey(id));
    if (!entry || !m_keychain)
        return;
    // The keychain has no rename: the secret is read, written under the new id, and the old entry deleted.
    QPointer<KeysDialog> self(this);
    KeyStore* keychain = m_keychain;
    keychain->read(codecKey(id), [self, keychain, id, newId, entry](Result<SecretPtr> read) {
        if (!self)
            return;
        if (!read.ok() || !read.value())
            return self->showError(read.ok() ? tr("The keychain has no key “%1” any more.").arg(id) : read.error().toString());
        keychain->write(codecKey(newId), read.value(), [self, keychain, id, newId, entry](Result<void> written) {
            if (!self)
                return;
            if (!written.ok())
                return self->showError(written.error().toString());
            KeyCatalog().put({codecKey(newId), entry->added, entry->fingerprint, entry->label, entry->temporalNamespace});
            keychain->remove(codecKey(id), [self, id](Result<void>) {
                KeyCatalog().remove(codecKey(id));
                if (!self)
                    return;
                self->refresh();
                Q_EMIT self->keysChanged();
            });
        });
    });
}

} // namespace hl
