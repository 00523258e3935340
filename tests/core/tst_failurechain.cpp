// Failures read as a debugger wants them: the cause chain a level each, and stack traces as frames with the user's
// own code told apart, in the formats of the Java, .NET, Go, Python and TypeScript SDKs. The Java and .NET traces
// come from real histories; the others are written as those SDKs write them (Go's debug.Stack() under a panic,
// Python's traceback.format_tb, V8's Error.stack), since no real fixture carries one; the Python SDK's real traces are
// read in tst_frontend from a real worker.
#ifndef Q_MOC_RUN
#include "format/historyreader.h"
#include "render/failurechain.h"
#include "render/stacktrace.h"
#endif
#include "support/testpaths.h"

#include <QtTest>

using namespace hl;

class TestFailureChain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void javaFromARealHistory();
    void dotNetFromARealHistory();
    void formats_data();
    void formats();
    void causeChainLevels();
    void chainDepthIsBounded();
};

namespace {

const temporal::api::failure::v1::Failure* firstFailure(const History& history, int eventType)
{
    for (int i = 0; i < history.eventCount(); ++i) {
        const auto& event = history.event(i);
        if (event.event_type() != eventType)
            continue;
        if (event.has_workflow_execution_failed_event_attributes())
            return &event.workflow_execution_failed_event_attributes().failure();
        if (event.has_activity_task_failed_event_attributes())
            return &event.activity_task_failed_event_attributes().failure();
        if (event.has_child_workflow_execution_failed_event_attributes())
            return &event.child_workflow_execution_failed_event_attributes().failure();
    }
    return nullptr;
}

QStringList userFiles(const StackTrace& trace)
{
    QStringList out;
    for (const StackFrame& frame : trace.frames()) {
        if (frame.user)
            out << QStringLiteral("%1:%2").arg(frame.file).arg(frame.line);
    }
    return out;
}

} // namespace

void TestFailureChain::javaFromARealHistory()
{
    const auto file = HistoryReader().readFile(test::realFixture(QStringLiteral("features__retry_on_error.history.java.1.0.6.json")));
    QVERIFY(file.ok());
    const auto* failure = firstFailure(file->histories[0], temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    QVERIFY(failure);
    const FailureChain chain = FailureChain::of(*failure, {});
    QVERIFY(chain.levels().size() >= 2);
    // Every level's trace: one frame a line, as many frames as the SDK wrote lines.
    bool sawUserFrame = false;
    for (const FailureChain::Level& level : chain.levels()) {
        if (level.stackText.isEmpty())
            continue;
        QCOMPARE(level.stack.dialect(), StackTrace::Dialect::Java);
        QString normalized = level.stackText;
        normalized.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        QCOMPARE(qsizetype(level.stack.frames().size()), normalized.trimmed().split(QLatin1Char('\n')).size());
        for (const StackFrame& frame : level.stack.frames()) {
            QVERIFY(!frame.text.contains(QLatin1Char('\n')));
            if (frame.text.startsWith(QLatin1String("java.base/")) || frame.text.startsWith(QLatin1String("io.temporal.internal.")))
                QVERIFY2(!frame.user, qPrintable(frame.text));
        }
        if (!userFiles(level.stack).isEmpty()) {
            sawUserFrame = true;
            QCOMPARE(userFiles(level.stack).first(), QStringLiteral("feature.java:43"));
        }
    }
    QVERIFY(sawUserFrame);
}

void TestFailureChain::dotNetFromARealHistory()
{
    const auto file = HistoryReader().readFile(test::realFixture(QStringLiteral("sdk-dotnet__multi-complete-fail-before.post-dotnet-flag.json")));
    QVERIFY(file.ok());
    const auto* failure = firstFailure(file->histories[0], temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    QVERIFY(failure);
    const FailureChain chain = FailureChain::of(*failure, {});
    QCOMPARE(chain.levels().front().message, QStringLiteral("Intentional error from signal"));
    QCOMPARE(chain.levels().front().kind, QStringLiteral("Application"));
    const StackTrace& trace = chain.levels().front().stack;
    QCOMPARE(trace.dialect(), StackTrace::Dialect::DotNet);
    QCOMPARE(int(trace.frames().size()), 5); // four frames and the "End of stack trace" line
    QCOMPARE(userFiles(trace), QStringList{QStringLiteral(R"(c:\work\tem\sdk-dotnet\temporal-sdk-dotnet\tests\Temporalio.Tests\Worker\WorkflowWorkerTests.cs:4736)")});
    QCOMPARE(trace.frames()[1].line, 1566);
    QVERIFY(!trace.frames()[1].user);
}

void TestFailureChain::formats_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<int>("frames");
    QTest::addColumn<QStringList>("user");

    QTest::newRow("go panic") << QStringLiteral(
        "goroutine 45 [running]:\n"
        "runtime/debug.Stack()\n\t/usr/local/go/src/runtime/debug/stack.go:24 +0x5e\n"
        "go.temporal.io/sdk/internal.newPanicError({0x1c2e9a0, 0xc000318f90}, {0xc0003a6000, 0x61a, 0x800})\n"
        "\t/go/pkg/mod/go.temporal.io/sdk@v1.29.1/internal/error.go:706 +0x45\n"
        "panic({0x1c2e9a0?, 0xc000318f90?})\n\t/usr/local/go/src/runtime/panic.go:770 +0x132\n"
        "github.com/acme/orders/workflows.ChargeWorkflow({0x2180a60, 0xc0001b2f00}, {0xc000110200, 0x9})\n"
        "\t/src/orders/workflows/charge.go:42 +0x1d\n"
        "reflect.Value.call({0x1b0a540?, 0x1f8f4d8?, 0x13?}, {0x1e3d3e5, 0x4}, {0xc0003c2ab0, 0x2, 0x2?})\n"
        "\t/usr/local/go/src/reflect/value.go:596 +0xce5\n")
                                << int(StackTrace::Dialect::Go) << 6
                                << QStringList{QStringLiteral("/src/orders/workflows/charge.go:42")};
    QTest::newRow("python traceback") << QStringLiteral(
        "  File \"/home/ci/.venv/lib/python3.11/site-packages/temporalio/worker/_activity.py\", line 447, in _run_activity\n"
        "    result = await impl.execute_activity(input)\n"
        "             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  File \"/app/activities.py\", line 80, in notify_fraud_desk\n"
        "    raise ApplicationError(\"fraud check rejected the order\") from cause\n")
                                      << int(StackTrace::Dialect::Python) << 2
                                      << QStringList{QStringLiteral("/app/activities.py:80")};
    QTest::newRow("typescript") << QStringLiteral(
        "ApplicationFailure: card declined\n"
        "    at ApplicationFailure.create (/app/node_modules/@temporalio/common/lib/failure.js:280:16)\n"
        "    at chargeCard (/app/src/activities.ts:31:11)\n"
        "    at async Activity.execute (/app/node_modules/@temporalio/worker/lib/activity.js:91:20)\n"
        "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n")
                                << int(StackTrace::Dialect::JavaScript) << 5
                                << QStringList{QStringLiteral("/app/src/activities.ts:31")};
    QTest::newRow("java with at") << QStringLiteral(
        "\tat io.temporal.internal.sync.POJOWorkflowImplementationFactory.execute(POJOWorkflowImplementationFactory.java:302)\n"
        "\tat com.acme.OrderWorkflowImpl.run(OrderWorkflowImpl.java:57)\n")
                                  << int(StackTrace::Dialect::Java) << 2
                                  << QStringList{QStringLiteral("OrderWorkflowImpl.java:57")};
    QTest::newRow("free text") << QStringLiteral("something went wrong\nsomewhere") << int(StackTrace::Dialect::Unknown) << 2
                               << QStringList{};
}

void TestFailureChain::formats()
{
    QFETCH(QString, text);
    QFETCH(int, dialect);
    QFETCH(int, frames);
    QFETCH(QStringList, user);
    const StackTrace trace = StackTrace::parse(text);
    QCOMPARE(int(trace.dialect()), dialect);
    QCOMPARE(int(trace.frames().size()), frames);
    QCOMPARE(userFiles(trace), user);
}

void TestFailureChain::causeChainLevels()
{
    const auto file = HistoryReader().readFile(test::realFixture(QStringLiteral("sdk-java__complexHistory1.json")));
    QVERIFY(file.ok());
    const auto* failure = firstFailure(file->histories[0], temporal::api::enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    QVERIFY(failure);
    const FailureChain chain = FailureChain::of(*failure, {}, QStringLiteral("failure"));
    QVERIFY(chain.levels().size() >= 2);
    QCOMPARE(chain.levels()[0].path, QStringLiteral("failure"));
    QCOMPARE(chain.levels()[1].path, QStringLiteral("failure.cause"));
    for (const FailureChain::Level& level : chain.levels()) {
        QVERIFY(!level.kind.isEmpty());
        QVERIFY(!level.message.isEmpty() || !level.facts.empty());
    }
}

void TestFailureChain::chainDepthIsBounded()
{
    temporal::api::failure::v1::Failure root;
    temporal::api::failure::v1::Failure* current = &root;
    for (int i = 0; i < 1000; ++i) {
        current->set_message("level " + std::to_string(i));
        current = current->mutable_cause();
    }
    const FailureChain chain = FailureChain::of(root, {});
    QCOMPARE(int(chain.levels().size()), FailureChain::kMaxDepth);
    QVERIFY(chain.truncated());
}

QTEST_GUILESS_MAIN(TestFailureChain)
#include "tst_failurechain.moc"
