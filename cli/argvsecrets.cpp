#include "cli/argvsecrets.h"

#include <QFile>
#include <QRegularExpression>

#include <cstring>

#include <utility>
#include <vector>

namespace hl {

namespace {

struct SecretOption {
    QString name;   // without the dashes
    QString safer;  // where the secret can come from instead
};

const std::vector<SecretOption>& secretOptions()
{
    static const std::vector<SecretOption> options{
        {QStringLiteral("api-key"), QStringLiteral("TEMPORAL_API_KEY or --api-key-file")},
        {QStringLiteral("codec-auth"), QStringLiteral("TEMPORAL_CODEC_AUTH or --codec-auth-file")},
        {QStringLiteral("codec-header"), QStringLiteral("--codec-header-file")},
        {QStringLiteral("tls-key-data"), QStringLiteral("--tls-key-path")},
        // keys add's sources of bytes; standard input or --file keep them out of argv.
        {QStringLiteral("hex"), QStringLiteral("--file or standard input")},
        {QStringLiteral("base64"), QStringLiteral("--file or standard input")},
        {QStringLiteral("text"), QStringLiteral("--file or standard input")},
    };
    return options;
}

// A --key value that holds the key itself (hex:, base64:, text:) rather than naming a file or the keychain.
bool keyInline(const QString& value)
{
    static const QRegularExpression inlineSpec(QStringLiteral("^[^=]*=\\s*(hex|base64|text):"),
                                               QRegularExpression::CaseInsensitiveOption);
    return inlineSpec.match(value).hasMatch();
}

// A secret file is a few lines; anything larger is not one.
constexpr qint64 kMaxSecretFileBytes = 64 * 1024;

bool isSpace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

Result<std::shared_ptr<const SecretBytes>> ArgvSecrets::readFile(const QString& path, const QString& option)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::UsageError, QStringLiteral("%1: cannot read %2: %3").arg(option, path, file.errorString())};
    const qint64 size = file.size();
    if (size > kMaxSecretFileBytes)
        return Error{ErrorCode::UsageError,
                     QStringLiteral("%1: %2 is %3 bytes; a secret file holds at most %4").arg(option, path).arg(size).arg(kMaxSecretFileBytes)};
    SecretBytes secret = SecretBytes::zeroed(size_t(size));
    if (size > 0 && file.read(reinterpret_cast<char*>(secret.data()), size) != size)
        return Error{ErrorCode::UsageError, QStringLiteral("%1: cannot read %2: %3").arg(option, path, file.errorString())};
    size_t end = secret.size();
    while (end > 0 && isSpace(secret.data()[end - 1]))
        --end;
    if (end == 0)
        return Error{ErrorCode::UsageError, QStringLiteral("%1: %2 is empty").arg(option, path)};
    secret.resize(end);
    return std::make_shared<const SecretBytes>(std::move(secret));
}

Result<std::vector<std::shared_ptr<const SecretBytes>>> ArgvSecrets::readLines(const QString& path, const QString& option)
{
    auto whole = readFile(path, option);
    if (!whole)
        return whole.error();
    const SecretBytes& bytes = *whole.value();
    std::vector<std::shared_ptr<const SecretBytes>> lines;
    size_t start = 0;
    while (start < bytes.size()) {
        const void* found = std::memchr(bytes.data() + start, '\n', bytes.size() - start);
        const size_t end = found ? size_t(static_cast<const unsigned char*>(found) - bytes.data()) : bytes.size();
        size_t first = start, last = end;
        while (first < last && isSpace(bytes.data()[first]))
            ++first;
        while (last > first && isSpace(bytes.data()[last - 1]))
            --last;
        if (last > first && bytes.data()[first] != '#')
            lines.push_back(std::make_shared<const SecretBytes>(
                std::string_view(reinterpret_cast<const char*>(bytes.data()) + first, last - first)));
        start = end + 1;
    }
    return lines;
}

QStringList ArgvSecrets::warnings(const QStringList& arguments)
{
    QStringList found;
    auto warn = [&found](const QString& option, const QString& safer) {
        const QString text = QStringLiteral("--%1 on the command line can be read by every user of this machine (ps) "
                                            "and stays in the shell's history; %2 keeps it private")
                                 .arg(option, safer);
        if (!found.contains(text))
            found << text;
    };
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& argument = arguments[i];
        if (argument == QLatin1String("--"))
            break;
        if (!argument.startsWith(QLatin1String("--")))
            continue;
        const qsizetype equals = argument.indexOf(QLatin1Char('='));
        const QString name = argument.mid(2, equals < 0 ? -1 : equals - 2);
        const bool hasValue = equals >= 0 || i + 1 < arguments.size();
        const QString value = equals >= 0 ? argument.mid(equals + 1) : (i + 1 < arguments.size() ? arguments[i + 1] : QString());
        if (name == QLatin1String("key")) {
            if (hasValue && keyInline(value))
                warn(name, QStringLiteral("ID=file:PATH, --key-file or the keychain (keys add)"));
            continue;
        }
        for (const SecretOption& option : secretOptions()) {
            if (name == option.name && hasValue)
                warn(option.name, option.safer);
        }
    }
    return found;
}

} // namespace hl
