#pragma once

#include "ui/history/historytab.h"

#ifndef Q_MOC_RUN
#include "codec/decodedpayloads.h"
#include "history/historyfile.h"
#endif

#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace hl {

class CodecServerResolver;
class HistoryLoadJob;

// A history from a file: the tab shows reading and decoding progress with Cancel while the file loads (off the GUI
// thread), then the history. A file with several workflows (a Cloud export) asks which to open: the first chosen
// stays here, the others open in tabs of their own from what was read (FileTab::opened).
class FileTab : public HistoryTab {
    Q_OBJECT

public:
    // Loads `path`. `stores` and `codecServers` must outlive the tab.
    FileTab(QString path, std::vector<KeyStore*> stores, CodecServerResolver* codecServers, QWidget* parent = nullptr);
    // History `index` of a file already read and decoded.
    static FileTab* opened(QString path, std::shared_ptr<const HistoryFile> file, size_t index, DecodedPayloadsPtr decoded,
                           std::shared_ptr<CodecServerClient> codecServer, std::vector<KeyStore*> stores,
                           CodecServerResolver* codecServers);
    ~FileTab() override;

    HistoryView* historyView() const override { return m_view; }
    QString title() const override;
    QString sourceText() const override;
    QString stateText() const override;
    bool isLoading() const override;
    QString errorText() const override { return m_error; }
    QString codecServerScope() const override;
    QString path() const { return m_path; }
    bool wasCancelled() const { return m_cancelled; }

    void reload() override;
    void cancel() override;
    void setCodecServer(std::shared_ptr<CodecServerClient> client) override;

    // After loadFinished() for a file of several histories: what it holds, and which to show here.
    const std::shared_ptr<const HistoryFile>& file() const { return m_file; }
    const std::vector<DecodedPayloadsPtr>& decoded() const { return m_decoded; }
    const std::shared_ptr<CodecServerClient>& codecServer() const { return m_codecServer; }
    bool holdsSeveralHistories() const { return m_file && m_file->histories.size() > 1 && !m_view; }
    void showHistory(size_t index);

protected:
    std::vector<KeyStore*> keyStores() const override { return m_stores; }

private:
    FileTab(QString path, std::vector<KeyStore*> stores, CodecServerResolver* codecServers, bool load, QWidget* parent);
    void startJob();
    void jobFinished();

    QString m_path;
    std::vector<KeyStore*> m_stores;
    QPointer<CodecServerResolver> m_codecServers;
    std::shared_ptr<CodecServerClient> m_codecServer;
    QPointer<HistoryLoadJob> m_job;
    bool m_resolving = false; // the Codec Server's secrets are read from the keychain before the job starts
    bool m_cancelled = false;
    QString m_error;
    std::shared_ptr<const HistoryFile> m_file;
    std::vector<DecodedPayloadsPtr> m_decoded;
    size_t m_index = 0;

    QStackedWidget* m_stack;
    QWidget* m_loading;
    QLabel* m_loadingText;
    QProgressBar* m_progress;
    QPushButton* m_cancelButton;
    HistoryView* m_view = nullptr;
};

} // namespace hl
