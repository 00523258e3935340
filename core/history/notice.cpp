#include "history/notice.h"

namespace hl {

QString Notice::kindName(Kind kind)
{
    switch (kind) {
    case Kind::UnknownField: return QStringLiteral("unknown field");
    case Kind::UnknownEnumValue: return QStringLiteral("unknown enum value");
    case Kind::InvalidValue: return QStringLiteral("invalid value");
    case Kind::RepairedValue: return QStringLiteral("repaired value");
    case Kind::SourceError: return QStringLiteral("source error");
    case Kind::DamagedEvent: return QStringLiteral("damaged event");
    case Kind::EventOrder: return QStringLiteral("event order");
    }
    return {};
}

} // namespace hl
