#pragma once

#include <temporal/api/common/v1/message.pb.h>

#include <QString>

namespace hl {

// A payload that only points at data kept outside the history (a claim check): the SDKs' external storage
// (json/protobuf temporal.api.sdk.v1.ExternalStorageReference, or the older json/external-storage-reference) and
// the large-payload codec's remote references (`temporal.io/remote-codec` metadata). It is shown as such, never as
// if it were the value.
class ExternalReference {
public:
    static bool is(const temporal::api::common::v1::Payload& payload);
    // "stored externally (driver s3, 12.5 KiB)"
    static QString describe(const temporal::api::common::v1::Payload& payload);
};

} // namespace hl
