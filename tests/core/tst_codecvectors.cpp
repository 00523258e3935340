#ifndef Q_MOC_RUN
#include "codec/historydecoder.h"
#include "codec/payloadlocator.h"
#include "format/historyreader.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "render/historyjsonwriter.h"
#include "render/payloadpreview.h"
#include "session/decodetask.h"
#include "session/decodingservice.h"
#include "session/historyloadjob.h"
#include "support/historyevents.h"
#include "support/codecvectors.h"
#include "support/testpaths.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#endif

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace hl;
using temporal::api::common::v1::Payload;

namespace {

const std::map<QString, ErrorCode> kErrorCodes = {
    {QStringLiteral("AuthenticationFailed"), ErrorCode::AuthenticationFailed},
    {QStringLiteral("UnknownKey"), ErrorCode::UnknownKey},
    {QStringLiteral("Truncated"), ErrorCode::Truncated},
    {QStringLiteral("CorruptCompressedData"), ErrorCode::CorruptCompressedData},
    {QStringLiteral("TooLarge"), ErrorCode::TooLarge},
    {QStringLiteral("UnknownEncoding"), ErrorCode::UnknownEncoding},
    {QStringLiteral("InvalidStructure"), ErrorCode::InvalidStructure},
};

} // namespace

// Payloads encoded by independent implementations (tools/make_codec_vectors.py: Python's cryptography, zlib, gzip,
// python-snappy, protoc --encode), in every sample's format, decoded by HistoryLens.
class TestCodecVectors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void eachPayload_data();
    void eachPayload();
    void countsAndMissingKeys();
    void protobufRendersThroughDescriptorSet();
    void readableOutputRestoresFailures();
    void externalStorageIsLabelled();
    void canonicalOutputIsDecodedAndMarksFailures();
    void withoutKeysNothingIsLost();
    void cancelStopsDecoding();
    void serviceDecodesAsTheEngineDoes();
    void serviceTasksCancelAndGoAtAnyTime();
    void loadJobCancelledBeforeItStarts();
    void cacheIsBounded();

private:
    const Payload& signalInput(const QString& signal) const;
    QByteArray write(HistoryJsonWriter::Style style, const PayloadContext& context) const;

    History m_history;
    std::shared_ptr<KeyRing> m_keys = std::make_shared<KeyRing>();
    PayloadContext m_context;
    QJsonArray m_expected;
};

void TestCodecVectors::initTestCase()
{
    auto file = HistoryReader().readFile(test::codecVector(QStringLiteral("codec-history.json")));
    QVERIFY2(file.ok(), qPrintable(file.error().toString()));
    m_history = file->histories.front();
    m_expected = test::codecVectorExpectations();
    QVERIFY(!m_expected.isEmpty());

    const auto keys = test::insertCodecVectorKeys(m_keys.get());
    QVERIFY2(keys.ok(), qPrintable(keys.error().toString()));

    auto decoded = HistoryDecoder(std::make_shared<CodecChain>(CodecChain::standard()), m_keys).decode(m_history);
    QVERIFY(decoded.ok());
    m_context.decoded = std::make_shared<DecodedPayloads>(std::move(decoded.value()));
    auto types = MessageTypes::load({test::codecVector(QStringLiteral("ordertypes.pb"))});
    QVERIFY2(types.ok(), qPrintable(types.error().toString()));
    m_context.types = types.value();
}

const Payload& TestCodecVectors::signalInput(const QString& signal) const
{
    return test::signalInput(m_history, signal);
}

QByteArray TestCodecVectors::write(HistoryJsonWriter::Style style, const PayloadContext& context) const
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    HistoryJsonWriter writer(style);
    writer.setPayloadContext(context);
    if (!writer.write(m_history, buffer).ok())
        return {};
    return buffer.data();
}

void TestCodecVectors::eachPayload_data()
{
    QTest::addColumn<QJsonObject>("expected");
    for (const QJsonValue& entry : std::as_const(m_expected))
        QTest::newRow(qPrintable(entry[QLatin1String("signal")].toString())) << entry.toObject();
}

void TestCodecVectors::eachPayload()
{
    QFETCH(QJsonObject, expected);
    const Payload& stored = signalInput(expected[QLatin1String("signal")].toString());
    const DecodedPayload* decoded = m_context.find(stored);
    const QString status = expected[QLatin1String("status")].toString();

    if (status == QLatin1String("notEncoded")) {
        QVERIFY(!decoded);
        QVERIFY(!m_context.shown(stored).isDecoded());
        return;
    }
    QVERIFY(decoded);
    QCOMPARE(QString::fromStdString(decoded->chainText()), expected[QLatin1String("chain")].toString());
    if (status == QLatin1String("failed")) {
        QVERIFY(decoded->failed());
        QVERIFY(decoded->error.has_value());
        QCOMPARE(decoded->error->code, kErrorCodes.at(expected[QLatin1String("error")].toString()));
        QVERIFY(!decoded->error->message.isEmpty());
        QVERIFY(!m_context.shown(stored).isDecoded()); // a failed payload is shown as stored
        QVERIFY(!m_context.decoded->decodedPayload(stored));
        return;
    }
    QCOMPARE(int(decoded->status), int(DecodedPayload::Status::Decoded));
    Payload want;
    const QByteArray wantJson = QJsonDocument(expected[QLatin1String("payload")].toObject()).toJson(QJsonDocument::Compact);
    QVERIFY(google::protobuf::util::JsonStringToMessage(wantJson.toStdString(), &want).ok());
    const auto payload = m_context.decoded->decodedPayload(stored);
    QVERIFY(payload);
    QVERIFY2(google::protobuf::util::MessageDifferencer::Equals(*payload, want), payload->DebugString().c_str());
    // Asked again: the same decoded payload, from the cache; uncached: decoded again, equal.
    QCOMPARE(m_context.decoded->decodedPayload(stored).get(), payload.get());
    const auto uncached = m_context.decoded->decodedPayload(stored, false);
    QVERIFY(uncached.get() != payload.get());
    QVERIFY(google::protobuf::util::MessageDifferencer::Equals(*uncached, want));
}

void TestCodecVectors::countsAndMissingKeys()
{
    const DecodedPayloads& decoded = *m_context.decoded;
    qint64 failed = 0;
    qint64 notEncoded = 0;
    for (const QJsonValue& entry : std::as_const(m_expected)) {
        failed += entry[QLatin1String("status")] == QLatin1String("failed");
        notEncoded += entry[QLatin1String("status")] == QLatin1String("notEncoded");
    }
    QCOMPARE(decoded.failedCount(), failed);
    QCOMPARE(decoded.notEncodedCount(), notEncoded);
    // The failure event adds three decoded payloads (two encoded attributes and one detail).
    QCOMPARE(decoded.decodedCount(), qint64(m_expected.size()) - failed - notEncoded + 3);
    QCOMPARE(decoded.missingKeyIds(), std::set<std::string>{"nobody"});
}

void TestCodecVectors::protobufRendersThroughDescriptorSet()
{
    const Payload& stored = signalInput(QStringLiteral("snappy-in-encryption"));
    QCOMPARE(PayloadPreview::of(stored, m_context, 200), QStringLiteral(R"({"orderId":"ORD-7","quantity":3,"tags":["gift","express"]})"));
    PayloadContext withoutTypes = m_context;
    withoutTypes.types = nullptr;
    QVERIFY(PayloadPreview::of(stored, withoutTypes).startsWith(QLatin1String("<binary/protobuf, ")));

    const QJsonArray events = QJsonDocument::fromJson(write(HistoryJsonWriter::Style::Readable, m_context))
                                  .object()[QLatin1String("events")].toArray();
    QJsonObject shown;
    QJsonObject jsonProtobuf;
    for (const QJsonValue& event : events) {
        const QJsonObject signal = event[QLatin1String("workflowExecutionSignaledEventAttributes")].toObject();
        const QJsonObject input = signal[QLatin1String("input")][QLatin1String("payloads")][0].toObject();
        if (signal[QLatin1String("signalName")] == QLatin1String("snappy-in-encryption"))
            shown = input;
        if (signal[QLatin1String("signalName")] == QLatin1String("json-protobuf"))
            jsonProtobuf = input;
    }
    QCOMPARE(shown[QLatin1String("metadata")][QLatin1String("messageType")].toString(), QStringLiteral("historylens.test.Order"));
    QCOMPARE(shown[QLatin1String("data")][QLatin1String("orderId")].toString(), QStringLiteral("ORD-7"));
    QCOMPARE(shown[QLatin1String("data")][QLatin1String("tags")].toArray().size(), 2);
    QCOMPARE(shown[QLatin1String("encodingChain")].toString(),
             QStringLiteral("binary/encrypted(key test) > binary/snappy > binary/protobuf"));
    QCOMPARE(jsonProtobuf[QLatin1String("data")][QLatin1String("quantity")].toInt(), 2);
    QCOMPARE(jsonProtobuf[QLatin1String("metadata")][QLatin1String("messageType")].toString(), QStringLiteral("historylens.test.Order"));
}

void TestCodecVectors::readableOutputRestoresFailures()
{
    const QJsonArray events = QJsonDocument::fromJson(write(HistoryJsonWriter::Style::Readable, m_context))
                                  .object()[QLatin1String("events")].toArray();
    const QJsonObject failure = events.last()[QLatin1String("activityTaskFailedEventAttributes")][QLatin1String("failure")].toObject();
    QCOMPARE(failure[QLatin1String("message")].toString(), QStringLiteral("charge declined"));
    QCOMPARE(failure[QLatin1String("stackTrace")].toString(), QStringLiteral("at charge (pay.ts:12)"));
    QCOMPARE(failure[QLatin1String("source")].toString(), QStringLiteral("TypeScriptSDK")); // the rest is left alone
    const QJsonObject cause = failure[QLatin1String("cause")].toObject();
    QCOMPARE(cause[QLatin1String("message")].toString(), QStringLiteral("issuer said no"));
    QCOMPARE(cause[QLatin1String("stackTrace")].toString(), QStringLiteral("at issuer (bank.ts:3)"));
    const QJsonObject details = failure[QLatin1String("applicationFailureInfo")][QLatin1String("details")][QLatin1String("payloads")][0].toObject();
    QCOMPARE(details[QLatin1String("data")][QLatin1String("code")].toInt(), 51);

    // The failed payloads say why, next to their stored bytes.
    const QByteArray text = write(HistoryJsonWriter::Style::Readable, m_context);
    QVERIFY(text.contains("\"decodeError\": \"unknown key id `nobody`\""));
    QVERIFY(text.contains("\"encodingChain\": \"binary/rot13 (failed)\""));
}

void TestCodecVectors::externalStorageIsLabelled()
{
    QCOMPARE(PayloadPreview::of(signalInput(QStringLiteral("external-storage")), m_context),
             QStringLiteral("<stored externally (driver s3, 12.5 KiB)>"));
    QCOMPARE(PayloadPreview::of(signalInput(QStringLiteral("legacy-external-storage")), m_context),
             QStringLiteral("<stored externally (driver gcs)>"));
    const QJsonArray events = QJsonDocument::fromJson(write(HistoryJsonWriter::Style::Readable, m_context))
                                  .object()[QLatin1String("events")].toArray();
    for (const QJsonValue& event : events) {
        const QJsonObject signal = event[QLatin1String("workflowExecutionSignaledEventAttributes")].toObject();
        if (signal[QLatin1String("signalName")] != QLatin1String("external-storage"))
            continue;
        const QJsonObject input = signal[QLatin1String("input")][QLatin1String("payloads")][0].toObject();
        QCOMPARE(input[QLatin1String("externalStorage")].toString(), QStringLiteral("stored externally (driver s3, 12.5 KiB)"));
        QCOMPARE(input[QLatin1String("externalPayloads")][0][QLatin1String("sizeBytes")].toString(), QStringLiteral("12800"));
        QCOMPARE(input[QLatin1String("data")][QLatin1String("driverName")].toString(), QStringLiteral("s3"));
        return;
    }
    QFAIL("no external-storage signal in the readable output");
}

void TestCodecVectors::canonicalOutputIsDecodedAndMarksFailures()
{
    const QByteArray canonical = write(HistoryJsonWriter::Style::Canonical, m_context);
    // Readable back as a history whose payloads are the decoded ones.
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(canonical);
    file.close();
    auto reread = HistoryReader().readFile(file.fileName());
    QVERIFY2(reread.ok(), qPrintable(reread.error().toString()));
    const History& decodedHistory = reread->histories.front();
    QCOMPARE(decodedHistory.eventCount(), m_history.eventCount());
    QVERIFY(decodedHistory.notices().empty());
    const auto& goInput = decodedHistory.event(1).workflow_execution_signaled_event_attributes().input().payloads(0);
    QCOMPARE(goInput.metadata().at("encoding"), std::string("json/plain"));
    QCOMPARE(goInput.data(), std::string(R"({"items":[{"qty":1,"sku":"ENGINE-1"}],"orderId":"ORD-1"})"));
    const auto& failedInput = decodedHistory.event(16).workflow_execution_signaled_event_attributes().input().payloads(0);
    QCOMPARE(failedInput.metadata().at("encoding"), std::string("binary/encrypted"));
    QCOMPARE(failedInput.metadata().at("historylens-decode-error"), std::string("unknown key id `nobody`"));
    QCOMPARE(failedInput.data(), signalInput(QStringLiteral("unknown-key-id")).data()); // nothing lost
}

void TestCodecVectors::withoutKeysNothingIsLost()
{
    auto decoded = HistoryDecoder(std::make_shared<CodecChain>(CodecChain::standard()), std::make_shared<KeyRing>()).decode(m_history);
    QVERIFY(decoded.ok());
    // The Java sample's key id is its key: it decodes without any key given; zlib, gzip and snappy need none.
    const Payload& java = signalInput(QStringLiteral("java-encryption"));
    QVERIFY(decoded->find(java) && !decoded->find(java)->failed());
    QVERIFY(decoded->find(signalInput(QStringLiteral("snappy"))) && !decoded->find(signalInput(QStringLiteral("snappy")))->failed());
    const DecodedPayload* go = decoded->find(signalInput(QStringLiteral("go-encryption")));
    QVERIFY(go && go->failed());
    QCOMPARE(go->error->code, ErrorCode::UnknownKey);
    QCOMPARE(decoded->missingKeyIds(), (std::set<std::string>{"k128", "k192", "nobody", "test", "test-key-id", "wrong"}));
}

void TestCodecVectors::cancelStopsDecoding()
{
    const HistoryDecoder decoder(std::make_shared<CodecChain>(CodecChain::standard()), m_keys);
    auto cancelled = decoder.decode(m_history, 0, [](qint64, qint64) { return false; });
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    qint64 lastDone = 0;
    qint64 total = 0;
    QVERIFY(decoder.decode(m_history, 0, [&](qint64 done, qint64 all) { lastDone = done; total = all; return true; }).ok());
    QCOMPARE(lastDone, qint64(m_history.eventCount()));
    QCOMPARE(total, qint64(m_history.eventCount()));
    // Decoding from a later event (a new page) covers only the new events.
    auto tail = decoder.decode(m_history, m_history.eventCount() - 1);
    QVERIFY(tail.ok());
    QCOMPARE(tail->decodedCount(), qint64(3));
}

// The demo history (its payloads AES-GCM over zlib) read again and again, distinct payloads each time, to span
// many chunks of the service. The vectors' history holds bombs that take their bounded time on every copy.
constexpr const char* kDemoKeyId = "historylens-demo";
constexpr const char* kDemoKeyText = "historylens-demo-key-not-secret!";

static History manyCopies(int copies)
{
    History big;
    for (int i = 0; i < copies; ++i) {
        auto file = HistoryReader().readFile(QStringLiteral(HL_DEMO_HISTORY));
        for (const auto& page : file->histories.front().pages())
            big = big.appended(page);
    }
    return big;
}

void TestCodecVectors::serviceDecodesAsTheEngineDoes()
{
    const History big = manyCopies(80); // several chunks of 512 events, decoded as independent pool tasks
    QVERIFY(big.eventCount() > 3 * HistoryDecoder::kEventsPerChunk);
    auto keys = std::make_shared<KeyRing>();
    keys->insert(kDemoKeyId, std::make_shared<const SecretBytes>(std::string_view(kDemoKeyText)));
    auto engine = HistoryDecoder(std::make_shared<CodecChain>(CodecChain::standard()), keys).decode(big);
    QVERIFY(engine.ok());

    // Keys come from a store, as the app asks the session store and the keychain.
    SessionKeyStore store;
    store.insert({SecretKind::CodecKey, QString::fromLatin1(kDemoKeyId)}, keys->find(kDemoKeyId));
    DecodeRequest request;
    request.history = big;
    request.stores = {&store};
    auto service = DecodingService::decodeNow(request);
    QVERIFY(service.ok());
    const DecodedPayloads& decoded = *service.value();
    QCOMPARE(decoded.decodedCount(), engine->decodedCount());
    QCOMPARE(decoded.failedCount(), engine->failedCount());
    QCOMPARE(decoded.notEncodedCount(), engine->notEncodedCount());
    QVERIFY(decoded.decodedCount() > 1000);
    QCOMPARE(decoded.failedCount(), qint64(0));
    // Every event's payloads came out the same, in every chunk.
    for (int i = 0; i < big.eventCount(); ++i) {
        std::vector<const Payload*> payloads;
        PayloadLocator::forEvents().collect(big.event(i), &payloads);
        for (const Payload* payload : payloads) {
            const DecodedPayload* ours = decoded.find(*payload);
            const DecodedPayload* theirs = engine->find(*payload);
            QCOMPARE(ours != nullptr, theirs != nullptr);
            if (ours)
                QCOMPARE(ours->status, theirs->status);
        }
    }

    // From a later event on, with the keys in hand: only the new events, and no store is asked.
    DecodeRequest tail;
    tail.history = big;
    tail.fromEvent = big.eventCount() - 1;
    tail.knownKeys = keys;
    auto last = DecodingService::decodeNow(tail);
    QVERIFY(last.ok());
    auto lastByEngine = HistoryDecoder(std::make_shared<CodecChain>(CodecChain::standard()), keys).decode(big, big.eventCount() - 1);
    QCOMPARE(last.value()->decodedCount(), lastByEngine->decodedCount());
    QCOMPARE(last.value()->notEncodedCount(), lastByEngine->notEncodedCount());
}

void TestCodecVectors::serviceTasksCancelAndGoAtAnyTime()
{
    const History big = manyCopies(80);
    DecodeRequest request;
    request.history = big;
    auto keys = std::make_shared<KeyRing>();
    keys->insert(kDemoKeyId, std::make_shared<const SecretBytes>(std::string_view(kDemoKeyText)));
    request.knownKeys = keys;
    // Cancelled while its chunks run: finished() at once, with the reason, and nothing delivered later.
    QObject owner;
    DecodeTask* task = DecodingService::decode(request, &owner);
    QSignalSpy finished(task, &DecodeTask::finished);
    task->cancel();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(task->result().error().code, ErrorCode::Cancelled);
    QTest::qWait(200);
    QCOMPARE(finished.count(), 1);
    // Deleted while its chunks run, many times over: the workers hold their own share and post to no one.
    for (int i = 0; i < 20; ++i)
        delete DecodingService::decode(request, nullptr);
    QTest::qWait(200);
    auto after = DecodingService::decodeNow(request);
    QVERIFY(after.ok());
    QVERIFY(after.value()->decodedCount() > 0);
}

void TestCodecVectors::loadJobCancelledBeforeItStarts()
{
    HistoryLoadJob job(QStringLiteral(HL_DEMO_HISTORY), {});
    QSignalSpy finished(&job, &HistoryLoadJob::finished);
    job.cancel();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(job.result().error().code, ErrorCode::Cancelled);
    job.start(); // what was cancelled stays cancelled
    QVERIFY(!job.isRunning());
    QTest::qWait(300);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(job.result().error().code, ErrorCode::Cancelled);
}

void TestCodecVectors::cacheIsBounded()
{
    auto decoded = HistoryDecoder(std::make_shared<CodecChain>(CodecChain::standard()), m_keys).decode(m_history);
    QVERIFY(decoded.ok());
    DecodedPayloads& payloads = decoded.value();
    const Payload& go = signalInput(QStringLiteral("go-encryption"));
    const Payload& python = signalInput(QStringLiteral("python-encryption"));
    const auto first = payloads.decodedPayload(go);
    payloads.setCacheBytes(qint64(first->ByteSizeLong()) + 1); // room for one of these payloads
    QCOMPARE(payloads.decodedPayload(go).get(), first.get()); // cached
    QVERIFY(payloads.decodedPayload(python));                 // pushes the first out
    const auto again = payloads.decodedPayload(go);
    QVERIFY(again.get() != first.get());                      // decoded again, the same value
    QVERIFY(google::protobuf::util::MessageDifferencer::Equals(*again, *first));
}

QTEST_GUILESS_MAIN(TestCodecVectors)
#include "tst_codecvectors.moc"

