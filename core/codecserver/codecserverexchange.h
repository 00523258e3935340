#pragma once

// moc cannot parse the generated protobuf headers; it needs none of them.
#ifndef Q_MOC_RUN
#include "codecserver/codecserverclient.h"
#endif

#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <functional>
#include <unordered_map>
#include <vector>

class QNetworkReply;

namespace hl {

// One CodecServerClient decode on the wire: cuts the payloads into batches, keeps a few requests in flight on the
// event loop of the thread it lives on, and turns every answer (or status, or broken connection) into outcomes.
// Batches are split when the server says a body is too large (413) or cannot be decoded as a whole (400), so one
// bad payload costs only itself. It never blocks: start() returns at once. Internal to CodecServerClient.
class CodecServerExchange : public QObject {
    Q_OBJECT

public:
    using Payload = CodecServerClient::Payload;
    using Outcome = CodecServerClient::Outcome;

    CodecServerExchange(CodecServerClient& client, const std::vector<const Payload*>& payloads,
                        std::vector<Outcome>* outcomes, const std::atomic<bool>* cancelled,
                        const CodecServerClient::Progress& progress, const QString& operation = QStringLiteral("decode"));
    ~CodecServerExchange() override;

    // Sends the first batches and returns; `done` runs on this thread's event loop once every payload has an outcome
    // (never from within start()). The exchange may be deleted from `done`.
    void start(std::function<void()> done);

private:
    struct Batch {
        std::vector<size_t> items; // indices into the payloads
        qint64 bytes = 0;          // estimated body size
        int attempt = 1;
        QUrl url;
        int redirects = 0;
        bool withCredentials = true; // false after a redirect to another origin
    };
    struct InFlight {
        Batch batch;
        QByteArray answer;
        QTimer* deadline = nullptr;
        bool timedOut = false;
        bool tooLarge = false;
        QString tlsProblem;
    };

    void enqueueAll();
    void pump();
    void send(Batch batch);
    void replyFinished(QNetworkReply* reply);
    void handleAnswer(InFlight&& flight, QNetworkReply* reply);
    // The batch's next attempt, after `delayMs` (a server's Retry-After) or, when negative, an exponential backoff.
    void retryLater(Batch batch, int delayMs = -1);
    // Splits a batch of more than one payload into halves; false when it holds one.
    bool split(const Batch& batch);
    void fail(const Batch& batch, const Error& error);
    void failQueued(const Error& error);
    void succeed(const Batch& batch, std::vector<Payload>&& answers);
    void pollCancel();
    void finishIfDone();
    void reportProgress();

    QNetworkRequest requestFor(const Batch& batch) const;
    QString where(const QUrl& url) const;

    CodecServerClient& m_client;
    const std::vector<const Payload*>& m_payloads;
    std::vector<Outcome>* m_outcomes;
    const std::atomic<bool>* m_cancelled;
    CodecServerClient::Progress m_progress;

    QNetworkAccessManager m_network;
    QSslConfiguration m_tls;
    std::function<void()> m_whenDone;
    bool m_finished = false;
    QTimer m_cancelPoll;
    QUrl m_url; // {endpoint}/decode, or /encode
    std::deque<Batch> m_queue;
    std::unordered_map<QNetworkReply*, InFlight> m_inFlight;
    int m_retriesWaiting = 0;
    std::optional<Error> m_stopAll;
    qint64 m_done = 0;
};

} // namespace hl
