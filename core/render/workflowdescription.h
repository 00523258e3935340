#pragma once

#include "keys/keyring.h"
#include "render/payloadcontext.h"
#include "session/decoderequest.h"

#include <temporal/api/workflowservice/v1/request_response.pb.h>

#include <QStringList>

#include <memory>

namespace hl {

// DescribeWorkflowExecution as text: the execution (status, times, history length, parent), pending activities
// (attempt, heartbeat details and last failure decoded), pending children and Nexus operations. Shared by
// `historylens-cli describe` and the desktop app's workflow pane.
class WorkflowDescription {
public:
    using Response = temporal::api::workflowservice::v1::DescribeWorkflowExecutionResponse;

    // What DecodingService is to decode: the pending activities' heartbeat details and failures, which live in
    // `description` (the request keeps it). The caller adds keys, stores and a Codec Server.
    static DecodeRequest decodeRequest(std::shared_ptr<const Response> description);
    static QStringList lines(const Response& description, const PayloadContext& context);
};

} // namespace hl
