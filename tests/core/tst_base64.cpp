#include "json/base64.h"

#include <QtTest>

using namespace hl;

class TestBase64 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rfc4648Vectors_data();
    void rfc4648Vectors();
    void acceptsUrlSafeAndUnpadded();
    void rejectsInvalid_data();
    void rejectsInvalid();
};

void TestBase64::rfc4648Vectors_data()
{
    // RFC 4648, section 10.
    QTest::addColumn<QByteArray>("plain");
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("f") << QByteArray("f") << QByteArray("Zg==");
    QTest::newRow("fo") << QByteArray("fo") << QByteArray("Zm8=");
    QTest::newRow("foo") << QByteArray("foo") << QByteArray("Zm9v");
    QTest::newRow("foob") << QByteArray("foob") << QByteArray("Zm9vYg==");
    QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE=");
    QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy");
    QTest::newRow("binary") << QByteArray::fromHex("fbff00") << QByteArray("+/8A");
}

void TestBase64::rfc4648Vectors()
{
    QFETCH(QByteArray, plain);
    QFETCH(QByteArray, encoded);
    QCOMPARE(QByteArray::fromStdString(Base64::encode(plain.toStdString())), encoded);
    std::string decoded;
    QVERIFY(Base64::decode(encoded.toStdString(), &decoded));
    QCOMPARE(QByteArray::fromStdString(decoded), plain);
}

void TestBase64::acceptsUrlSafeAndUnpadded()
{
    std::string out;
    QVERIFY(Base64::decode("-_8A", &out));
    QCOMPARE(QByteArray::fromStdString(out), QByteArray::fromHex("fbff00"));
    out.clear();
    QVERIFY(Base64::decode("Zm9vYg", &out));
    QCOMPARE(out, std::string("foob"));
}

void TestBase64::rejectsInvalid_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("one char left") << QByteArray("Zm9vY");
    QTest::newRow("bad char") << QByteArray("Zm9v!A==");
    QTest::newRow("padding inside") << QByteArray("Zg==Zg==");
    QTest::newRow("bad padding length") << QByteArray("Zg=");
    QTest::newRow("space") << QByteArray("Zm9 v");
}

void TestBase64::rejectsInvalid()
{
    QFETCH(QByteArray, text);
    std::string out = "kept";
    QVERIFY(!Base64::decode(text.toStdString(), &out));
    QCOMPARE(out, std::string("kept"));
}

QTEST_APPLESS_MAIN(TestBase64)
#include "tst_base64.moc"
