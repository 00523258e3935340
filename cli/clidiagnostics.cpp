#include "cli/clidiagnostics.h"

#include "codecserver/codecserverclient.h"

#include "codec/payloadlocator.h"
#include "render/eventtext.h"
#include "support/terminaltext.h"
#include "render/noticetext.h"

namespace hl {

namespace {

const char* const kProgram = "historylens-cli";

void print(QIODevice& device, const QString& text)
{
    device.write(text.toUtf8());
}

} // namespace

void CliDiagnostics::warnings(QIODevice& err, const std::vector<Error>& errors)
{
    for (const Error& error : errors)
        print(err, QStringLiteral("%1: warning: %2\n").arg(QLatin1String(kProgram), TerminalText::clean(error.toString())));
}

void CliDiagnostics::notices(QIODevice& err, const QString& sourceName, const History& history)
{
    const auto notices = history.notices();
    for (int i = 0; i < int(notices.size()) && i < kShown; ++i)
        print(err, QStringLiteral("%1: note: %2: %3\n").arg(QLatin1String(kProgram), TerminalText::clean(sourceName), TerminalText::clean(NoticeText::of(notices[size_t(i)], history))));
    if (notices.size() > size_t(kShown))
        print(err, QStringLiteral("%1: note: %2 more notes not shown\n").arg(QLatin1String(kProgram)).arg(notices.size() - size_t(kShown)));
}

void CliDiagnostics::decodeFailures(QIODevice& err, const QString& sourceName, const History& history, const DecodedPayloads& decoded)
{
    if (decoded.failedCount() == 0)
        return;
    qint64 shown = 0;
    for (int i = 0; i < history.eventCount() && shown < kShown; ++i) {
        const auto& event = history.event(i);
        PayloadLocator::forEvents().forEach(event, [&](const auto& payload, const std::string& path) {
            const DecodedPayload* result = decoded.find(payload);
            if (!result || !result->failed() || shown >= kShown)
                return;
            ++shown;
            print(err, TerminalText::clean(QStringLiteral("%1: %2: event %3 (%4), %5: %6")
                                               .arg(QLatin1String(kProgram), sourceName)
                                               .arg(event.event_id())
                                               .arg(EventText::typeName(history, i), QString::fromStdString(path),
                                                    result->error ? result->error->message : QStringLiteral("not decoded")))
                           + QLatin1Char('\n'));
        });
    }
    if (decoded.failedCount() > shown)
        print(err, QStringLiteral("%1: %2 more payloads not decoded\n").arg(QLatin1String(kProgram)).arg(decoded.failedCount() - shown));
    for (const std::string& keyId : decoded.missingKeyIds()) {
        // The id is the history's: shown escaped, and quoted so that the command runs with exactly this id.
        const QString id = QString::fromStdString(keyId);
        print(err, QStringLiteral("%1: hint: give the key `%2` with --key %3 (or base64:, text:, file:)\n")
                       .arg(QLatin1String(kProgram), TerminalText::clean(id),
                            TerminalText::shellQuoted(id + QStringLiteral("=hex:..."))));
    }
}

void CliDiagnostics::codecServer(QIODevice& err, const CodecServerClient& client)
{
    const auto statistics = client.statistics();
    QString line = QStringLiteral("historylens-cli: Codec Server %1: %2 %3")
                       .arg(TerminalText::clean(client.settings().hostLabel()))
                       .arg(statistics.requests)
                       .arg(statistics.requests == 1 ? QStringLiteral("request") : QStringLiteral("requests"));
    if (statistics.retries > 0)
        line += QStringLiteral(" (%1 retried)").arg(statistics.retries);
    if (statistics.cacheHits > 0)
        line += QStringLiteral(", %1 payloads answered from the session's cache").arg(statistics.cacheHits);
    err.write((line + QLatin1Char('\n')).toUtf8());
}

} // namespace hl
