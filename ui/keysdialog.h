#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace hl {

class SessionKeyStore;

// The codec keys HistoryLens decodes with: their ids, where they are kept and their fingerprints, never their bytes.
// Keys are added by pasting hex, base64 or text, or from a raw key file; adding one re-decodes the open histories.
class KeysDialog : public QDialog {
    Q_OBJECT

public:
    KeysDialog(SessionKeyStore* keys, QWidget* parent = nullptr);

    // Adds a key as the form would; false (with the reason shown) when the spec is not a key.
    bool addKey(const QString& id, const QString& spec);
    QString errorText() const;

Q_SIGNALS:
    void keysChanged();

private:
    void refresh();
    void addFromForm();

    SessionKeyStore* m_keys;
    QTreeWidget* m_list;
    QLineEdit* m_id;
    QComboBox* m_kind;
    QLineEdit* m_value;
    QLabel* m_error;
};

} // namespace hl
