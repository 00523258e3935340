#include "servecodec/codecexchange.h"

#include "support/terminaltext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace hl {

namespace {

QString shown(const std::string& text, int limit = 120)
{
    // The log is line-oriented and read on terminals: a header must not start a line or send a terminal escape.
    return TerminalText::clean(
        QString::fromUtf8(text.data(), qsizetype(std::min<size_t>(text.size(), size_t(limit) * 4))).left(limit));
}

} // namespace

QString CodecRequestRecord::logLine() const
{
    QString line = time.toString(Qt::ISODateWithMs) + QLatin1Char(' ') + shown(peer, 60) + QLatin1Char(' ')
                   + shown(method, 10) + QLatin1Char(' ') + shown(path);
    if (!origin.empty())
        line += QStringLiteral(" origin=") + shown(origin);
    if (!temporalNamespace.empty())
        line += QStringLiteral(" namespace=") + shown(temporalNamespace);
    if (!subject.empty())
        line += QStringLiteral(" subject=") + shown(subject);
    if (payloads > 0 || status == 200)
        line += QStringLiteral(" payloads=%1").arg(payloads);
    if (decoded > 0)
        line += (operation == "encode" ? QStringLiteral(" encoded=%1") : QStringLiteral(" decoded=%1")).arg(decoded);
    if (unchanged > 0)
        line += QStringLiteral(" unchanged=%1").arg(unchanged);
    if (failed > 0)
        line += QStringLiteral(" left-encoded=%1").arg(failed);
    if (overBudget > 0)
        line += QStringLiteral(" over-budget=%1").arg(overBudget);
    if (!missingKeyIds.empty()) {
        QStringList ids;
        for (const std::string& id : missingKeyIds)
            ids << shown(id, 60);
        line += QStringLiteral(" no-key-for=") + ids.join(QLatin1Char(','));
    }
    line += QStringLiteral(" -> %1 %2 (%3 ms)").arg(status).arg(shown(outcome.toStdString(), 300)).arg(milliseconds, 0, 'f', 1);
    if (responseBytes > 0)
        line += QStringLiteral(" %1 bytes%2").arg(responseBytes).arg(compressed ? QStringLiteral(" gzip") : QString());
    return line;
}

QString CodecRequestRecord::logJson() const
{
    QJsonObject line{{QStringLiteral("time"), time.toString(Qt::ISODateWithMs)},
                     {QStringLiteral("requestId"), shown(requestId, 128)},
                     {QStringLiteral("peer"), shown(peer, 60)},
                     {QStringLiteral("method"), shown(method, 10)},
                     {QStringLiteral("path"), shown(path)},
                     {QStringLiteral("status"), status},
                     {QStringLiteral("outcome"), shown(outcome.toStdString(), 300)},
                     {QStringLiteral("durationMs"), std::round(milliseconds * 10) / 10}};
    auto add = [&line](const char* name, const std::string& value) {
        if (!value.empty())
            line.insert(QLatin1String(name), shown(value));
    };
    add("origin", origin);
    add("namespace", temporalNamespace);
    add("subject", subject);
    add("operation", operation);
    if (payloads > 0 || status == 200) {
        line.insert(QStringLiteral("payloads"), payloads);
        line.insert(operation == "encode" ? QStringLiteral("encoded") : QStringLiteral("decoded"), decoded);
        line.insert(QStringLiteral("unchanged"), unchanged);
        line.insert(QStringLiteral("leftEncoded"), failed);
        line.insert(QStringLiteral("overBudget"), overBudget);
    }
    if (!missingKeyIds.empty()) {
        QJsonArray ids;
        for (const std::string& id : missingKeyIds)
            ids.append(shown(id, 60));
        line.insert(QStringLiteral("noKeyFor"), ids);
    }
    if (responseBytes > 0) {
        line.insert(QStringLiteral("responseBytes"), double(responseBytes));
        line.insert(QStringLiteral("gzip"), compressed);
    }
    return QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact));
}

} // namespace hl
