#pragma once

#include <QIODevice>
#include <QStringList>

namespace hl {

// `historylens-cli serve-codec`: HistoryLens's codecs and keys as a Codec Server for the Temporal Web UI and CLI,
// until SIGINT or SIGTERM. One log line per request goes to standard error.
class ServeCodecCommand {
public:
    ServeCodecCommand(QIODevice& out, QIODevice& err) : m_out(out), m_err(err) {}

    int run(const QStringList& arguments);

private:
    int usage(const QString& message);
    void print(QIODevice& device, const QString& text);

    QIODevice& m_out;
    QIODevice& m_err;
};

} // namespace hl
