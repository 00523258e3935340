#pragma once

#ifndef Q_MOC_RUN
#include "codec/decodedpayloads.h"
#endif

#include <QFrame>

class QLabel;
class QPushButton;

namespace hl {

// Says so above the tree when the Codec Server could not decode payloads (it refused the token, was not there, timed
// out, answered nonsense, or returned them still encoded), with the reason, Retry and the settings: the Web UI's
// banner, with what to do next. Hidden when the server decoded everything it was sent.
class CodecServerBar : public QFrame {
    Q_OBJECT

public:
    explicit CodecServerBar(QWidget* parent = nullptr);

    void update(const DecodedPayloads& decoded);
    // While a retry runs: the buttons wait.
    void setRetrying(bool retrying);
    QString text() const;

Q_SIGNALS:
    void retryRequested();
    void settingsRequested();

private:
    QLabel* m_text;
    QPushButton* m_retry;
    QPushButton* m_settings;
};

} // namespace hl
