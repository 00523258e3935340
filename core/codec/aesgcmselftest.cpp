#include "codec/aesgcmselftest.h"

#include "codec/aesgcm.h"
#include "codec/aesgcmopener.h"
#include "keys/secretbytes.h"

#include <openssl/crypto.h>

#include <QByteArray>

#include <atomic>
#include <mutex>

namespace hl {

namespace {

std::string fromHex(std::string_view hex)
{
    return QByteArray::fromHex(QByteArray(hex.data(), qsizetype(hex.size()))).toStdString();
}

constexpr std::string_view kSpecPlaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
constexpr std::string_view kSpecNonce = "cafebabefacedbaddecaf888";

enum class State { Unknown, Passed, Failed };
std::atomic<State> g_state{State::Unknown};
std::mutex g_mutex;
Error g_failure; // guarded by g_mutex; set once when the state is Failed

Error failure(const AesGcmSelfTest::Vector& vector, const QString& what)
{
    return Error{ErrorCode::SelfTestFailed,
                 QStringLiteral("AES-GCM failed its known-answer test (%1): %2. HistoryLens refuses to decrypt or "
                                "encrypt with this cryptography library (%3); reinstall HistoryLens or its OpenSSL")
                     .arg(QString::fromLatin1(vector.name), what, QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION)))};
}

} // namespace

const std::vector<AesGcmSelfTest::Vector>& AesGcmSelfTest::publishedVectors()
{
    static const std::vector<Vector> vectors{
        {"GCM specification test case 3, AES-128", "feffe9928665731c6d6a8f9467308308", kSpecNonce, kSpecPlaintext,
         "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
         "1ba30b396a0aac973d58e091473f5985"
         "4d5c2af327cd64a62cf35abd2ba6fab4"},
        {"GCM specification test case 9, AES-192", "feffe9928665731c6d6a8f9467308308feffe9928665731c", kSpecNonce,
         kSpecPlaintext,
         "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c7d773d00c144c525ac619d18c84a3f47"
         "18e2448b2fe324d9ccda2710acade256"
         "9924a7c8587336bfb118024db8674a14"},
        {"GCM specification test case 15, AES-256", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
         kSpecNonce, kSpecPlaintext,
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
         "c5f61e6393ba7a0abcc9f662898015ad"
         "b094dac5d93471bdec1a502270e3cc6c"},
    };
    return vectors;
}

Result<void> AesGcmSelfTest::check(const std::vector<Vector>& vectors)
{
    for (const Vector& vector : vectors) {
        const std::string key = fromHex(vector.keyHex);
        const SecretBytes secret(key);
        const std::string nonce = fromHex(vector.nonceHex);
        const std::string plaintext = fromHex(vector.plaintextHex);
        const std::string expected = nonce + fromHex(vector.sealedHex);

        auto sealed = AesGcm::seal(secret, nonce, plaintext);
        if (!sealed)
            return failure(vector, QStringLiteral("sealing failed: ") + sealed.error().message);
        if (*sealed != expected)
            return failure(vector, QStringLiteral("sealing gave other bytes than published"));

        AesGcmOpener opener;
        std::string opened;
        if (auto result = opener.open(secret, expected, &opened); !result)
            return failure(vector, QStringLiteral("opening the published bytes failed: ") + result.error().message);
        if (opened != plaintext)
            return failure(vector, QStringLiteral("opening gave other bytes than published"));

        std::string tampered = expected;
        tampered.back() = char(tampered.back() ^ 0x01);
        if (opener.open(secret, tampered, &opened).ok())
            return failure(vector, QStringLiteral("a tampered tag was accepted"));
        OPENSSL_cleanse(opened.data(), opened.size());
    }
    return {};
}

Result<void> AesGcmSelfTest::runAtStart(const std::vector<Vector>& vectors)
{
    Result<void> outcome = check(vectors);
    std::lock_guard lock(g_mutex);
    if (outcome)
        g_state = State::Passed;
    else {
        g_failure = outcome.error();
        g_state = State::Failed;
    }
    return outcome;
}

Result<void> AesGcmSelfTest::status()
{
    switch (g_state.load()) {
    case State::Passed:
        return {};
    case State::Failed: {
        std::lock_guard lock(g_mutex);
        return g_failure;
    }
    case State::Unknown:
        break;
    }
    return runAtStart();
}

} // namespace hl
