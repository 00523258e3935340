#include "frontend/frontenderror.h"

#include <QRegularExpression>

namespace hl {

namespace {

// grpc::StatusCode values (grpcpp/support/status_code_enum.h), which are fixed by the gRPC protocol.
enum GrpcCode {
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    Unauthenticated = 16,
};

bool looksLikeTls(const QString& message)
{
    const QString lower = message.toLower();
    for (const char* word : {"ssl", "tls", "handshake", "certificate", "peer name", "alpn"}) {
        if (lower.contains(QLatin1String(word)))
            return true;
    }
    return false;
}

QString tlsReason(const QString& message)
{
    const QString lower = message.toLower();
    if (lower.contains(QLatin1String("peer name")) || lower.contains(QLatin1String("hostname")) || lower.contains(QLatin1String("name mismatch")))
        return QStringLiteral("the server's certificate is not for this host name (give --tls-server-name with the name it is for)");
    if (lower.contains(QLatin1String("expired")))
        return QStringLiteral("the server's certificate has expired");
    if (lower.contains(QLatin1String("certificate_verify_failed")) || lower.contains(QLatin1String("unknown ca"))
        || lower.contains(QLatin1String("self signed")) || lower.contains(QLatin1String("self-signed")))
        return QStringLiteral("the server's certificate is not signed by a trusted CA (give the CA with --tls-ca-path)");
    if (lower.contains(QLatin1String("certificate required")) || lower.contains(QLatin1String("alert")))
        return QStringLiteral("the server refused the connection during the TLS handshake (does it need a client certificate?)");
    if (lower.contains(QLatin1String("wrong version number")) || lower.contains(QLatin1String("record layer")))
        return QStringLiteral("the server does not speak TLS there (try without --tls)");
    return QStringLiteral("the TLS handshake failed");
}

// gRPC reports an HTTP status that is not 200 (a proxy in front of the frontend answered) as
// "Received http2 header with status: N"; 0 when the message has none.
int httpStatusIn(const QString& message)
{
    static const QRegularExpression pattern(QStringLiteral("http2 header with status: (\\d+)"));
    const QRegularExpressionMatch match = pattern.match(message);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

} // namespace

Error FrontendError::fromStatus(int grpcCode, const QString& serverMessage, const Context& context)
{
    const QString where = context.address;
    const QString detail = serverMessage.isEmpty() ? QString() : QStringLiteral(" (server said: %1)").arg(serverMessage);
    switch (httpStatusIn(serverMessage)) {
    case 400:
        if (context.tls && !context.clientCertificate)
            return Error{ErrorCode::Unauthenticated,
                         QStringLiteral("%1 answered HTTP 400 to %2: a proxy that wants a client certificate answers so when none "
                                        "is given (--tls-cert-path, --tls-key-path)%3")
                             .arg(where, context.call, detail)};
        return Error{ErrorCode::ServerError,
                     QStringLiteral("%1 answered HTTP 400 to %2: a proxy there refused the request%3").arg(where, context.call, detail)};
    case 403:
        return Error{ErrorCode::Forbidden, QStringLiteral("%1 refused %2 (HTTP 403)%3").arg(where, context.call, detail)};
    case 404:
        return Error{ErrorCode::ServerError,
                     QStringLiteral("%1 has no Temporal frontend (HTTP 404 for %2): is the address right?%3").arg(where, context.call, detail)};
    case 502:
    case 503:
    case 504:
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("a proxy at %1 could not reach the Temporal server behind it%2").arg(where, detail)};
    default:
        break;
    }
    switch (grpcCode) {
    case Cancelled:
        return Error{ErrorCode::Cancelled, QStringLiteral("cancelled")};
    case DeadlineExceeded:
        return Error{ErrorCode::DeadlineExceeded,
                     QStringLiteral("the Temporal server at %1 did not answer %2 in time").arg(where, context.call)};
    case Unavailable:
        if (context.tls && looksLikeTls(serverMessage))
            return Error{ErrorCode::TlsFailed, QStringLiteral("TLS with %1 failed: %2%3").arg(where, tlsReason(serverMessage), detail)};
        if (!context.tls && serverMessage.contains(QLatin1String("http1.x server"), Qt::CaseInsensitive))
            return Error{ErrorCode::Unavailable,
                         QStringLiteral("the server at %1 does not speak gRPC without TLS: does it need TLS (--tls)?%2").arg(where, detail)};
        if (!context.tls && serverMessage.contains(QLatin1String("Socket closed"), Qt::CaseInsensitive))
            return Error{ErrorCode::Unavailable,
                         QStringLiteral("the server at %1 closed the connection; is it a Temporal frontend, and does it need TLS (--tls)?%2")
                             .arg(where, detail)};
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("cannot reach a Temporal server at %1: is one running there?%2").arg(where, detail)};
    case Unauthenticated: {
        QString what = context.apiKey ? QStringLiteral("the API key")
                                      : context.clientCertificate ? QStringLiteral("the client certificate")
                                                                  : QStringLiteral("this client (no API key or client certificate was given)");
        return Error{ErrorCode::Unauthenticated, QStringLiteral("%1 was rejected by %2%3").arg(what, where, detail)};
    }
    case PermissionDenied:
        return Error{ErrorCode::Forbidden,
                     QStringLiteral("not allowed to call %1 in namespace %2 at %3%4").arg(context.call, context.temporalNamespace, where, detail)};
    case NotFound: {
        const QString lower = serverMessage.toLower();
        if (lower.contains(QLatin1String("namespace")))
            return Error{ErrorCode::NotFound,
                         QStringLiteral("namespace %1 does not exist at %2%3").arg(context.temporalNamespace, where, detail)};
        if (!context.workflow.runId.isEmpty())
            return Error{ErrorCode::NotFound,
                         QStringLiteral("no run %1 of workflow %2 in namespace %3%4")
                             .arg(context.workflow.runId, context.workflow.workflowId, context.temporalNamespace, detail)};
        if (!context.workflow.workflowId.isEmpty())
            return Error{ErrorCode::NotFound,
                         QStringLiteral("no workflow %1 in namespace %2%3").arg(context.workflow.workflowId, context.temporalNamespace, detail)};
        return Error{ErrorCode::NotFound, QStringLiteral("%1: not found%2").arg(context.call, detail)};
    }
    case InvalidArgument:
        // A query the worker failed (unknown name, arguments it could not read, an exception) comes back as this, as
        // does one the server would not pass on (arguments too large, a malformed run id).
        if (context.call == QLatin1String("QueryWorkflow"))
            return Error{ErrorCode::ServerError, QStringLiteral("the query was refused, by the worker that failed it or by the server%1").arg(detail)};
        return Error{ErrorCode::UsageError, QStringLiteral("%1 rejected the request as invalid%2").arg(context.call, detail)};
    case Unimplemented:
        return Error{ErrorCode::ServerError,
                     QStringLiteral("the server at %1 does not offer %2: is it a Temporal frontend?%3").arg(where, context.call, detail)};
    case ResourceExhausted:
        return Error{ErrorCode::ServerError,
                     QStringLiteral("the server at %1 refused %2 for now (rate limit or a message too large)%3").arg(where, context.call, detail)};
    case FailedPrecondition:
        // The server's way of saying a query has no worker to go to.
        if (context.call == QLatin1String("QueryWorkflow"))
            return Error{ErrorCode::Unavailable,
                         QStringLiteral("no worker answered: is one polling the workflow's task queue?%1").arg(detail)};
        [[fallthrough]];
    default:
        return Error{ErrorCode::ServerError,
                     QStringLiteral("%1 failed at %2 with gRPC status %3%4").arg(context.call, where).arg(grpcCode).arg(detail)};
    }
}

} // namespace hl
