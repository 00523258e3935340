#pragma once

#ifndef Q_MOC_RUN
#include "frontend/connectionsettings.h"
#endif

#include <QWidget>

#include <memory>
#include <vector>

namespace hl {

class CodecServerClient;
class HistoryView;
class KeyStore;

// One open history, whatever its source: a tab owns its load job and its view, and every action on it (keys or
// Codec Server changed, export, search, reload, close) is correct while it is loading, failed or empty. FileTab and
// FrontendTab are its two sources; MainWindow knows only this shape.
class HistoryTab : public QWidget {
    Q_OBJECT

public:
    using QWidget::QWidget;

    // Null while nothing is shown yet (loading, or failed before the first events).
    virtual HistoryView* historyView() const = 0;
    virtual QString title() const = 0;
    virtual QString sourceText() const = 0; // where the history came from, for the tooltip and the status bar
    virtual QString stateText() const = 0;  // "Loading…", "Failed", "Live", or empty when there is nothing to say
    virtual bool isLoading() const = 0;
    virtual QString errorText() const = 0;  // why the last load failed; empty when it did not
    // Where this tab's Codec Server settings live (CodecServerPreferences).
    virtual QString codecServerScope() const = 0;
    // The frontend the history came from; null for a file.
    virtual const ConnectionSettings* connection() const { return nullptr; }
    virtual bool canReload() const { return true; }

    virtual void reload() = 0;
    virtual void cancel() = 0;
    // Keys were added or removed: the history decodes again, now or when the load in progress ends.
    void keysChanged();
    // New Codec Server settings for this tab's scope.
    virtual void setCodecServer(std::shared_ptr<CodecServerClient> client) = 0;

Q_SIGNALS:
    // The state, the events or the title changed.
    void changed();
    // A load ended, with the history shown or an error.
    void loadFinished();
    void addKeyRequested(const QString& keyId);
    void openWorkflowRequested(const QString& workflowId, const QString& runId);
    void codecServerSettingsRequested();
    // Something to tell in the status bar (a keychain that could not be asked).
    void message(const QString& text);

protected:
    // Decodes again what failed if keys changed while loading; subclasses call it when a load ends.
    void loadEnded();
    // Connects a new view's signals to the tab's.
    void adopt(HistoryView* view);
    // The Codec Server bar's Retry: decodes the history shown again, through the Codec Server set now.
    virtual void retryCodecServer();
    virtual std::vector<KeyStore*> keyStores() const = 0;

private:
    bool m_keysChangedWhileLoading = false;
};

} // namespace hl
