#include "ui/codecserver/codecserverbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace hl {

CodecServerBar::CodecServerBar(QWidget* parent)
    : QFrame(parent), m_text(new QLabel(this)), m_retry(new QPushButton(tr("&Retry"), this)),
      m_settings(new QPushButton(tr("Codec Server &Settings…"), this))
{
    setObjectName(QStringLiteral("codecServerBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette shade = palette();
    shade.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xea));
    shade.setColor(QPalette::WindowText, QColor(0x5c, 0x1a, 0x14));
    setPalette(shade);
    auto* icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(16, 16));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry->setToolTip(tr("Send the payloads that failed to the Codec Server again"));
    connect(m_retry, &QPushButton::clicked, this, &CodecServerBar::retryRequested);
    connect(m_settings, &QPushButton::clicked, this, &CodecServerBar::settingsRequested);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry);
    layout->addWidget(m_settings);
    setVisible(false);
}

void CodecServerBar::update(const DecodedPayloads& decoded)
{
    setRetrying(false);
    const qint64 failed = decoded.remoteFailedCount();
    if (failed == 0 || !decoded.firstRemoteError()) {
        setVisible(false);
        return;
    }
    const QString reason = decoded.firstRemoteError()->message;
    m_text->setText(failed == 1 ? tr("The Codec Server could not decode 1 payload: %1").arg(reason)
                                : tr("The Codec Server could not decode %1 payloads: %2").arg(failed).arg(reason));
    setVisible(true);
}

void CodecServerBar::setRetrying(bool retrying)
{
    m_retry->setEnabled(!retrying);
    m_retry->setText(retrying ? tr("Retrying…") : tr("&Retry"));
}

QString CodecServerBar::text() const
{
    return m_text->text();
}

} // namespace hl
