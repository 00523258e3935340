#include "support/inflater.h"
#include "support/readlimits.h"
#include "support/sourcereader.h"
#include "support/dialectwriter.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QtTest>


using namespace hl;
using hl::test::compress;

class TestSourceReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsWholeFileWithPadding();
    void refusesFileOverTheBound();
    void boundsDevicesWithoutSize();
    void namesMissingFileAndDirectory();
    void inflatesGzipAndZlib();
    void inflatesConcatenatedGzipMembers();
    void stopsDecompressionBomb();
    void smallBoundsHold_data();
    void smallBoundsHold();
    void reportsTruncatedAndCorruptStreams();

};

void TestSourceReader::readsWholeFileWithPadding()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray content(200000, 'x');
    file.write(content);
    file.close();
    const auto bytes = SourceReader::readFile(path, 1 << 20);
    QVERIFY(bytes.ok());
    QCOMPARE(*bytes, content);
    QVERIFY(bytes->capacity() - bytes->size() >= kSourcePadding);
}

void TestSourceReader::refusesFileOverTheBound()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(5000, 'x'));
    file.close();
    const auto bytes = SourceReader::readFile(path, 4096);
    QVERIFY(!bytes.ok());
    QCOMPARE(bytes.error().code, ErrorCode::TooLarge);
    QCOMPARE(bytes.error().source, path);
    QVERIFY(bytes.error().message.contains(QStringLiteral("4 KiB")));
    QVERIFY(SourceReader::readFile(path, 5000).ok());
}

void TestSourceReader::boundsDevicesWithoutSize()
{
    // /dev/zero never ends and reports no size: the bound must stop it.
    const auto bytes = SourceReader::readFile(QStringLiteral("/dev/zero"), 3 * 1024 * 1024);
    QVERIFY(!bytes.ok());
    QCOMPARE(bytes.error().code, ErrorCode::TooLarge);
}

void TestSourceReader::namesMissingFileAndDirectory()
{
    QTemporaryDir dir;
    auto missing = SourceReader::readFile(dir.filePath(QStringLiteral("nope.json")), 1024);
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QVERIFY(missing.error().toString().contains(QStringLiteral("nope.json")));
    auto directory = SourceReader::readFile(dir.path(), 1024);
    QCOMPARE(directory.error().code, ErrorCode::NotAFile);
    QVERIFY(directory.error().toString().contains(QStringLiteral("directory")));
}

void TestSourceReader::inflatesGzipAndZlib()
{
    const QByteArray text = QByteArray("{\"events\":[]}").repeated(1000);
    for (const bool gzip : {true, false}) {
        const QByteArray packed = compress(text, gzip);
        QCOMPARE(Inflater::looksLikeGzip(packed.constData(), packed.size()), gzip);
        const auto out = Inflater::inflate(packed.constData(), packed.size(),
                                           gzip ? Inflater::Format::Gzip : Inflater::Format::Zlib, 1 << 20);
        QVERIFY(out.ok());
        QCOMPARE(*out, text);
    }
}

void TestSourceReader::inflatesConcatenatedGzipMembers()
{
    const QByteArray packed = compress("first ", true) + compress("second", true);
    const auto out = Inflater::inflate(packed.constData(), packed.size(), Inflater::Format::Gzip, 1024);
    QVERIFY(out.ok());
    QCOMPARE(*out, QByteArray("first second"));
}

void TestSourceReader::stopsDecompressionBomb()
{
    // 64 MiB of zeros packs into about 64 KiB; a 1 MiB bound must stop it early.
    const QByteArray bomb = compress(QByteArray(64 * 1024 * 1024, '\0'), true);
    QVERIFY(bomb.size() < 200 * 1024);
    const auto out = Inflater::inflate(bomb.constData(), bomb.size(), Inflater::Format::Gzip, 1024 * 1024);
    QVERIFY(!out.ok());
    QCOMPARE(out.error().code, ErrorCode::TooLarge);
    QVERIFY(out.error().message.contains(QStringLiteral("1 MiB")));
}

void TestSourceReader::smallBoundsHold_data()
{
    QTest::addColumn<int>("bound");
    QTest::addColumn<int>("expanded");
    QTest::addColumn<bool>("fits");
    // Bounds below the first buffer size, and output ending exactly at and one past the bound.
    QTest::newRow("2000 into 1024") << 1024 << 2000 << false;
    QTest::newRow("1025 into 1024") << 1024 << 1025 << false;
    QTest::newRow("1024 into 1024") << 1024 << 1024 << true;
    QTest::newRow("10 into 64") << 64 << 10 << true;
}

void TestSourceReader::smallBoundsHold()
{
    QFETCH(int, bound);
    QFETCH(int, expanded);
    QFETCH(bool, fits);
    for (const auto format : {Inflater::Format::Gzip, Inflater::Format::Zlib}) {
        const QByteArray packed = compress(QByteArray(expanded, 'x'), format == Inflater::Format::Gzip);
        const auto out = Inflater::inflate(packed.constData(), packed.size(), format, bound);
        QCOMPARE(out.ok(), fits);
        if (fits)
            QCOMPARE(out->size(), expanded);
        else
            QCOMPARE(out.error().code, ErrorCode::TooLarge);
    }
}

void TestSourceReader::reportsTruncatedAndCorruptStreams()
{
    const QByteArray packed = compress(QByteArray("{\"events\":[]}").repeated(500), true);
    const auto truncated = Inflater::inflate(packed.constData(), packed.size() / 2, Inflater::Format::Gzip, 1 << 20);
    QCOMPARE(truncated.error().code, ErrorCode::Truncated);
    QByteArray corrupt = packed;
    corrupt[20] = char(corrupt[20] ^ 0x5a);
    corrupt[21] = char(corrupt[21] ^ 0xa5);
    const auto broken = Inflater::inflate(corrupt.constData(), corrupt.size(), Inflater::Format::Gzip, 1 << 20);
    QVERIFY(!broken.ok());
    QVERIFY(broken.error().code == ErrorCode::CorruptCompressedData || broken.error().code == ErrorCode::Truncated);
}

QTEST_GUILESS_MAIN(TestSourceReader)
#include "tst_sourcereader.moc"
