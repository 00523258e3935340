#pragma once

#include "codecserver/codecserversettings.h"
#include "frontend/connectionsettings.h"
#include "support/result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <vector>

namespace hl {

// The Codec Server flags of `show`: the temporal CLI's --codec-endpoint, --codec-auth and --codec-header, and
// HistoryLens's own for trust, order and batching. The endpoint and auth also come from TEMPORAL_CODEC_ENDPOINT,
// TEMPORAL_CODEC_AUTH and a profile's codec.endpoint and codec.auth (already in ConnectionSettings), flags strongest;
// an auth value kept by the desktop app is found in the keychain when none of those gives one.
class CodecServerOptions {
public:
    CodecServerOptions();

    void addTo(QCommandLineParser& parser) const;
    // The settings for `connection`'s namespace; not enabled when no endpoint is configured anywhere.
    Result<CodecServerSettings> resolve(const QCommandLineParser& parser, const ConnectionSettings& connection) const;

    // "4MiB", "512KiB", "1048576": bytes, or -1.
    static qint64 sizeBytes(const QString& text);

private:
    QCommandLineOption m_endpoint, m_auth, m_authFile, m_header, m_headerFile, m_caFile, m_allowPlaintextAuth, m_order, m_batchPayloads,
        m_batchBytes, m_concurrency, m_timeout;
};

} // namespace hl
