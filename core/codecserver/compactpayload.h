#pragma once

#include <temporal/api/common/v1/message.pb.h>

#include <memory>
#include <string>

namespace hl {

// A Codec Server's answer as it is kept for the session: serialized and Snappy-compressed. Answers are decoded
// values (JSON, mostly) and a large history holds thousands of them; kept whole they would double its memory, kept
// like this they cost about a third, and one is expanded again in microseconds when its payload is shown.
class CompactPayload {
public:
    using Payload = temporal::api::common::v1::Payload;

    static std::shared_ptr<const CompactPayload> of(const Payload& payload);

    // The payload again; false only when memory is corrupt (what of() wrote always expands).
    bool expand(Payload* out) const;
    size_t bytes() const { return m_bytes.size(); }

private:
    std::string m_bytes;
    bool m_compressed = false;
};

} // namespace hl
