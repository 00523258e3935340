#pragma once

#ifndef Q_MOC_RUN
#include "frontend/connectionsettings.h"
#include "frontend/workflowref.h"
#endif

#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace hl {

class CodecServerClient;
class FrontendInquiry;
class KeyStore;

// Asks a workflow's worker where the workflow is and what it answers: its call stack (the enhanced one, with file,
// line and code, where the SDK offers it), with a Refresh and the time it was asked; the queries, signals and
// updates the worker lists (__temporal_workflow_metadata) with their descriptions; and a query run with JSON
// arguments, encoded with the key the workflow's input uses, through the Codec Server's /encode, or as plain JSON,
// its answer decoded. Everything is asked off the GUI thread; a newer question drops the older one's answer.
class CallStackPanel : public QWidget {
    Q_OBJECT

public:
    // `codecServer` says which Codec Server decodes and encodes (may return null); `inputKeyId` the codec key id the
    // workflow's own input was encrypted with (empty when none); `stores` outlive the panel.
    CallStackPanel(ConnectionSettings settings, WorkflowRef workflow, std::vector<KeyStore*> stores,
                   std::function<std::shared_ptr<CodecServerClient>()> codecServer, std::function<QString()> inputKeyId,
                   QWidget* parent = nullptr);
    ~CallStackPanel() override;

    void refresh();
    // Refresh, or while asking, stop asking.
    void refreshOrCancel();
    void runQuery();
    void setWorkflow(const WorkflowRef& workflow);
    QString stackText() const;
    QString stateText() const;
    QString answerText() const;
    bool isBusy() const;
    QComboBox* queryBox() const { return m_queries; }
    QPlainTextEdit* argumentsEdit() const { return m_arguments; }
    QComboBox* encodingBox() const { return m_encoding; }

Q_SIGNALS:
    void answered(); // the stack or a query's answer came (or failed)

protected:
    void showEvent(QShowEvent* event) override;

private:
    void stackAnswered();
    void restoreRefresh();
    void queryAnswered();
    void fillEncodings();
    struct Arguments; // the query's arguments as payloads
    void askQuery(std::shared_ptr<Arguments> arguments, bool throughCodecServer);
    void describeQuery();

    ConnectionSettings m_settings;
    WorkflowRef m_workflow;
    std::vector<KeyStore*> m_stores;
    std::function<std::shared_ptr<CodecServerClient>()> m_codecServer;
    std::function<QString()> m_inputKeyId;
    QPointer<FrontendInquiry> m_asking;   // stack and metadata
    QPointer<FrontendInquiry> m_querying; // a query
    int m_queryGeneration = 0;
    bool m_loaded = false;
    QString m_asOf; // when the stack shown was asked for
    bool m_encodingChosen = false; // the user picked how arguments are encoded
    std::vector<std::pair<QString, QString>> m_queryDescriptions;

    QToolButton* m_refresh;
    QCheckBox* m_enhanced;
    QLabel* m_state;
    QPlainTextEdit* m_stack;
    QComboBox* m_queries;
    QLabel* m_queryDescription;
    QPlainTextEdit* m_arguments;
    QComboBox* m_encoding;
    QPushButton* m_run;
    QPlainTextEdit* m_answer;
    QLabel* m_handlers;
};

} // namespace hl
