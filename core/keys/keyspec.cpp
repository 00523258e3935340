#include "keys/keyspec.h"

#include "codec/aesgcm.h"
#include "keys/sessionkeystore.h"

#include "json/base64.h"
#include "keys/keyfileaccess.h"
#include "support/sourcereader.h"

#include <openssl/crypto.h>

#include <QFile>

namespace hl {

namespace {

bool isAesKeySize(size_t size)
{
    return size == 16 || size == 24 || size == 32;
}

int hexValue(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

Result<SecretPtr> fromHex(const QString& text)
{
    if (text.size() % 2 != 0)
        return Error{ErrorCode::UsageError, QStringLiteral("hex key has an odd number of digits (%1)").arg(text.size())};
    auto key = std::make_shared<SecretBytes>(SecretBytes::zeroed(size_t(text.size() / 2)));
    for (int i = 0; i < text.size(); i += 2) {
        const int high = hexValue(text.at(i).unicode());
        const int low = hexValue(text.at(i + 1).unicode());
        if (high < 0 || low < 0)
            return Error{ErrorCode::UsageError,
                         QStringLiteral("hex key has a character that is not a hex digit at position %1").arg(i + (high < 0 ? 1 : 2))};
        key->data()[i / 2] = static_cast<unsigned char>(high * 16 + low);
    }
    return SecretPtr(key);
}

Result<SecretPtr> fromBase64(const QString& text)
{
    QByteArray ascii = text.toLatin1();
    std::string bytes;
    const bool ok = Base64::decode(std::string_view(ascii.constData(), size_t(ascii.size())), &bytes);
    SecretPtr key = ok ? std::make_shared<SecretBytes>(bytes) : nullptr;
    OPENSSL_cleanse(ascii.data(), size_t(ascii.size()));
    OPENSSL_cleanse(bytes.data(), bytes.size());
    if (!ok)
        return Error{ErrorCode::UsageError, QStringLiteral("base64 key is not valid base64")};
    return key;
}

Result<SecretPtr> fromText(const QString& text)
{
    QByteArray utf8 = text.toUtf8();
    auto key = std::make_shared<SecretBytes>(std::string_view(utf8.constData(), size_t(utf8.size())));
    OPENSSL_cleanse(utf8.data(), size_t(utf8.size()));
    return SecretPtr(key);
}

Result<SecretPtr> fromRawBytes(QByteArray& bytes)
{
    qint64 size = bytes.size();
    if (!isAesKeySize(size_t(size))) {
        if (size > 0 && bytes.at(size - 1) == '\n')
            --size;
        if (size > 0 && bytes.at(size - 1) == '\r')
            --size;
    }
    auto key = std::make_shared<SecretBytes>(std::string_view(bytes.constData(), size_t(size)));
    OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    return SecretPtr(key);
}

// A key file, or "-" for standard input (`keys add --file -`).
Result<QByteArray> readKeyBytes(const QString& path, KeySpec::FileAccess access)
{
    // On the command line a key may come from a pipe (`--key id=file:<(pass show codec-key)`); a server reads its
    // key files again while it runs, so they must be private regular files, which cannot block the reload.
    if (path == QLatin1String("-") || access == KeySpec::FileAccess::Any)
        return SourceReader::readFile(path, KeySpec::kMaxKeyFileBytes);
    return KeyFileAccess::readPrivate(path, KeySpec::kMaxKeyFileBytes);
}

Result<SecretPtr> fromFile(const QString& path, KeySpec::FileAccess access)
{
    auto read = readKeyBytes(path, access);
    // A server's refusal names the target in its message: the error's source becomes the key file that pointed here.
    if (!read.ok() && access == KeySpec::FileAccess::PrivateOnly)
        return Error{read.error().code, QStringLiteral("%1: %2").arg(path, read.error().message), path};
    if (!read.ok())
        return read.error();
    return fromRawBytes(read.value());
}

} // namespace

Result<SecretPtr> KeySpec::parse(const QString& spec, FileAccess access)
{
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const QString scheme = colon < 0 ? QString() : spec.left(colon);
    const QString rest = colon < 0 ? QString() : spec.mid(colon + 1);
    Result<SecretPtr> key = Error{ErrorCode::UsageError,
                                  QStringLiteral("a key must start with hex:, base64:, text: or file:")};
    if (scheme == QLatin1String("hex"))
        key = fromHex(rest);
    else if (scheme == QLatin1String("base64"))
        key = fromBase64(rest);
    else if (scheme == QLatin1String("text"))
        key = fromText(rest);
    else if (scheme == QLatin1String("file"))
        key = fromFile(rest, access);
    if (key.ok() && key.value()->isEmpty())
        return Error{ErrorCode::UsageError, QStringLiteral("the key is empty")};
    // The one check of a codec key's length, for --key, key files, `keys add`, serve-codec and the Keys dialog.
    if (key.ok() && !AesGcm::isValidKeySize(key.value()->size()))
        return Error{ErrorCode::UsageError,
                     QStringLiteral("the key is %1 bytes; AES-GCM keys are 16, 24 or 32 bytes").arg(key.value()->size())};
    return key;
}

Result<SecretPtr> KeySpec::parseStored(QByteArray& bytes)
{
    for (const char* scheme : {"hex:", "base64:", "text:"}) {
        if (!bytes.startsWith(scheme))
            continue;
        QString spec = QString::fromUtf8(bytes).trimmed();
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
        auto key = parse(spec);
        spec.fill(QLatin1Char(' '));
        return key;
    }
    auto key = fromRawBytes(bytes);
    if (key.ok() && !AesGcm::isValidKeySize(key.value()->size()))
        return Error{ErrorCode::UsageError, QStringLiteral("the key is %1 bytes; AES-GCM keys are 16, 24 or 32 bytes (or a "
                                                           "hex:, base64: or text: SPEC)").arg(key.value()->size())};
    return key;
}

Result<KeySpec::NamedKey> KeySpec::parseAssignment(const QString& assignment, FileAccess access)
{
    const qsizetype equals = assignment.indexOf(QLatin1Char('='));
    if (equals <= 0)
        return Error{ErrorCode::UsageError, QStringLiteral("expected ID=SPEC, e.g. test=hex:0011...")};
    const QString id = assignment.left(equals).trimmed();
    auto key = parse(assignment.mid(equals + 1).trimmed(), access);
    if (!key.ok())
        return Error{key.error().code, QStringLiteral("key %1: %2").arg(id, key.error().message), key.error().source};
    return NamedKey{id, key.value()};
}

Result<std::vector<KeySpec::NamedKey>> KeySpec::readKeyFile(const QString& path, FileAccess access)
{
    auto read = readKeyBytes(path, access);
    if (!read.ok())
        return read.error();
    QByteArray& bytes = read.value();
    std::vector<NamedKey> keys;
    Result<std::vector<NamedKey>> result = keys;
    int lineNumber = 0;
    for (QByteArray& line : bytes.split('\n')) {
        ++lineNumber;
        QString text = QString::fromUtf8(line).trimmed();
        OPENSSL_cleanse(line.data(), size_t(line.size()));
        if (text.isEmpty() || text.startsWith(QLatin1Char('#')))
            continue;
        auto key = parseAssignment(text, access);
        text.fill(QLatin1Char(' '));
        if (!key.ok()) {
            result = key.error().withSource(path).withLocation(QStringLiteral("line %1").arg(lineNumber));
            break;
        }
        keys.push_back(std::move(key.value()));
    }
    OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    if (!result.ok())
        return result;
    return keys;
}

Result<void> KeySpec::insertAssignments(const QStringList& assignments, SessionKeyStore& store)
{
    for (const QString& assignment : assignments) {
        auto key = parseAssignment(assignment);
        if (!key)
            return key.error();
        store.insert({SecretKind::CodecKey, key->id}, key->key);
    }
    return {};
}

Result<void> KeySpec::insertOptions(const QStringList& keyOptions, const QStringList& keyFiles, SessionKeyStore& store)
{
    if (auto keys = insertAssignments(keyOptions, store); !keys)
        return Error{ErrorCode::UsageError, QStringLiteral("--key: ") + keys.error().toString()};
    for (const QString& path : keyFiles) {
        auto keys = readKeyFile(path);
        if (!keys)
            return Error{ErrorCode::UsageError, QStringLiteral("--key-file: ") + keys.error().toString()};
        for (const auto& key : keys.value())
            store.insert({SecretKind::CodecKey, key.id}, key.key);
    }
    return {};
}

} // namespace hl
