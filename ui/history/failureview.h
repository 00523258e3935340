#pragma once

#ifndef Q_MOC_RUN
#include "render/failurechain.h"
#endif

#include <QTextBrowser>

namespace hl {

// A failure as the detail pane shows it: a card per level of the cause chain (message, kind and type, source, the
// failure info's facts, decoded details) with the stack trace below it, one frame a line, wrapped, the frames in the
// user's code bold and the SDK's and runtime's dimmed. Each card has Copy message, Copy stack trace and Copy failure
// as JSON; the text itself is selectable.
class FailureView : public QTextBrowser {
    Q_OBJECT

public:
    enum class Copy { Message, StackTrace, Json };
    // Frames beyond this many are not drawn (Copy stack trace still takes them all).
    static constexpr int kMaxShownFrames = 2000;

    explicit FailureView(QWidget* parent = nullptr);

    void setFailure(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context, const QString& path);
    void clearFailure();
    const FailureChain& chain() const { return m_chain; }

    // Puts the level's text on the clipboard and returns it.
    QString copy(Copy what, int level);

private:
    void render();

    FailureChain m_chain;
    PayloadContext m_context;
};

} // namespace hl
