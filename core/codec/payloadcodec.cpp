#include "codec/payloadcodec.h"

namespace hl {

Result<void> PayloadCodec::parseInner(std::string_view bytes, Payload* inner) const
{
    if (bytes.size() > size_t(INT_MAX) || !inner->ParseFromArray(bytes.data(), int(bytes.size()))) {
        return Error{ErrorCode::InvalidStructure,
                     QStringLiteral("%1 data does not hold a Temporal Payload").arg(QString::fromStdString(encoding()))};
    }
    return {};
}

const std::string& PayloadCodec::metadata(const Payload& payload, const std::string& key)
{
    static const std::string none;
    const auto found = payload.metadata().find(key);
    return found == payload.metadata().end() ? none : found->second;
}

} // namespace hl
