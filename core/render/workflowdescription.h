#pragma once

#include "keys/keyring.h"
#include "render/payloadcontext.h"

#include <temporal/api/workflowservice/v1/request_response.pb.h>

#include <QStringList>

#include <atomic>
#include <memory>

namespace hl {

class CodecServerClient;

// DescribeWorkflowExecution as text: the execution (status, times, history length, parent), pending activities
// (attempt, heartbeat details and last failure decoded), pending children and Nexus operations. Shared by
// `historylens-cli describe` and the desktop app's workflow pane.
class WorkflowDescription {
public:
    using Response = temporal::api::workflowservice::v1::DescribeWorkflowExecutionResponse;

    // The encryption-key-ids of the payloads below, to fetch keys before decoding.
    static std::set<std::string> keyIdsIn(const Response& description);
    // Decodes the pending activities' heartbeat details and failures (which live in `description`, and so must it),
    // through `codecServer` too when one is given (then it blocks while the server answers: call it off the GUI
    // thread; `cancelled` stops it).
    static PayloadContext decode(const Response& description, std::shared_ptr<const KeyRing> keys,
                                 std::shared_ptr<CodecServerClient> codecServer = nullptr,
                                 const std::atomic<bool>* cancelled = nullptr);
    static QStringList lines(const Response& description, const PayloadContext& context);
};

} // namespace hl
