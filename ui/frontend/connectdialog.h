#pragma once

#ifndef Q_MOC_RUN
#include "frontend/clientconfig.h"
#include "frontend/connectionsettings.h"
#endif

#include <QDialog>

#include <map>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace hl {

class KeyStore;

// File > Connect: pick a profile of Temporal's client configuration (the temporal CLI's temporal.toml, with the
// TEMPORAL_* variables over it), or type an address, namespace, TLS and mTLS files and an API key; save it as a
// profile the temporal CLI reads back. A typed API key is kept in the OS keychain, never in the file.
class ConnectDialog : public QDialog {
    Q_OBJECT

public:
    // `keychain` holds API keys by profile (SecretKind::CloudApiKey) and must outlive the dialog.
    ConnectDialog(KeyStore* keychain, QWidget* parent = nullptr,
                  ClientConfig::Sources sources = ClientConfig::Sources());

    // Valid after accept().
    const ConnectionSettings& settings() const { return m_settings; }
    QString configFilePath() const { return m_configPath; }

    // For tests: the form's fields.
    QComboBox* profileBox() const { return m_profile; }
    QLineEdit* addressEdit() const { return m_address; }
    QLineEdit* apiKeyEdit() const { return m_apiKey; }
    QLineEdit* keyPathEdit() const { return m_keyPath; }
    QLineEdit* certPathEdit() const { return m_certPath; }
    QLineEdit* caPathEdit() const { return m_caPath; }
    QLineEdit* passphraseEdit() const { return m_passphrase; }
    QCheckBox* tlsBox() const { return m_tls; }
    // Writes the form as profile `name` (and its API key, if one was typed, to the keychain); calls `done` when both
    // are stored.
    void saveProfile(const QString& name, std::function<void(Result<void>)> done);
    // Removes profile `name` from the file, and its API key from the keychain.
    void deleteProfile(const QString& name, std::function<void(Result<void>)> done);
    // What accept would connect with, without the keychain's API key.
    Result<ConnectionSettings> formSettings() const;
    QString problem() const;

public Q_SLOTS:
    void accept() override;

private:
    void loadProfiles();
    void showProfile(const QString& name);
    ClientProfile formProfile() const;
    // The secrets typed into the form, by where they are kept in the keychain.
    std::vector<std::pair<SecretId, SecretPtr>> typedSecrets(const QString& profile) const;
    // Secrets the form left empty that the keychain holds for this profile and key file.
    std::vector<SecretId> storedSecrets(const QString& profile) const;

    KeyStore* m_keychain;
    ClientConfig::Sources m_sources;
    QString m_configPath;
    std::map<QString, ClientProfile> m_profiles;
    ConnectionSettings m_settings;

    QComboBox* m_profile;
    QLineEdit* m_address;
    QLineEdit* m_namespace;
    QCheckBox* m_tls;
    QLineEdit* m_caPath;
    QLineEdit* m_certPath;
    QLineEdit* m_keyPath;
    QLineEdit* m_serverName;
    QLineEdit* m_apiKey;
    QLineEdit* m_passphrase;
    QCheckBox* m_rememberApiKey;
    QLabel* m_problem;
};

} // namespace hl
