#pragma once

#ifndef Q_MOC_RUN
#include "frontend/connectionsettings.h"
#include "ui/codecserver/codecserverpreferences.h"
#endif

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace hl {

class KeyStore;

// Edit > Codec Server: where this scope (a profile's namespace, or files) decodes what local keys cannot, with the
// Authorization value and extra headers kept in the OS keychain, never in settings. A profile's codec.endpoint shows
// as the default; what is entered here overrides it on this machine.
class CodecServerDialog : public QDialog {
    Q_OBJECT

public:
    // `connection` (may be null) gives the profile's endpoint; `keychain` must outlive the dialog.
    CodecServerDialog(QString scope, const ConnectionSettings* connection, KeyStore* keychain, QWidget* parent = nullptr);

    QLineEdit* endpointField() const { return m_endpoint; }
    QLineEdit* authField() const { return m_auth; }
    QPlainTextEdit* headersField() const { return m_headers; }
    QComboBox* orderField() const { return m_order; }

    // Stores what the form says (preferences, then the secrets), then accepts; errors keep the dialog open.
    void save();

Q_SIGNALS:
    void saved(const QString& scope);

private:
    void load();

    QString m_scope;
    QString m_profileEndpoint;
    KeyStore* m_keychain;
    QLineEdit* m_endpoint;
    QLineEdit* m_auth;
    QPlainTextEdit* m_headers;
    QComboBox* m_order;
    QLineEdit* m_caFile;
    QCheckBox* m_allowPlaintext;
    QLabel* m_problem;
};

} // namespace hl
