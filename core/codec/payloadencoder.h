#pragma once

#include "keys/keyring.h"
#include "support/result.h"

#include <temporal/api/common/v1/message.pb.h>

#include <QString>

#include <string>

namespace hl {

// Payloads a person writes, made as a worker's codec expects them (a query's arguments): JSON as the SDKs' default
// converter writes it, then encrypted as serve-codec's /encode does (the samples' AES-256-GCM format, a key id in the
// metadata, optionally compressed first).
class PayloadEncoder {
public:
    using Payload = temporal::api::common::v1::Payload;

    // `jsonText` (any JSON value: an object, "text", 42, null) as a json/plain payload of its compact form; an error
    // names what is wrong with it.
    static Result<Payload> jsonPayload(const QString& jsonText);
    // `payload` encrypted with key `keyId` of `keys`; `compression` ("", "zlib" or "snappy") is applied first.
    static Result<Payload> encrypted(const Payload& payload, const KeyRing& keys, const std::string& keyId, const QString& compression = {});
};

} // namespace hl
