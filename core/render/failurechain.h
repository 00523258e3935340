#pragma once

#include "render/payloadcontext.h"
#include "render/stacktrace.h"

#include <temporal/api/failure/v1/message.pb.h>

#include <QString>

#include <utility>
#include <vector>

namespace hl {

// A failure and its causes, one level each, as a reader wants them: the message (restored from encoded attributes),
// what kind of failure it is, where it came from, whether it is retried, its decoded details and its stack trace
// read as frames. Levels past kMaxDepth are not followed (a hostile history can nest causes without end).
class FailureChain {
public:
    static constexpr int kMaxDepth = 32;

    struct Level {
        const temporal::api::failure::v1::Failure* failure = nullptr;
        QString path;    // "failure.cause", relative to where the chain was taken
        QString message;
        QString kind;    // "Application", "Timeout", "Activity", "ChildWorkflowExecution", ...
        QString type;    // an application failure's type ("ValueError", "java.lang.IllegalStateException")
        QString source;  // "JavaSDK", "GoSDK", "Server", ...
        std::vector<std::pair<QString, QString>> facts; // the failure info's other fields: ("Non-retryable", "true")
        QString details;    // decoded details (application, canceled, timeout heartbeat), compact JSON
        QString stackText;  // the stack trace as written
        StackTrace stack;
    };

    // `path` is the failure's own path ("failure", "lastFailure"); causes add ".cause".
    static FailureChain of(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context,
                           const QString& path = QStringLiteral("failure"));

    const std::vector<Level>& levels() const { return m_levels; }
    // Every level's message, the outermost first, joined by " <- ".
    QString messages() const;

    // The encoded attributes of the failure and its causes (up to kMaxDepth), for a caller to decode.
    static std::vector<const temporal::api::common::v1::Payload*> encodedAttributes(const temporal::api::failure::v1::Failure& failure);
    bool truncated() const { return m_truncated; }

private:
    std::vector<Level> m_levels;
    bool m_truncated = false;
};

} // namespace hl
