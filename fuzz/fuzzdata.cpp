#include "fuzzdata.h"

#include <QDir>
#include <QFileInfo>

namespace hl::fuzz {

QString fixtureFile(const char* name)
{
    const QString dir = qEnvironmentVariable("HL_FUZZ_DATA_DIR");
    if (dir.isEmpty())
        return {};
    const QString path = QDir(dir).filePath(QString::fromLatin1(name));
    return QFileInfo::exists(path) ? path : QString();
}

} // namespace hl::fuzz
