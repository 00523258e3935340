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

std::string_view credentialOf(std::string_view authorization)
{
    const size_t space = authorization.find(' ');
    const std::string_view credential = space == std::string_view::npos ? authorization : authorization.substr(space + 1);
    return credential.size() >= 24 ? credential : std::string_view();
}

} // namespace hl::fuzz
