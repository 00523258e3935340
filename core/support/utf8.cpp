#include "support/utf8.h"

#include <QStringDecoder>

namespace hl {

bool isValidUtf8(const std::string& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString ignored = decoder(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
    return !decoder.hasError();
}

} // namespace hl
