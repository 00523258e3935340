#pragma once

#include "support/result.h"

#include <temporal/api/common/v1/message.pb.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hl {

// The Codec Server body, `{"payloads":[...]}`, as the contract wants it: proto3 JSON with base64 metadata values
// and data. Written in the canonical form (camelCase, padded standard base64). Read strictly enough to catch a
// server that answers something else, loosely enough for every real one: camelCase or Go encoding/json's
// snake_case (`external_payloads`, `size_bytes`), either base64 alphabet with or without padding, `data` or
// `metadata` left out when empty, `null` for empty, unknown fields ignored.
class PayloadsJson {
public:
    using Payload = temporal::api::common::v1::Payload;

    static void write(const std::vector<const Payload*>& payloads, std::string* out);
    // Appends the body's payloads to `out`. An error names what is wrong and where ("payloads[3].data: not base64");
    // more than `maxPayloads` is TooLarge.
    static Result<void> read(std::string_view json, std::vector<Payload>* out, size_t maxPayloads = SIZE_MAX);
};

} // namespace hl
