// moc need not read the generated protobuf headers (it cannot parse their attribute macros).
#ifndef Q_MOC_RUN
#include "codec/codecchain.h"
#include "codec/historydecoder.h"
#include "format/historyreader.h"
#include "keys/keyring.h"
#include "keys/keyspec.h"
#include "render/eventgroups.h"
#include "render/eventsearch.h"
#include "render/historyjsonwriter.h"
#include "render/historysummary.h"
#include "support/codecvectors.h"
#include "support/testpaths.h"
#endif

#include <QBuffer>
#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

using namespace hl;

// Hostile values inside well-formed files: every real history, the encrypted demo and the codec vectors, mutated
// with a fixed seed, go through everything the CLI does with a file (read, decode, summary, json, readable) plus
// the Grouped view's groups and a search. Mutations keep most files parseable, so the damage reaches payloads
// (tampered ciphertext, corrupt compressed data, broken inner payloads), enum names, ids and timestamps. Nothing
// may crash or hang; a failed read must say where.
class TestMutations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mutatedFilesAreHandled_data();
    void mutatedFilesAreHandled();

private:
    std::shared_ptr<KeyRing> m_keys = std::make_shared<KeyRing>();
};

namespace {

constexpr int kMutantsPerFile = 60;

// Replaces a few letters or digits with others (inside JSON strings this keeps the document valid: base64 data
// stays base64, names become unknown names), or, one time in four, flips bits anywhere (binary files, JSON syntax).
QByteArray mutate(const QByteArray& original, QRandomGenerator& random)
{
    QByteArray bytes = original;
    if (bytes.isEmpty())
        return bytes;
    const int edits = 1 + int(random.bounded(6));
    const bool anywhere = random.bounded(4) == 0;
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int edit = 0; edit < edits; ++edit) {
        const qsizetype at = qsizetype(random.bounded(quint64(bytes.size())));
        if (anywhere) {
            bytes[at] = char(bytes[at] ^ char(1 << random.bounded(8)));
            continue;
        }
        for (qsizetype i = at; i < bytes.size(); ++i) {
            if (std::isalnum(static_cast<unsigned char>(bytes[i]))) {
                bytes[i] = alphabet[random.bounded(int(sizeof alphabet - 1))];
                break;
            }
        }
    }
    return bytes;
}

} // namespace

void TestMutations::initTestCase()
{
    const auto keys = test::insertCodecVectorKeys(m_keys.get());
    QVERIFY2(keys.ok(), qPrintable(keys.error().toString()));
    auto demoKey = KeySpec::parse(QStringLiteral("text:historylens-demo-key-not-secret!"));
    QVERIFY(demoKey.ok());
    m_keys->insert("historylens-demo", demoKey.value());
}

void TestMutations::mutatedFilesAreHandled_data()
{
    QTest::addColumn<QString>("path");
    for (const QString& name : test::realFixtureNames())
        QTest::newRow(qPrintable(name)) << test::realFixture(name);
    QTest::newRow("demo") << QStringLiteral(HL_DEMO_HISTORY);
    QTest::newRow("codec vectors") << test::codecVector(QStringLiteral("codec-history.json"));
}

void TestMutations::mutatedFilesAreHandled()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray original = file.readAll();
    QRandomGenerator random(qHash(QFileInfo(path).fileName()));

    int read = 0;
    for (int mutant = 0; mutant < kMutantsPerFile; ++mutant) {
        const QByteArray bytes = mutate(original, random);
        auto loaded = HistoryReader().readBytes(bytes, QStringLiteral("mutant"));
        if (!loaded) {
            QVERIFY2(!loaded.error().message.isEmpty(), "an error without a reason");
            QVERIFY2(loaded.error().toString().contains(QLatin1String("mutant")), qPrintable(loaded.error().toString()));
            continue;
        }
        ++read;
        for (size_t index = 0; index < loaded->histories.size(); ++index) {
            const History& history = loaded->histories[index];
            auto decoded = HistoryDecoder(std::make_shared<CodecChain>(CodecChain::standard()), m_keys).decode(history);
            QVERIFY(decoded.ok());
            PayloadContext context;
            context.decoded = std::make_shared<DecodedPayloads>(std::move(decoded.value()));
            QVERIFY(!HistorySummary::eventLines(*loaded, int(index), context).isEmpty());
            for (auto style : {HistoryJsonWriter::Style::Canonical, HistoryJsonWriter::Style::Readable}) {
                QBuffer out;
                out.open(QIODevice::WriteOnly);
                HistoryJsonWriter writer(style);
                writer.setPayloadContext(context);
                QVERIFY(writer.write(history, out).ok());
            }
            for (const auto& group : EventGroups::of(history)) {
                EventGroups::title(history, group);
                EventGroups::state(history, group);
            }
            EventSearch(QStringLiteral("order"), false).matchingEvents(history, context);
        }
    }
    // The mutations are meant to reach past the reader; a file none of whose mutants load tests little.
    if (!path.endsWith(QLatin1String(".bin")) && !path.endsWith(QLatin1String(".gz")))
        QVERIFY2(read > 0, "no mutant could be read");
}

QTEST_GUILESS_MAIN(TestMutations)
#include "tst_mutations.moc"
