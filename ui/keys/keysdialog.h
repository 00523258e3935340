#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace hl {

class KeyStore;
class SessionKeyStore;

// The codec keys HistoryLens decodes with: ids, labels, namespaces, where they are kept (this session or the OS
// keychain) and their fingerprints, never their bytes. Keys are added by pasting hex, base64 or text, from a raw key
// file, or generated; renamed, deleted (after asking) and their fingerprints copied. A change re-decodes the open
// histories.
class KeysDialog : public QDialog {
    Q_OBJECT

public:
    // `keychain` may be null (no keychain on this system); both must outlive the dialog.
    KeysDialog(SessionKeyStore* session, KeyStore* keychain, QWidget* parent = nullptr);

    // Prefills the form for a key id a payload asked for.
    void prepareKey(const QString& id);

    // What the form's buttons do, without the questions. Results arrive through keysChanged() or errorText().
    void addKey(const QString& id, const QString& spec, bool inKeychain, const QString& label = {},
                const QString& temporalNamespace = {});
    void removeKey(const QString& id);
    void renameKey(const QString& id, const QString& newId);
    QString errorText() const;
    QStringList keyIds() const; // as listed

Q_SIGNALS:
    void keysChanged();

private:
    void refresh();
    void addFromForm();
    void showError(const QString& message);
    bool isInKeychain(const QString& id) const;

    SessionKeyStore* m_session;
    KeyStore* m_keychain;
    QTreeWidget* m_list;
    QLineEdit* m_id;
    QComboBox* m_kind;
    QLineEdit* m_value;
    QLineEdit* m_label;
    QLineEdit* m_namespace;
    QCheckBox* m_remember;
    QLabel* m_keychainState;
    QLabel* m_error;
};

} // namespace hl
