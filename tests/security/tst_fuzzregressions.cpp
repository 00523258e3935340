#ifndef Q_MOC_RUN
#include "fuzztargets.h"
#endif

#include <QDir>
#include <QtTest>

using namespace hl;

// Every input that once made a fuzz target crash, leak, hang or overflow its bounds (tests/data/fuzz-regressions/
// TARGET/, one file each, named for what it found), replayed through the same target function in the normal build
// and, in the asan build, under the sanitizers.
class TestFuzzRegressions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void replay_data();
    void replay();
    void everyFolderIsATarget();
};

void TestFuzzRegressions::replay_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("target");
    for (int i = 0; i < int(std::size(fuzz::kTargets)); ++i) {
        const QString name = QString::fromLatin1(fuzz::kTargets[i].name.data(), qsizetype(fuzz::kTargets[i].name.size()));
        // The empty input reaches every target's first bound check; it also keeps the table non-empty.
        QTest::newRow(qPrintable(name + QStringLiteral("/(empty)"))) << QString() << i;
        const QDir folder(QStringLiteral(HL_FUZZ_REGRESSIONS_DIR "/") + name);
        for (const QString& file : folder.entryList(QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(name + QLatin1Char('/') + file)) << folder.filePath(file) << i;
    }
}

void TestFuzzRegressions::replay()
{
    QFETCH(QString, path);
    QFETCH(int, target);
    QByteArray input;
    if (!path.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        input = file.readAll();
    }
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(fuzz::kTargets[target].run(reinterpret_cast<const uint8_t*>(input.constData()), size_t(input.size())), 0);
    // The fuzzers' bound is 1 s per input; a debug or sanitizer build gets some room beyond it.
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
}

// A folder named after no target would be skipped silently.
void TestFuzzRegressions::everyFolderIsATarget()
{
    QStringList names;
    for (const auto& target : fuzz::kTargets)
        names << QString::fromLatin1(target.name.data(), qsizetype(target.name.size()));
    const QDir root(QStringLiteral(HL_FUZZ_REGRESSIONS_DIR));
    const QStringList folders = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& folder : folders)
        QVERIFY2(names.contains(folder), qPrintable(folder));
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
