#pragma once

#include "render/payloadcontext.h"

#include <temporal/api/failure/v1/message.pb.h>

#include <optional>
#include <string>

namespace hl {

// A failure's message and stack trace as the SDK wrote them before `encodeCommonAttributes` moved them into
// `encoded_attributes` ({"message": ..., "stack_trace": ...}, then through the codecs). Only string values are
// taken, as every SDK does; the rest of the failure is left alone.
struct FailureAttributes {
    std::optional<std::string> message;
    std::optional<std::string> stackTrace;

    // Nothing when the failure has no encoded attributes, or they are not decoded or not such an object.
    static std::optional<FailureAttributes> restore(const temporal::api::failure::v1::Failure& failure,
                                                    const PayloadContext& context);
};

} // namespace hl
