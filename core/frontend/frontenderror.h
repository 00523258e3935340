#pragma once

#include "frontend/workflowref.h"
#include "support/error.h"

#include <QString>

namespace hl {

// Turns a gRPC status from a Temporal frontend into an Error a person can act on. `grpcCode` is the numeric
// grpc::StatusCode, so callers and tests need no gRPC header.
class FrontendError {
public:
    struct Context {
        QString address;
        QString temporalNamespace;
        WorkflowRef workflow; // empty for calls about no workflow
        QString call;         // "GetWorkflowExecutionHistory", ...
        bool tls = false;
        bool apiKey = false;
        bool clientCertificate = false;
    };

    static Error fromStatus(int grpcCode, const QString& serverMessage, const Context& context);
};

} // namespace hl
