#ifndef Q_MOC_RUN
#include "codec/aesgcm.h"
#endif

#include <QtTest>

using namespace hl;

namespace {

std::string fromHex(const char* hex)
{
    const QByteArray bytes = QByteArray::fromHex(hex);
    return std::string(bytes.constData(), size_t(bytes.size()));
}

SecretBytes key(const char* hex)
{
    return SecretBytes(fromHex(hex));
}

} // namespace

// AES-GCM against the published GCM test vectors (McGrew and Viega, "The Galois/Counter Mode of Operation",
// test cases 3, 9, 14 and 15, which NIST's validation suite also uses), with the samples' nonce || ct || tag layout.
class TestAesGcm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void publishedVectors_data();
    void publishedVectors();
    void tamperedDataFails();
    void wrongKeyFails();
    void tooShortIsTruncated();
    void keySizesAreChecked();
    void randomNoncesDiffer();
};

void TestAesGcm::publishedVectors_data()
{
    QTest::addColumn<QByteArray>("keyHex");
    QTest::addColumn<QByteArray>("nonceHex");
    QTest::addColumn<QByteArray>("plaintextHex");
    QTest::addColumn<QByteArray>("ciphertextHex");
    QTest::addColumn<QByteArray>("tagHex");

    const QByteArray nonce = "cafebabefacedbaddecaf888";
    const QByteArray plaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                 "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    QTest::newRow("case 3, AES-128")
        << QByteArray("feffe9928665731c6d6a8f9467308308") << nonce << plaintext
        << QByteArray("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                      "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985")
        << QByteArray("4d5c2af327cd64a62cf35abd2ba6fab4");
    QTest::newRow("case 9, AES-192")
        << QByteArray("feffe9928665731c6d6a8f9467308308feffe9928665731c") << nonce << plaintext
        << QByteArray("3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
                      "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710acade256")
        << QByteArray("9924a7c8587336bfb118024db8674a14");
    QTest::newRow("case 14, AES-256 zeros")
        << QByteArray(64, '0') << QByteArray(24, '0') << QByteArray(32, '0')
        << QByteArray("cea7403d4d606b6e074ec5d3baf39d18") << QByteArray("d0d1c8a799996bf0265b98b5d48ab919");
    QTest::newRow("case 15, AES-256")
        << QByteArray("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308") << nonce << plaintext
        << QByteArray("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                      "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad")
        << QByteArray("b094dac5d93471bdec1a502270e3cc6c");
}

void TestAesGcm::publishedVectors()
{
    QFETCH(QByteArray, keyHex);
    QFETCH(QByteArray, nonceHex);
    QFETCH(QByteArray, plaintextHex);
    QFETCH(QByteArray, ciphertextHex);
    QFETCH(QByteArray, tagHex);
    const SecretBytes k = key(keyHex.constData());
    const std::string sealed = fromHex(nonceHex.constData()) + fromHex(ciphertextHex.constData()) + fromHex(tagHex.constData());

    const auto opened = AesGcm::open(k, sealed);
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    QCOMPARE(QByteArray::fromStdString(opened.value()).toHex(), plaintextHex);

    const auto resealed = AesGcm::seal(k, fromHex(nonceHex.constData()), fromHex(plaintextHex.constData()));
    QVERIFY(resealed.ok());
    QCOMPARE(QByteArray::fromStdString(resealed.value()).toHex(), QByteArray::fromStdString(sealed).toHex());
}

void TestAesGcm::tamperedDataFails()
{
    const SecretBytes k = key("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    std::string sealed = AesGcm::seal(k, std::string(12, 'n'), "attack at dawn").value();
    for (size_t i : {size_t(0), size_t(12), sealed.size() - 1}) {
        std::string changed = sealed;
        changed[i] = char(changed[i] ^ 0x01);
        const auto opened = AesGcm::open(k, changed);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::AuthenticationFailed);
    }
}

void TestAesGcm::wrongKeyFails()
{
    const std::string sealed = AesGcm::seal(SecretBytes(std::string(32, 'a')), std::string(12, 'n'), "payload").value();
    const auto opened = AesGcm::open(SecretBytes(std::string(32, 'b')), sealed);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, ErrorCode::AuthenticationFailed);
    QVERIFY(opened.error().message.contains(QLatin1String("wrong key")));
}

void TestAesGcm::tooShortIsTruncated()
{
    const SecretBytes k(std::string(16, 'k'));
    for (size_t size : {size_t(0), size_t(11), size_t(27)}) {
        const auto opened = AesGcm::open(k, std::string(size, 'x'));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::Truncated);
    }
    // Exactly nonce and tag: an empty plaintext, which must still authenticate.
    const std::string empty = AesGcm::seal(k, std::string(12, 'n'), "").value();
    QCOMPARE(empty.size(), size_t(28));
    QVERIFY(AesGcm::open(k, empty).ok());
}

void TestAesGcm::keySizesAreChecked()
{
    for (size_t size : {size_t(0), size_t(11), size_t(31), size_t(33), size_t(64)}) {
        const auto opened = AesGcm::open(SecretBytes(std::string(size, 'k')), std::string(40, 'x'));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::InvalidKey);
        QVERIFY(opened.error().message.contains(QString::number(size)));
    }
}

void TestAesGcm::randomNoncesDiffer()
{
    const auto a = AesGcm::randomNonce();
    const auto b = AesGcm::randomNonce();
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a->size(), AesGcm::kNonceSize);
    QVERIFY(a.value() != b.value());
}

QTEST_GUILESS_MAIN(TestAesGcm)
#include "tst_aesgcm.moc"
