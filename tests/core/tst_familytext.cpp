// A family tree as text and JSON (the temporal CLI's trace shape), what a query's arguments become, and what a
// worker's metadata lists, on trees and answers built here; the real family is traced in tst_frontend.
#ifndef Q_MOC_RUN
#include "codec/codecchain.h"
#include "codec/payloadencoder.h"
#include "family/familytext.h"
#include "family/familytracer.h"
#include "render/enhancedstacktrace.h"
#include "render/workflowmetadata.h"

#include <temporal/api/enums/v1/workflow.pb.h>
#endif

#include <QtTest>

using namespace hl;

#ifndef Q_MOC_RUN
namespace enums = temporal::api::enums::v1;
#endif

class TestFamilyText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void treeReadsAsTheTemporalCliTrace();
    void hostileIdsAreQuotedInQueries();
    void argumentsAreJsonThenEncrypted();
    void metadataListsHandlersSorted();
    void enhancedStackReadsInnermostFirst();
};

namespace {

FamilyTree::Run run(const char* id, int status, qint64 startMs, qint64 closeMs)
{
    FamilyTree::Run run;
    run.runId = QString::fromLatin1(id);
    run.status = status;
    run.startMs = startMs;
    run.closeMs = closeMs;
    return run;
}

// root (completed) -> chain of two runs (continued as new, completed) whose second run has a failed child.
FamilyTree sampleTree()
{
    std::vector<FamilyTree::Node> nodes(3);
    nodes[0].workflowId = QStringLiteral("root");
    nodes[0].type = QStringLiteral("Root");
    nodes[0].runs.push_back(run("r0", enums::WORKFLOW_EXECUTION_STATUS_COMPLETED, 1000, 4000));
    nodes[0].runs[0].children = {1};
    nodes[1].workflowId = QStringLiteral("chain");
    nodes[1].type = QStringLiteral("Chain");
    nodes[1].depth = 1;
    nodes[1].parentNode = 0;
    nodes[1].parentRun = 0;
    nodes[1].runs.push_back(run("c1", enums::WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW, 1100, 1200));
    nodes[1].runs.push_back(run("c2", enums::WORKFLOW_EXECUTION_STATUS_COMPLETED, 1200, 3200));
    nodes[1].runs[1].children = {2};
    nodes[2].workflowId = QStringLiteral("leaf");
    nodes[2].type = QStringLiteral("Leaf");
    nodes[2].depth = 2;
    nodes[2].parentNode = 1;
    nodes[2].parentRun = 1;
    FamilyTree::Run failed = run("l1", enums::WORKFLOW_EXECUTION_STATUS_FAILED, 1300, 1310);
    auto failure = std::make_shared<FamilyTree::Failure>();
    failure->set_message("no courier\nat depot 7");
    failure->mutable_cause()->set_message("timeout");
    failed.failure = failure;
    failed.retryState = QStringLiteral("MaximumAttemptsReached");
    nodes[2].runs.push_back(failed);
    return FamilyTree(std::move(nodes), {QStringLiteral("leaf"), QStringLiteral("l1")}, QStringLiteral("family"), false, {});
}

} // namespace

void TestFamilyText::treeReadsAsTheTemporalCliTrace()
{
    const FamilyTree tree = sampleTree();
    QCOMPARE(tree.runCount(), 4);
    FamilyText::Options options;
    const QStringList all = FamilyText::lines(tree, {}, options);
    const QStringList expected{
        QStringLiteral(" ╪ ✓ Root (3.00s)"),
        QStringLiteral(" │   wfId: root, runId: r0"),
        QStringLiteral(" │   ╪ » Chain (0.10s, run 1 of 2)"),
        QStringLiteral(" │   │   wfId: chain, runId: c1"),
        QStringLiteral(" │   ╪ ✓ Chain (2.00s, run 2 of 2)"),
        QStringLiteral(" │   │   wfId: chain, runId: c2"),
        QStringLiteral(" │   │   ╪ ! Leaf (0.01s)  ◀ asked"),
        QStringLiteral(" │   │   │   wfId: leaf, runId: l1"),
        QStringLiteral(" │   │   │   Failure: no courier"),
        QStringLiteral(" │   │   │       at depot 7 <- timeout"),
        QStringLiteral(" │   │   │   Retry state: MaximumAttemptsReached"),
    };
    QCOMPARE(all, expected);
    // The temporal CLI's default folds completed runs below the root: the chain's second run hides its child.
    options.foldStatuses = FamilyText::defaultFoldStatuses();
    const QStringList folded = FamilyText::lines(tree, {}, options);
    QVERIFY(folded.contains(QStringLiteral(" │   │   ↳ execution folded")));
    QVERIFY(!folded.join(QLatin1Char('\n')).contains(QStringLiteral("Leaf")));
    QCOMPARE(FamilyText::foldStatusOf(QStringLiteral("ContinueAsNew")), int(enums::WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW));
    QCOMPARE(FamilyText::foldStatusOf(QStringLiteral("sleeping")), -1);

    const QJsonObject json = FamilyText::json(tree, {});
    const QJsonObject chain = json[QStringLiteral("root")][QStringLiteral("runs")][0][QStringLiteral("children")][0].toObject();
    QCOMPARE(chain[QStringLiteral("workflowId")].toString(), QStringLiteral("chain"));
    QCOMPARE(chain[QStringLiteral("runs")].toArray().size(), 2);
    QCOMPARE(chain[QStringLiteral("runs")][0][QStringLiteral("status")].toString(), QStringLiteral("Continued as new"));
    QCOMPARE(chain[QStringLiteral("runs")][1][QStringLiteral("durationMs")].toDouble(), 2000.0);
    const QJsonObject leaf = chain[QStringLiteral("runs")][1][QStringLiteral("children")][0][QStringLiteral("runs")][0].toObject();
    QCOMPARE(leaf[QStringLiteral("failure")].toString(), QStringLiteral("no courier\nat depot 7 <- timeout"));
}

void TestFamilyText::hostileIdsAreQuotedInQueries()
{
    QCOMPARE(FamilyTracer::quoted(QStringLiteral("order-42")), QStringLiteral("\"order-42\""));
    QCOMPARE(FamilyTracer::quoted(QStringLiteral("a\" OR WorkflowId != \"")), QStringLiteral("\"a\\\" OR WorkflowId != \\\"\""));
    QCOMPARE(FamilyTracer::quoted(QStringLiteral("back\\slash")), QStringLiteral("\"back\\\\slash\""));
}

void TestFamilyText::argumentsAreJsonThenEncrypted()
{
    QCOMPARE(QByteArray::fromStdString(PayloadEncoder::jsonPayload(QStringLiteral("\"maria\""))->data()), QByteArray("\"maria\""));
    QCOMPARE(QByteArray::fromStdString(PayloadEncoder::jsonPayload(QStringLiteral(" { \"id\" : 7 } "))->data()), QByteArray("{\"id\":7}"));
    QCOMPARE(QByteArray::fromStdString(PayloadEncoder::jsonPayload(QStringLiteral("null"))->data()), QByteArray("null"));
    QCOMPARE(PayloadEncoder::jsonPayload(QStringLiteral("42"))->metadata().at("encoding"), std::string("json/plain"));
    QVERIFY(!PayloadEncoder::jsonPayload(QStringLiteral("maria")).ok()); // a text needs its quotes
    QVERIFY(!PayloadEncoder::jsonPayload(QStringLiteral("1, 2")).ok());
    QVERIFY(!PayloadEncoder::jsonPayload(QStringLiteral("{")).ok());

    KeyRing keys;
    keys.insert("k1", std::make_shared<SecretBytes>(std::string(32, 'k')));
    const auto plain = PayloadEncoder::jsonPayload(QStringLiteral("{\"who\":\"sam\"}"));
    QVERIFY(!PayloadEncoder::encrypted(*plain, keys, "k2").ok());
    QVERIFY(!PayloadEncoder::encrypted(*plain, keys, "k1", QStringLiteral("lzma")).ok());
    for (const QString& compression : {QString(), QStringLiteral("zlib"), QStringLiteral("snappy")}) {
        auto sealed = PayloadEncoder::encrypted(*plain, keys, "k1", compression);
        QVERIFY2(sealed.ok(), qPrintable(sealed.error().message));
        QCOMPARE(sealed->metadata().at("encoding"), std::string("binary/encrypted"));
        QCOMPARE(sealed->metadata().at("encryption-key-id"), std::string("k1"));
        QVERIFY(sealed->data().find("sam") == std::string::npos);
        CodecContext context;
        context.keys = &keys;
        temporal::api::common::v1::Payload opened;
        QCOMPARE(CodecChain::standard().decode(*sealed, context, &opened).status, DecodedPayload::Status::Decoded);
        QCOMPARE(QByteArray::fromStdString(opened.data()), QByteArray("{\"who\":\"sam\"}"));
    }
}

void TestFamilyText::metadataListsHandlersSorted()
{
    const QJsonObject answer{
        {QStringLiteral("definition"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("Approval")},
                     {QStringLiteral("queryDefinitions"),
                      QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("status")}, {QStringLiteral("description"), QStringLiteral("Who approved\nand when")}},
                                 QJsonObject{{QStringLiteral("name"), QStringLiteral("__stack_trace")}},
                                 QJsonObject{{QStringLiteral("description"), QStringLiteral("a nameless one is dropped")}}}},
                     {QStringLiteral("signalDefinitions"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("approve")}}}}}},
        {QStringLiteral("currentDetails"), QStringLiteral("waiting for maria")}};
    const WorkflowMetadata metadata = WorkflowMetadata::fromJson(answer);
    QCOMPARE(metadata.queries().size(), size_t(2));
    QCOMPARE(metadata.queries().front().name, QStringLiteral("__stack_trace"));
    QCOMPARE(metadata.lines(), (QStringList{QStringLiteral("Workflow type: Approval"), QStringLiteral("Current details: waiting for maria"),
                                            QStringLiteral("Queries:"), QStringLiteral("  __stack_trace"),
                                            QStringLiteral("  status         Who approved"), QStringLiteral("Signals:"),
                                            QStringLiteral("  approve"), QStringLiteral("Updates:"), QStringLiteral("  (none)")}));
    QVERIFY(WorkflowMetadata::fromJson(QJsonValue(QStringLiteral("not metadata"))).isEmpty());
}

// The Python SDK lists frames outermost first, the TypeScript SDK innermost first: both read innermost first, each
// frame's line of code taken from its source, a slice of a file counted from its offset.
void TestFamilyText::enhancedStackReadsInnermostFirst()
{
    auto answer = [](const char* sdk) {
        const QJsonArray outerFirst{QJsonObject{{QStringLiteral("functionName"), QStringLiteral("main")}, {QStringLiteral("filePath"), QStringLiteral("/app/a.py")}, {QStringLiteral("line"), 2}},
                                    QJsonObject{{QStringLiteral("functionName"), QStringLiteral("wait")}, {QStringLiteral("filePath"), QStringLiteral("/app/b.py")}, {QStringLiteral("line"), 11}}};
        QJsonArray locations = outerFirst;
        if (QLatin1String(sdk) != QLatin1String("sdk-python"))
            locations = QJsonArray{outerFirst[1], outerFirst[0]};
        return QJsonObject{{QStringLiteral("sdk"), QJsonObject{{QStringLiteral("name"), QLatin1String(sdk)}, {QStringLiteral("version"), QStringLiteral("1.0")}}},
                           {QStringLiteral("sources"),
                            QJsonObject{{QStringLiteral("/app/a.py"), QJsonObject{{QStringLiteral("content"), QStringLiteral("import x\n  run()\n")}}},
                                        {QStringLiteral("/app/b.py"), QJsonObject{{QStringLiteral("lineOffset"), 9}, {QStringLiteral("content"), QStringLiteral("def wait():\n    await approved  \n")}}}}},
                           {QStringLiteral("stacks"), QJsonArray{QJsonObject{{QStringLiteral("locations"), locations}}}}};
    };
    const QStringList expected{QStringLiteral("From %1 1.0"), QString(), QStringLiteral("Stack 1 of 1:"), QStringLiteral("  wait  /app/b.py:11"),
                               QStringLiteral("      await approved"), QStringLiteral("  main  /app/a.py:2"), QStringLiteral("      run()")};
    for (const char* sdk : {"sdk-python", "typescript"}) {
        QStringList want = expected;
        want[0] = want[0].arg(QLatin1String(sdk));
        QCOMPARE(EnhancedStackTrace::fromJson(answer(sdk)).lines(), want);
    }
    QVERIFY(EnhancedStackTrace::fromJson(QJsonValue(42)).isEmpty());
}

QTEST_GUILESS_MAIN(TestFamilyText)
#include "tst_familytext.moc"
