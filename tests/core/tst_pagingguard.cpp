#include "frontend/pagingguard.h"

#include <QtTest>

using namespace hl;

// What stops a frontend that never ends a history or a listing.
class TestPagingGuard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anHonestPagingPasses();
    void aRepeatedTokenStops();
    void aLongPollMayRepeatItsToken();
    void endlessEmptyAnswersStop();
    void moreItemsThanTheBoundStop();
};

void TestPagingGuard::anHonestPagingPasses()
{
    PagingGuard guard(102400, QStringLiteral("events"), QStringLiteral("--max-events raises it"));
    for (int page = 1; page <= 51; ++page)
        QVERIFY(guard.accept(1000, QByteArray::number(page)).ok());
    QVERIFY(guard.accept(0, QByteArray::number(52)).ok()); // the empty last page a server may send
    QVERIFY(guard.accept(200, QByteArray()).ok());
    QCOMPARE(guard.items(), 51200);
}

void TestPagingGuard::aRepeatedTokenStops()
{
    PagingGuard guard(0, QStringLiteral("events"), QString());
    QVERIFY(guard.accept(3, "same").ok());
    const auto again = guard.accept(0, "same");
    QVERIFY(!again.ok());
    QVERIFY2(again.error().message.contains(QStringLiteral("already sent (answer 2)")), qPrintable(again.error().message));
}

void TestPagingGuard::aLongPollMayRepeatItsToken()
{
    PagingGuard guard(0, QStringLiteral("events"), QString());
    QVERIFY(guard.accept(3, "poll").ok());
    for (int i = 0; i < 100; ++i)
        QVERIFY(guard.accept(0, "poll", true).ok());
}

void TestPagingGuard::endlessEmptyAnswersStop()
{
    PagingGuard guard(0, QStringLiteral("events"), QString());
    Result<void> outcome;
    int answers = 0;
    while (outcome.ok() && answers < 1000)
        outcome = guard.accept(0, QByteArray::number(++answers));
    QVERIFY(!outcome.ok());
    QCOMPARE(answers, PagingGuard::kMaxEmptyAnswersInARow);
    QVERIFY(outcome.error().message.contains(QStringLiteral("empty answers in a row")));
}

void TestPagingGuard::moreItemsThanTheBoundStop()
{
    PagingGuard guard(2500, QStringLiteral("events for one history"), QStringLiteral("--max-events raises the bound"));
    QVERIFY(guard.accept(1000, "1").ok());
    QVERIFY(guard.accept(1000, "2").ok());
    const auto past = guard.accept(1000, "3");
    QVERIFY(!past.ok());
    QCOMPARE(past.error().code, ErrorCode::TooLarge);
    QVERIFY2(past.error().message.contains(QStringLiteral("more than 2500 events for one history (answer 3)")),
             qPrintable(past.error().message));
    QVERIFY(past.error().message.contains(QStringLiteral("--max-events")));
}

QTEST_GUILESS_MAIN(TestPagingGuard)
#include "tst_pagingguard.moc"
