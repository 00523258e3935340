#include "json/prototime.h"

#include <QDateTime>
#include <QtTest>

using namespace hl;

class TestProtoTime : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void timestamps_data();
    void timestamps();
    void timestampAgreesWithQt();
    void rejectsBadTimestamps_data();
    void rejectsBadTimestamps();
    void durations_data();
    void durations();
};

void TestProtoTime::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<int>("nanos");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("epoch") << "1970-01-01T00:00:00Z" << qint64(0) << 0 << "1970-01-01T00:00:00Z";
    QTest::newRow("nanos") << "2024-07-25T14:27:21.964655700Z" << qint64(1721917641) << 964655700
                           << "2024-07-25T14:27:21.964655700Z";
    QTest::newRow("millis") << "2020-07-30T00:30:02.971Z" << qint64(1596069002) << 971000000 << "2020-07-30T00:30:02.971Z";
    QTest::newRow("micros padded to 6") << "2024-08-02T23:35:00.258465Z" << qint64(1722641700) << 258465000
                                        << "2024-08-02T23:35:00.258465Z";
    QTest::newRow("offset") << "2024-01-01T02:00:00+02:00" << qint64(1704067200) << 0 << "2024-01-01T00:00:00Z";
    QTest::newRow("before epoch") << "1969-12-31T23:59:59.500Z" << qint64(-1) << 500000000 << "1969-12-31T23:59:59.500Z";
    QTest::newRow("leap day") << "2000-02-29T12:00:00Z" << qint64(951825600) << 0 << "2000-02-29T12:00:00Z";
}

void TestProtoTime::timestamps()
{
    QFETCH(QString, text);
    QFETCH(qint64, seconds);
    QFETCH(int, nanos);
    QFETCH(QString, canonical);
    int64_t s = 0;
    int32_t n = 0;
    QVERIFY(ProtoTime::parseTimestamp(text.toStdString(), &s, &n));
    QCOMPARE(qint64(s), seconds);
    QCOMPARE(int(n), nanos);
    QCOMPARE(QString::fromStdString(ProtoTime::formatTimestamp(s, n)), canonical);
}

void TestProtoTime::timestampAgreesWithQt()
{
    // Across four centuries, day by day boundaries computed by Qt's own calendar.
    for (qint64 days = -50000; days < 150000; days += 997) {
        const QDateTime expected = QDateTime::fromSecsSinceEpoch(days * 86400 + 3723, Qt::UTC);
        const QString text = expected.toString(Qt::ISODate);
        int64_t s = 0;
        int32_t n = 0;
        QVERIFY2(ProtoTime::parseTimestamp(text.toStdString(), &s, &n), qPrintable(text));
        QCOMPARE(qint64(s), expected.toSecsSinceEpoch());
        QCOMPARE(QString::fromStdString(ProtoTime::formatTimestamp(s, 0)), text);
    }
}

void TestProtoTime::rejectsBadTimestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("no zone") << "2024-07-25T14:27:21";
    QTest::newRow("month 13") << "2024-13-25T14:27:21Z";
    QTest::newRow("ten digits") << "2024-07-25T14:27:21.1234567890Z";
    QTest::newRow("trailing") << "2024-07-25T14:27:21Zx";
    QTest::newRow("empty") << "";
}

void TestProtoTime::rejectsBadTimestamps()
{
    QFETCH(QString, text);
    int64_t s = 0;
    int32_t n = 0;
    QVERIFY(!ProtoTime::parseTimestamp(text.toStdString(), &s, &n));
}

void TestProtoTime::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<int>("nanos");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("whole") << "10s" << qint64(10) << 0 << "10s";
    QTest::newRow("half") << "0.500s" << qint64(0) << 500000000 << "0.500s";
    QTest::newRow("negative") << "-1.5s" << qint64(-1) << -500000000 << "-1.500s";
    QTest::newRow("nanos") << "1.000000001s" << qint64(1) << 1 << "1.000000001s";
}

void TestProtoTime::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, seconds);
    QFETCH(int, nanos);
    QFETCH(QString, canonical);
    int64_t s = 0;
    int32_t n = 0;
    QVERIFY(ProtoTime::parseDuration(text.toStdString(), &s, &n));
    QCOMPARE(qint64(s), seconds);
    QCOMPARE(int(n), nanos);
    QCOMPARE(QString::fromStdString(ProtoTime::formatDuration(s, n)), canonical);
    QVERIFY(!ProtoTime::parseDuration("10", &s, &n));
    QVERIFY(!ProtoTime::parseDuration("s", &s, &n));
}

QTEST_APPLESS_MAIN(TestProtoTime)
#include "tst_prototime.moc"
