#include "support/error.h"

#include <QStringList>

namespace hl {

Error Error::withSource(const QString& name) const
{
    Error copy = *this;
    copy.source = name;
    return copy;
}

Error Error::withLocation(const QString& where) const
{
    Error copy = *this;
    copy.location = where;
    return copy;
}

QString Error::toString() const
{
    QStringList parts;
    if (!source.isEmpty())
        parts << source;
    if (!location.isEmpty())
        parts << location;
    parts << message;
    return parts.join(QStringLiteral(": "));
}

} // namespace hl
