// moc need not read the generated protobuf headers (it cannot parse their attribute macros).
#ifndef Q_MOC_RUN
#include "history/historypage.h"
#endif
#include "support/hugepages.h"

#include <QtTest>

#include <cstdint>
#include <cstring>
#include <vector>

using namespace hl;

// Huge pages are a hint: whatever the system does with it, memory must behave as ordinary memory. The History
// arena's large blocks come from HugePages, so a page past several of them must hold every event intact.
class TestHugePages : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void largeBlocksAreAlignedAndUsable();
    void smallBlocksComeFromMalloc();
    void adviceKeepsWrittenData();
    void adviceIgnoresWhatItCannotUse();
    void aLargeHistoryPageKeepsEveryEvent();
};

void TestHugePages::largeBlocksAreAlignedAndUsable()
{
    for (const size_t bytes : {HugePages::kPageBytes, 2 * HugePages::kPageBytes, 3 * HugePages::kPageBytes + 1}) {
        void* block = HugePages::allocateBlock(bytes);
        QVERIFY(block);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(block) % HugePages::kPageBytes, std::uintptr_t(0));
        std::memset(block, 0xa5, bytes);
        const auto* bytesOf = static_cast<const unsigned char*>(block);
        QCOMPARE(int(bytesOf[0]), 0xa5);
        QCOMPARE(int(bytesOf[bytes - 1]), 0xa5);
        HugePages::freeBlock(block, bytes);
    }
}

void TestHugePages::smallBlocksComeFromMalloc()
{
    void* block = HugePages::allocateBlock(256);
    QVERIFY(block);
    std::memset(block, 1, 256);
    HugePages::freeBlock(block, 256);
}

void TestHugePages::adviceKeepsWrittenData()
{
    std::vector<unsigned char> buffer(5 * HugePages::kPageBytes + 123);
    for (size_t i = 0; i < buffer.size(); ++i)
        buffer[i] = static_cast<unsigned char>(i * 7);
    HugePages::advise(buffer.data(), buffer.size());
    for (size_t i = 0; i < buffer.size(); i += 4093)
        QCOMPARE(int(buffer[i]), int(static_cast<unsigned char>(i * 7)));
}

void TestHugePages::adviceIgnoresWhatItCannotUse()
{
    HugePages::advise(nullptr, 64 * HugePages::kPageBytes);
    char small[64] = {1};
    HugePages::advise(small, sizeof small);
    QCOMPARE(int(small[0]), 1);
    // Not even one whole huge page inside: nothing to advise.
    std::vector<char> unaligned(HugePages::kPageBytes + 1, 'x');
    HugePages::advise(unaligned.data() + 1, HugePages::kPageBytes);
    QCOMPARE(unaligned.back(), 'x');
}

void TestHugePages::aLargeHistoryPageKeepsEveryEvent()
{
    // About 20 MiB in the arena: past protobuf's doubling into several 4 MiB huge-page blocks.
    constexpr int kEvents = 20000;
    HistoryPage page;
    for (int i = 0; i < kEvents; ++i) {
        auto* event = page.mutableEvents()->add_events();
        event->set_event_id(i + 1);
        auto* attributes = event->mutable_activity_task_scheduled_event_attributes();
        attributes->set_activity_id(std::to_string(i));
        attributes->mutable_input()->add_payloads()->set_data(std::string(1000, char('a' + i % 26)));
    }
    QCOMPARE(page.size(), kEvents);
    QVERIFY(page.events().SpaceUsedLong() > 16 * 1024 * 1024);
    for (int i = 0; i < kEvents; i += 997) {
        const auto& attributes = page.events().events(i).activity_task_scheduled_event_attributes();
        QCOMPARE(page.events().events(i).event_id(), qint64(i + 1));
        QCOMPARE(attributes.activity_id(), std::to_string(i));
        QCOMPARE(attributes.input().payloads(0).data(), std::string(1000, char('a' + i % 26)));
    }
}

QTEST_APPLESS_MAIN(TestHugePages)
#include "tst_hugepages.moc"
