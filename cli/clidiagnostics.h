#pragma once

#include "codec/decodedpayloads.h"
#include "history/history.h"

#include <QIODevice>
#include <QString>

#include <vector>

namespace hl {

class CodecServerClient;

// What historylens-cli says on standard error about a history it shows, whatever its source: the reader's notes
// and the payloads that could not be decoded (the first 20 of each, then how many more), with a hint per missing key.
class CliDiagnostics {
public:
    static constexpr int kShown = 20;

    // Key stores that could not be asked (no keychain running); decoding went on without them.
    static void warnings(QIODevice& err, const std::vector<Error>& errors);
    static void notices(QIODevice& err, const QString& sourceName, const History& history);
    static void decodeFailures(QIODevice& err, const QString& sourceName, const History& history, const DecodedPayloads& decoded);
    // How many payloads went to the Codec Server, in how many requests.
    static void codecServer(QIODevice& err, const CodecServerClient& client);
};

} // namespace hl
