#include "codecserver/compactpayload.h"

#include <snappy.h>

namespace hl {

namespace {

// Below this, compressing saves too little to pay for itself.
constexpr size_t kCompressFrom = 256;

} // namespace

std::shared_ptr<const CompactPayload> CompactPayload::of(const Payload& payload)
{
    auto compact = std::make_shared<CompactPayload>();
    const std::string serialized = payload.SerializeAsString();
    if (serialized.size() >= kCompressFrom) {
        snappy::Compress(serialized.data(), serialized.size(), &compact->m_bytes);
        compact->m_compressed = compact->m_bytes.size() < serialized.size();
    }
    if (!compact->m_compressed)
        compact->m_bytes = serialized;
    compact->m_bytes.shrink_to_fit();
    return compact;
}

bool CompactPayload::expand(Payload* out) const
{
    if (!m_compressed)
        return out->ParseFromString(m_bytes);
    thread_local std::string expanded; // reused: a view expands payloads one after another
    if (!snappy::Uncompress(m_bytes.data(), m_bytes.size(), &expanded))
        return false;
    return out->ParseFromString(expanded);
}

} // namespace hl
