#pragma once

#ifndef Q_MOC_RUN
#include "history/history.h"
#include "render/payloadcontext.h"
#endif

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;
class QToolButton;

namespace google::protobuf {
class Message;
}

namespace hl {

class FailureView;

// The selected payload in full: its value pretty-printed (JSON highlighted, or text, or hex), the encoding chain,
// the stored bytes, a copy button, and for a payload that could not be decoded, why and what to do about it.
// A selected message (an event, a failure) is shown as readable JSON, a selected text field as wrapped text with its
// line breaks, Markdown details rendered, and a failure (the one selected, or the one a selected field is in) as
// cards of its cause chain.
class PayloadDetailView : public QWidget {
    Q_OBJECT

public:
    explicit PayloadDetailView(QWidget* parent = nullptr);

    void showPayload(const temporal::api::common::v1::Payload& stored, const PayloadContext& context, const QString& where);
    void showMessage(const google::protobuf::Message& message, const PayloadContext& context, const QString& where);
    // A field's value: a string as it is (wrapped, line breaks kept), a number, an enum.
    void showText(const QString& text, const QString& where);
    // After one of the above: Markdown (user metadata's details) rendered in a tab of its own, which comes to the front.
    void showMarkdown(const QString& markdown);
    // After one of the above: the failure the selection is or is in; `front` brings its cards to the front.
    void showFailure(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context,
                     const QString& path, bool front);
    // What Copy path and Copy event as JSON copy. `history` keeps the shown messages alive while they are shown.
    void setSelection(History history, int eventIndex, const QString& path, const PayloadContext& context);
    void clear();

    // Each puts its text on the clipboard and returns it (empty, and the clipboard untouched, when there is none).
    QString copyValue();
    QString copyPath();
    QString copyEventJson();
    FailureView* failureView() const { return m_failure; }
    QTabWidget* tabs() const { return m_tabs; }

    // What the pane shows, for tests and the copy button.
    QString valueText() const;
    QString markdownText() const;
    bool isWrapping() const;
    QString chainText() const;
    QString problemText() const;
    // The key id the shown payload lacks, when that is why it did not decode.
    QString missingKeyId() const { return m_missingKeyId; }

Q_SIGNALS:
    void addKeyRequested(const QString& keyId);

private:
    void setValue(const QString& text, bool json);
    void setTabShown(QWidget* page, bool shown);

    QLabel* m_title;
    QLabel* m_chain;
    QLabel* m_problem;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_value;
    QPlainTextEdit* m_raw;
    FailureView* m_failure;
    QTextBrowser* m_markdown;
    QPushButton* m_copy;
    QToolButton* m_more;
    QString m_fullValue;
    History m_history;
    int m_eventIndex = -1;
    QString m_path;
    PayloadContext m_context;
    QPushButton* m_addKey;
    QString m_missingKeyId;
};

} // namespace hl
