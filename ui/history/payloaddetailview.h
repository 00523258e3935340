#pragma once

#ifndef Q_MOC_RUN
#include "render/payloadcontext.h"
#endif

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace google::protobuf {
class Message;
}

namespace hl {

// The selected payload in full: its value pretty-printed (JSON highlighted, or text, or hex), the encoding chain,
// the stored bytes, a copy button, and for a payload that could not be decoded, why and what to do about it.
// A selected message (an event, a failure) is shown as readable JSON.
class PayloadDetailView : public QWidget {
    Q_OBJECT

public:
    explicit PayloadDetailView(QWidget* parent = nullptr);

    void showPayload(const temporal::api::common::v1::Payload& stored, const PayloadContext& context, const QString& where);
    void showMessage(const google::protobuf::Message& message, const PayloadContext& context, const QString& where);
    void clear();

    // What the pane shows, for tests and the copy button.
    QString valueText() const;
    QString chainText() const;
    QString problemText() const;
    // The key id the shown payload lacks, when that is why it did not decode.
    QString missingKeyId() const { return m_missingKeyId; }

Q_SIGNALS:
    void addKeyRequested(const QString& keyId);

private:
    void setValue(const QString& text, bool json);

    QLabel* m_title;
    QLabel* m_chain;
    QLabel* m_problem;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_value;
    QPlainTextEdit* m_raw;
    QPushButton* m_copy;
    QPushButton* m_addKey;
    QString m_missingKeyId;
};

} // namespace hl
