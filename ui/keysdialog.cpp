#include "keysdialog.h"

#include "codec/aesgcm.h"
#include "eventicons.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hl {

KeysDialog::KeysDialog(SessionKeyStore* keys, QWidget* parent)
    : QDialog(parent), m_keys(keys), m_list(new QTreeWidget(this)), m_id(new QLineEdit(this)),
      m_kind(new QComboBox(this)), m_value(new QLineEdit(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Keys"));
    m_list->setHeaderLabels({tr("Key id"), tr("Fingerprint"), tr("Kept in")});
    m_list->setRootIsDecorated(false);
    m_list->header()->setStretchLastSection(true);

    m_id->setPlaceholderText(tr("encryption-key-id, e.g. test-key-id"));
    m_kind->addItem(tr("Hex"), QStringLiteral("hex"));
    m_kind->addItem(tr("Base64"), QStringLiteral("base64"));
    m_kind->addItem(tr("Text"), QStringLiteral("text"));
    m_kind->addItem(tr("File"), QStringLiteral("file"));
    m_value->setEchoMode(QLineEdit::Password); // a key on screen is a key shared
    m_value->setPlaceholderText(tr("the key"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Raw key file"));
        if (path.isEmpty())
            return;
        m_kind->setCurrentIndex(m_kind->findData(QStringLiteral("file")));
        m_value->setEchoMode(QLineEdit::Normal);
        m_value->setText(path);
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        m_value->setEchoMode(m_kind->currentData() == QLatin1String("file") ? QLineEdit::Normal : QLineEdit::Password);
    });
    auto* add = new QPushButton(tr("Add key"), this);
    connect(add, &QPushButton::clicked, this, &KeysDialog::addFromForm);
    auto* remove = new QPushButton(tr("Remove"), this);
    connect(remove, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem* item = m_list->currentItem();
        if (!item)
            return;
        m_keys->remove({SecretKind::CodecKey, item->text(0)}, [](Result<void>) {});
        refresh();
        Q_EMIT keysChanged();
    });

    auto* valueRow = new QHBoxLayout;
    valueRow->addWidget(m_kind);
    valueRow->addWidget(m_value, 1);
    valueRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Key id"), m_id);
    form->addRow(tr("Key"), valueRow);
    m_error->setStyleSheet(QStringLiteral("color: %1").arg(EventIcons::problemColor().name()));
    m_error->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* actions = new QHBoxLayout;
    actions->addWidget(remove);
    actions->addStretch(1);
    actions->addWidget(add);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addLayout(actions);
    layout->addWidget(buttons);
    resize(620, 420);
    refresh();
}

void KeysDialog::refresh()
{
    m_list->clear();
    for (const SecretId& id : m_keys->ids()) {
        if (id.kind != SecretKind::CodecKey)
            continue;
        const SecretPtr key = m_keys->find(id);
        auto* item = new QTreeWidgetItem(m_list, {id.name, key ? key->fingerprint() : QString(), tr("this session")});
        item->setToolTip(1, tr("The first 8 bytes of the key's SHA-256: enough to tell keys apart"));
    }
    m_list->resizeColumnToContents(0);
}

void KeysDialog::addFromForm()
{
    if (addKey(m_id->text().trimmed(), m_kind->currentData().toString() + QLatin1Char(':') + m_value->text())) {
        m_id->clear();
        m_value->clear();
    }
}

bool KeysDialog::addKey(const QString& id, const QString& spec)
{
    m_error->clear();
    if (id.isEmpty()) {
        m_error->setText(tr("Give the key id the payloads name in encryption-key-id."));
        return false;
    }
    auto key = KeySpec::parse(spec);
    if (!key.ok()) {
        m_error->setText(key.error().toString());
        return false;
    }
    if (!AesGcm::isValidKeySize(key.value()->size())) {
        m_error->setText(tr("The key is %1 bytes; AES keys are 16, 24 or 32.").arg(key.value()->size()));
        return false;
    }
    m_keys->insert({SecretKind::CodecKey, id}, key.value());
    refresh();
    Q_EMIT keysChanged();
    return true;
}

QString KeysDialog::errorText() const
{
    return m_error->text();
}

} // namespace hl
