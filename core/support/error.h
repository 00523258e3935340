#pragma once

#include <QString>

namespace hl {

enum class ErrorCode {
    NotFound,
    PermissionDenied,
    NotAFile,
    TooLarge,
    ReadFailed,
    Empty,
    Truncated,
    CorruptCompressedData,
    InvalidJson,
    InvalidStructure,
    UnknownFormat,
    OutOfRange,
    Cancelled,
    WriteFailed,
    UsageError,
    UnknownKey,           // no key with the payload's encryption-key-id
    InvalidKey,           // a key of the wrong size for its cipher
    AuthenticationFailed, // AES-GCM tag mismatch: wrong key or tampered data
    UnknownEncoding,      // an encoding HistoryLens has no codec for
    Unavailable,          // no server answers at the address (or the connection broke)
    Unauthenticated,      // the server rejected the API key or client certificate
    Forbidden,            // authenticated, but not allowed
    DeadlineExceeded,     // the server did not answer in time
    TlsFailed,            // the TLS handshake failed (certificate, name, CA)
    ServerError,          // any other status the server answered with
    SelfTestFailed,       // a check at start failed (AES-GCM's known answers): the feature is refused
};

// A failure a person can act on: what went wrong (message), in which source, and where inside it (a byte offset,
// an event, a field path). Errors are values: nothing in HistoryLens throws across a Qt boundary.
struct Error {
    Error() = default;
    Error(ErrorCode code, QString message, QString source = {}, QString location = {})
        : code(code), message(std::move(message)), source(std::move(source)), location(std::move(location))
    {
    }

    ErrorCode code = ErrorCode::ReadFailed;
    QString message;
    QString source;   // a file name, "standard input", ...
    QString location; // "byte 1234", "event #5 (id 5), field input.payloads[0]", ...

    Error withSource(const QString& name) const;
    Error withLocation(const QString& where) const;

    // "source: location: message", leaving out the parts that are unknown.
    QString toString() const;
};

} // namespace hl
