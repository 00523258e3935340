#include <QDataStream>
#include <QDir>
#include <QImage>
#include <QRegularExpression>
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
    void iconsAreRenderedInEverySize();
    void windowsIconHoldsEverySize();
    void manPagesDocumentEveryOption_data();
    void manPagesDocumentEveryOption();
    void manPagesFormatWithoutWarnings();
    void changelogCarriesTheReleaseNotes();
    void bothExecutablesPrintTheProjectVersion();

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
                                QStringLiteral("share/icons/hicolor/scalable/apps/") + kAppId + QStringLiteral(".svg"),
                                QStringLiteral("share/icons/hicolor/48x48/apps/") + kAppId + QStringLiteral(".png"),
                                QStringLiteral("share/icons/hicolor/256x256/apps/") + kAppId + QStringLiteral(".png"),
                                QStringLiteral("share/man/man1/historylens.1.gz"), QStringLiteral("share/man/man1/historylens-cli.1.gz"),
                                QStringLiteral("share/doc/historylens/copyright"), QStringLiteral("share/doc/historylens/changelog.Debian.gz"),
                                QStringLiteral("share/historylens/demo-history.json")})
        QVERIFY2(QFile::exists(prefix.filePath(path)), qPrintable(path));
    // The installed CLI runs and names the project's version.
    QProcess cli;
    cli.start(prefix.filePath(QStringLiteral("bin/historylens-cli")), {QStringLiteral("--version")});
    QVERIFY(cli.waitForFinished(10000));
    QCOMPARE(cli.readAllStandardOutput().trimmed(), QByteArray("historylens-cli " HL_VERSION_STRING));
}

void TestDesktopIntegration::iconsAreRenderedInEverySize()
{
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512}) {
        const QString path = m_prefix.path() + QStringLiteral("/share/icons/hicolor/%1x%1/apps/").arg(size) + kAppId + QStringLiteral(".png");
        const QImage icon(path);
        QVERIFY2(!icon.isNull(), qPrintable(path));
        QCOMPARE(icon.size(), QSize(size, size));
        // Drawn, with a transparent corner and an opaque middle: the SVG rendered, not an empty canvas.
        QCOMPARE(qAlpha(icon.pixel(0, 0)), 0);
        QVERIFY2(qAlpha(icon.pixel(size / 2, size / 2)) > 200, qPrintable(QStringLiteral("%1 px").arg(size)));
    }
}

void TestDesktopIntegration::windowsIconHoldsEverySize()
{
    // The .ico the Windows installer and executable use: a header, one entry per size, each a PNG of that size.
    QFile ico(QStringLiteral(HL_ICON_DIR "/") + kAppId + QStringLiteral(".ico"));
    QVERIFY(ico.open(QIODevice::ReadOnly));
    const QByteArray bytes = ico.readAll();
    QDataStream stream(bytes);
    stream.setByteOrder(QDataStream::LittleEndian);
    quint16 reserved = 1, type = 0, count = 0;
    stream >> reserved >> type >> count;
    QCOMPARE(reserved, quint16(0));
    QCOMPARE(type, quint16(1));
    QList<int> sizes;
    for (int i = 0; i < count; ++i) {
        quint8 width, height, colours, zero;
        quint16 planes, bits;
        quint32 length, offset;
        stream >> width >> height >> colours >> zero >> planes >> bits >> length >> offset;
        QVERIFY(qint64(offset) + length <= bytes.size());
        const QImage image = QImage::fromData(bytes.mid(offset, length), "PNG");
        const int side = width == 0 ? 256 : width;
        QCOMPARE(image.size(), QSize(side, side));
        QCOMPARE(bits, quint16(32));
        sizes << side;
    }
    QCOMPARE(sizes, QList<int>({256, 128, 64, 48, 32, 24, 16}));
}

namespace {

QByteArray run(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(30000))
        return {};
    return process.readAllStandardOutput() + process.readAllStandardError();
}

QString manSource(const QString& page)
{
    QFile file(QStringLiteral(HL_BINARY_DIR "/packaging/linux/man/") + page + QStringLiteral(".1"));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

void TestDesktopIntegration::manPagesDocumentEveryOption_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("helpArguments");
    QTest::addColumn<QString>("page");
    const QString cli = m_prefix.path() + QStringLiteral("/bin/historylens-cli");
    QTest::newRow("historylens") << m_prefix.path() + QStringLiteral("/bin/historylens") << QStringList{QStringLiteral("--help")}
                                 << QStringLiteral("historylens");
    QTest::newRow("historylens-cli") << cli << QStringList{QStringLiteral("--help")} << QStringLiteral("historylens-cli");
    for (const char* command : {"show", "timeline", "diff", "list", "describe", "stack", "trace", "query", "keys", "serve-codec"})
        QTest::newRow(command) << cli << QStringList{QString::fromLatin1(command), QStringLiteral("--help")}
                               << QStringLiteral("historylens-cli");
}

void TestDesktopIntegration::manPagesDocumentEveryOption()
{
    QFETCH(QString, program);
    QFETCH(QStringList, helpArguments);
    QFETCH(QString, page);
    const QString help = QString::fromUtf8(run(program, helpArguments));
    const QString source = manSource(page);
    QVERIFY(!source.isEmpty());
    static const QRegularExpression longOption(QStringLiteral("(?:^|[ ,])--([a-z][a-z0-9-]*)"), QRegularExpression::MultilineOption);
    QStringList options;
    for (auto match = longOption.globalMatch(help); match.hasNext();)
        options << match.next().captured(1);
    options.removeDuplicates();
    QVERIFY2(options.size() >= 3, qPrintable(help));
    QStringList missing;
    for (const QString& option : options) {
        // In roff a hyphen in an option is written \-.
        const QString written = QStringLiteral("\\-\\-") + QString(option).replace(QLatin1Char('-'), QStringLiteral("\\-"));
        if (!source.contains(written))
            missing << QStringLiteral("--") + option;
    }
    QVERIFY2(missing.isEmpty(), qPrintable(page + QStringLiteral(".1 does not document: ") + missing.join(QLatin1Char(' '))));
}

void TestDesktopIntegration::manPagesFormatWithoutWarnings()
{
    for (const QString& page : {QStringLiteral("historylens"), QStringLiteral("historylens-cli")}) {
        // groff's own checks, as lintian runs them: every warning class on, the formatted text thrown away.
        QProcess groff;
        groff.start(QStringLiteral("groff"), {QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-z"), QStringLiteral("-Tutf8"),
                                              QStringLiteral(HL_BINARY_DIR "/packaging/linux/man/") + page + QStringLiteral(".1")});
        QVERIFY(groff.waitForFinished(30000));
        const QByteArray warnings = groff.readAllStandardError();
        QVERIFY2(groff.exitCode() == 0 && warnings.isEmpty(), warnings.constData());
        QVERIFY(!manSource(page).contains(QLatin1Char('@'))); // every @VARIABLE@ was substituted
    }
}

void TestDesktopIntegration::changelogCarriesTheReleaseNotes()
{
    QFile changelog(QStringLiteral(HL_BINARY_DIR "/packaging/linux/doc/changelog.Debian"));
    QVERIFY(changelog.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = changelog.readAll().split('\n');
    QCOMPARE(lines.first(), QByteArray("historylens (" HL_VERSION_STRING "-1) unstable; urgency=medium"));
    QVERIFY(lines.at(2).startsWith("  * "));
    static const QRegularExpression signature(QStringLiteral("^ -- .+ <.+@.+>  [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} 00:00:00 \\+0000$"));
    bool signed_ = false;
    for (const QByteArray& line : lines) {
        if (line.startsWith("  "))
            QVERIFY2(line.size() <= 80, line.constData()); // entries wrap at 80 columns
        signed_ = signed_ || signature.match(QString::fromUtf8(line)).hasMatch();
    }
    QVERIFY(signed_);
    // dpkg's own parser reads it back: the version and the date Debian tools will show.
    const QByteArray parsed = run(QStringLiteral("dpkg-parsechangelog"), {QStringLiteral("-l"), changelog.fileName(),
                                                                         QStringLiteral("-SVersion")});
    QCOMPARE(parsed.trimmed(), QByteArray(HL_VERSION_STRING "-1"));
}

void TestDesktopIntegration::bothExecutablesPrintTheProjectVersion()
{
    // Without a display: --version of the desktop app needs none.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    for (const auto& [program, expected] : {std::pair{QStringLiteral("historylens"), QByteArray("HistoryLens " HL_VERSION_STRING)},
                                            std::pair{QStringLiteral("historylens-cli"), QByteArray("historylens-cli " HL_VERSION_STRING)}}) {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(m_prefix.path() + QStringLiteral("/bin/") + program, {QStringLiteral("--version")});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(process.readAllStandardOutput().trimmed(), expected);
    }
}

QTEST_GUILESS_MAIN(TestDesktopIntegration)
#include "tst_desktopintegration.moc"
