#pragma once

#include "format/readoptions.h"
#include "frontend/connectionsettings.h"
#include "frontend/workflowref.h"
#include "history/history.h"
#include "keys/keystore.h"
#include "render/payloadcontext.h"
#include "support/result.h"

#include <QIODevice>

#include <memory>
#include <optional>
#include <vector>

namespace hl {

class CodecServerClient;

// One whole history, read and decoded, from a file or from a frontend: what a command that needs two of them
// (`diff`) loads each side with. Diagnostics (repairs, payloads left encoded) go to `err`; a failure is an error value.
class HistoryLoader {
public:
    struct Source {
        QString file;         // a path, or - for standard input
        WorkflowRef workflow; // from a frontend when its id is set
        bool fromFrontend() const { return !workflow.workflowId.isEmpty(); }
    };
    struct Loaded {
        History history;
        PayloadContext context;
        QString sourceName; // the file's name, or "namespace/workflow-id (run …)"
        QString runId;      // the run read (from a frontend, the one it answered with)
    };
    struct Options {
        std::vector<KeyStore*> stores;
        std::shared_ptr<CodecServerClient> codecServer;
        std::shared_ptr<const MessageTypes> types;
        ReadOptions read;
        qint64 maxDecodedBytes = 0;
        std::optional<ConnectionSettings> connection; // needed for frontend sources
        bool quiet = false;
    };

    HistoryLoader(QIODevice& err, Options options) : m_err(err), m_options(std::move(options)) {}

    Result<Loaded> load(const Source& source);

private:
    Result<Loaded> loadFile(const Source& source);
    Result<Loaded> loadFromFrontend(const Source& source);

    QIODevice& m_err;
    Options m_options;
};

} // namespace hl
