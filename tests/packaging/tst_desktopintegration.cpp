#include <QDir>
#include <QDirIterator>
#include <QMimeDatabase>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kAppId = QStringLiteral("io.github.historylens.HistoryLens");

QString packaging(const QString& name)
{
    return QStringLiteral(HL_SOURCE_DIR "/packaging/linux/") + name;
}

} // namespace

// The desktop integration HistoryLens installs: a valid .desktop file and AppStream metadata (the freedesktop
// validators), MIME types that name history files, all installed by `cmake --install` under one application id.
class TestDesktopIntegration : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void validators_data();
    void validators();
    void historyFilesResolveToOurTypes_data();
    void historyFilesResolveToOurTypes();
    void desktopFileOpensOurTypes();
    void installRulesPlaceEveryFile();

private:
    QTemporaryDir m_prefix;
};

void TestDesktopIntegration::initTestCase()
{
    QVERIFY(m_prefix.isValid());
    QProcess install;
    install.start(QStringLiteral("cmake"), {QStringLiteral("--install"), QStringLiteral(HL_BINARY_DIR), QStringLiteral("--prefix"),
                                            m_prefix.path()});
    QVERIFY(install.waitForFinished(120000));
    QVERIFY2(install.exitCode() == 0, install.readAllStandardError().constData());
    // QMimeDatabase reads the freedesktop MIME packages of XDG_DATA_DIRS: the installed tree first.
    qputenv("XDG_DATA_DIRS", (m_prefix.path() + QStringLiteral("/share:/usr/share")).toUtf8());
}

void TestDesktopIntegration::validators_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::newRow("desktop-file-validate") << QStringList{QStringLiteral("desktop-file-validate"), packaging(kAppId + QStringLiteral(".desktop"))};
    QTest::newRow("appstreamcli") << QStringList{QStringLiteral("appstreamcli"), QStringLiteral("validate"), QStringLiteral("--no-net"),
                                                 packaging(kAppId + QStringLiteral(".metainfo.xml"))};
}

void TestDesktopIntegration::validators()
{
    QFETCH(QStringList, command);
    QProcess process;
    process.start(command.first(), command.mid(1));
    QVERIFY2(process.waitForFinished(60000), qPrintable(command.first() + QStringLiteral(" did not run")));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             QByteArray(process.readAllStandardOutput() + process.readAllStandardError()).constData());
}

void TestDesktopIntegration::historyFilesResolveToOurTypes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("parent");
    QTest::newRow("json") << "order.history.json" << "application/x-temporal-history+json" << "application/json";
    QTest::newRow("gzip") << "order.history.json.gz" << "application/x-temporal-history+json" << "application/json";
    QTest::newRow("binary") << "order.history.bin" << "application/x-temporal-history+protobuf" << "application/octet-stream";
    QTest::newRow("other JSON") << "package.json" << "application/json" << QString();
}

void TestDesktopIntegration::historyFilesResolveToOurTypes()
{
    QFETCH(QString, file);
    QFETCH(QString, type);
    QFETCH(QString, parent);
    const QMimeType found = QMimeDatabase().mimeTypeForFile(file, QMimeDatabase::MatchExtension);
    QCOMPARE(found.name(), type);
    if (!parent.isEmpty())
        QVERIFY2(found.inherits(parent), qPrintable(found.parentMimeTypes().join(QLatin1Char(','))));
}

void TestDesktopIntegration::desktopFileOpensOurTypes()
{
    // Read as text: desktop files use ';' as a list separator, where INI readers see a comment.
    QFile file(packaging(kAppId + QStringLiteral(".desktop")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QMap<QString, QString> entry;
    for (const QByteArray& line : file.readAll().split('\n')) {
        const int equals = line.indexOf('=');
        if (equals > 0)
            entry[QString::fromUtf8(line.left(equals))] = QString::fromUtf8(line.mid(equals + 1));
    }
    QCOMPARE(entry.value(QStringLiteral("Exec")), QStringLiteral("historylens %F"));
    QCOMPARE(entry.value(QStringLiteral("Icon")), kAppId);
    QStringList types = entry.value(QStringLiteral("MimeType")).split(QLatin1Char(';'), Qt::SkipEmptyParts);
    types.sort();
    QCOMPARE(types, QStringList({QStringLiteral("application/x-temporal-history+json"), QStringLiteral("application/x-temporal-history+protobuf")}));
}

void TestDesktopIntegration::installRulesPlaceEveryFile()
{
    const QDir prefix(m_prefix.path());
    for (const QString& path : QStringList{QStringLiteral("bin/historylens"), QStringLiteral("bin/historylens-cli"),
                                QStringLiteral("share/applications/") + kAppId + QStringLiteral(".desktop"),
                                QStringLiteral("share/metainfo/") + kAppId + QStringLiteral(".metainfo.xml"),
                                QStringLiteral("share/mime/packages/") + kAppId + QStringLiteral(".xml"),
                                QStringLiteral("share/icons/hicolor/scalable/apps/") + kAppId + QStringLiteral(".svg")})
        QVERIFY2(QFile::exists(prefix.filePath(path)), qPrintable(path));
    // The installed CLI runs and names the project's version.
    QProcess cli;
    cli.start(prefix.filePath(QStringLiteral("bin/historylens-cli")), {QStringLiteral("--version")});
    QVERIFY(cli.waitForFinished(10000));
    QCOMPARE(cli.readAllStandardOutput().trimmed(), QByteArray("historylens-cli " HL_VERSION_STRING));
}

QTEST_GUILESS_MAIN(TestDesktopIntegration)
#include "tst_desktopintegration.moc"
