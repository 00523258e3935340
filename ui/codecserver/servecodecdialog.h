#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace hl {

class CodecServing;
struct ServeCodecSettings;

// File › Serve Codec: HistoryLens's codecs and keys as a Codec Server for the Web UI and the temporal CLI, started
// and stopped here, with its URL, request count and recent requests. What is set here (never a secret) is kept in the
// settings for next time.
class ServeCodecDialog : public QDialog {
    Q_OBJECT

public:
    ServeCodecDialog(CodecServing* serving, QWidget* parent = nullptr);

    QLineEdit* listenField() const { return m_listen; }
    QPlainTextEdit* originsField() const { return m_origins; }
    QPushButton* startButton() const { return m_start; }
    QLabel* statusLabel() const { return m_status; }

    // Starts with the form's settings, or stops when serving; problems show in the dialog.
    void toggle();
    // The form as settings; an error names the field.
    bool readForm(ServeCodecSettings* settings, QString* problem) const;

private:
    void load();
    void saveForm() const;
    void refresh();

    CodecServing* m_serving;
    QLineEdit* m_listen;
    QPlainTextEdit* m_origins;
    QCheckBox* m_credentials;
    QLineEdit* m_encodeKey;
    QComboBox* m_compression;
    QLineEdit* m_tlsCert;
    QLineEdit* m_tlsKey;
    QLineEdit* m_jwks;
    QLineEdit* m_rules;
    QPushButton* m_start;
    QPushButton* m_copy;
    QLabel* m_status;
    QPlainTextEdit* m_log;
};

} // namespace hl
