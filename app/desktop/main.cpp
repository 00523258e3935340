// historylens: the desktop app. With no file given it opens the bundled demo history, decoded with its demo key.
#include "cli/argvsecrets.h"
#include "cli/codecserveroptions.h"
#include "cli/connectionoptions.h"
#include "codec/aesgcmselftest.h"
#include "demo/demokey.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "support/allocatortuning.h"
#include "support/processhardening.h"
#include "support/protobuflog.h"
#include "ui/codecserver/codecserverresolver.h"
#include "ui/frontend/frontendtab.h"
#include "ui/history/historytreemodel.h"
#include "ui/history/historyview.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>
#include <memory>

int main(int argc, char* argv[])
{
    hl::ProcessHardening::apply(); // before any secret exists
    hl::AllocatorTuning::apply();
    hl::ProtobufLog::install();
    QCoreApplication::setApplicationName(QStringLiteral("HistoryLens"));
    QCoreApplication::setOrganizationName(QStringLiteral("HistoryLens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HL_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Temporal workflow histories with their payloads decoded."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("History files to open (default: the demo)"),
                                 QStringLiteral("[FILE...]"));
    const QCommandLineOption keyOption(QStringLiteral("key"),
                                       QStringLiteral("A codec key: ID=hex:..., base64:..., text:... or file:PATH. Repeatable."),
                                       QStringLiteral("ID=SPEC"));
    const QCommandLineOption keyFileOption(QStringLiteral("key-file"),
                                           QStringLiteral("Keys from a file, one ID=SPEC per line"), QStringLiteral("PATH"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("Save a picture of the window to FILE once the files are open, then quit"),
                                              QStringLiteral("FILE"));
    const QCommandLineOption workflowOption({QStringLiteral("w"), QStringLiteral("workflow-id")},
                                            QStringLiteral("Open this workflow's history from a Temporal frontend"), QStringLiteral("ID"));
    const QCommandLineOption runOption({QStringLiteral("r"), QStringLiteral("run-id")},
                                       QStringLiteral("The run to open (default: the latest)"), QStringLiteral("ID"));
    const QCommandLineOption followOption({QStringLiteral("f"), QStringLiteral("follow")},
                                          QStringLiteral("Follow the workflow: new events appear as they happen"));
    const QCommandLineOption browseOption(QStringLiteral("browse"),
                                          QStringLiteral("Open the workflow browser on the frontend the connection options name"));
    hl::ConnectionOptions connection;
    hl::CodecServerOptions codecServer;
    parser.addOptions({keyOption, keyFileOption, screenshotOption, workflowOption, runOption, followOption, browseOption});
    connection.addTo(parser);
    codecServer.addTo(parser);
    // --version and --help answer without a display, as a command-line tool's would: they need no GUI application.
    QStringList rawArguments;
    for (int i = 0; i < argc; ++i)
        rawArguments << QString::fromLocal8Bit(argv[i]);
    const bool informationOnly = parser.parse(hl::ConnectionOptions::normalized(rawArguments))
                                 && (parser.isSet(helpOption) || parser.isSet(versionOption));
    std::unique_ptr<QCoreApplication> app = informationOnly ? std::make_unique<QCoreApplication>(argc, argv)
                                                            : std::make_unique<QApplication>(argc, argv);
    parser.process(hl::ConnectionOptions::normalized(QCoreApplication::arguments()));
    // On stderr, where a script that started the app with a secret in argv sees it.
    for (const QString& warning : hl::ArgvSecrets::warnings(QCoreApplication::arguments().mid(1)))
        std::fprintf(stderr, "historylens: warning: %s\n", qPrintable(warning));

    // The application id of the installed .desktop file, by which Wayland compositors find the icon and name.
    QGuiApplication::setDesktopFileName(QStringLiteral(HL_APP_ID));
    QIcon windowIcon;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        windowIcon.addFile(QStringLiteral(":/icons/%1x%1/apps/" HL_APP_ID ".png").arg(size));
    QApplication::setWindowIcon(windowIcon);

    hl::SessionKeyStore keys;
    QStringList problems;
    // A failed known-answer test is said at start; every decryption then fails with the same reason.
    if (auto checked = hl::AesGcmSelfTest::runAtStart(); !checked)
        problems << checked.error().message;
    for (const QString& assignment : parser.values(keyOption)) {
        auto key = hl::KeySpec::parseAssignment(assignment);
        if (key)
            keys.insert({hl::SecretKind::CodecKey, key->id}, key->key);
        else
            problems << QStringLiteral("--key: ") + key.error().toString();
    }
    for (const QString& path : parser.values(keyFileOption)) {
        auto read = hl::KeySpec::readKeyFile(path);
        if (!read) {
            problems << QStringLiteral("--key-file: ") + read.error().toString();
            continue;
        }
        for (const auto& key : read.value())
            keys.insert({hl::SecretKind::CodecKey, key.id}, key.key);
    }

    hl::MainWindow window(&keys);
    window.show();

    QStringList files = parser.positionalArguments();
    const bool fromFrontend = parser.isSet(workflowOption) || parser.isSet(browseOption);
    std::optional<hl::ConnectionSettings> frontend;
    // The temporal CLI's flags and client configuration, as historylens-cli reads them; for files, only the Codec
    // Server they name matters, so a configuration that does not read is reported only when a frontend is wanted.
    auto settings = connection.resolve(parser);
    if (settings && fromFrontend)
        frontend = settings.value();
    else if (!settings && fromFrontend)
        problems << settings.error().toString();
    if (settings) {
        auto codecSettings = codecServer.resolve(parser, settings.value());
        if (!codecSettings)
            problems << codecSettings.error().message;
        else if (codecSettings->isEnabled()) {
            if (frontend) { // the flags over the profile, as for the CLI
                frontend->codecEndpoint = codecSettings->endpoint;
                frontend->codecAuth = codecSettings->authorization;
            }
            window.codecServers()->setSessionDefault(std::move(codecSettings.value()));
        }
    }
    if (!problems.isEmpty())
        QMessageBox::warning(&window, QStringLiteral("HistoryLens"), problems.join(QLatin1Char('\n')));
    if (files.isEmpty() && !fromFrontend) {
        // The demo's key is public (resources/demo/demokey.h); a key given on the command line wins.
        const hl::SecretId demoKey{hl::SecretKind::CodecKey, QString::fromLatin1(hl::demo::kKeyId)};
        if (!keys.find(demoKey))
            keys.insert(demoKey, std::make_shared<hl::SecretBytes>(std::string_view(hl::demo::kKeyText)));
        files << QStringLiteral(":/demo/demo-history.json");
    }
    if (parser.isSet(screenshotOption)) {
        // After the last file is open: show a decoded payload, take the picture, quit.
        const QString target = parser.value(screenshotOption);
        auto remaining = std::make_shared<int>(int(files.size()) + (parser.isSet(workflowOption) ? 1 : 0));
        QObject::connect(&window, &hl::MainWindow::loadFinished, &window, [&window, target, remaining] {
            if (--*remaining > 0)
                return;
            if (hl::HistoryView* view = window.currentView(); view && view->model()->rowCount() > 4) {
                const QModelIndex event = view->model()->index(4, 0);
                view->expand(event);
                for (int row = 0; row < view->model()->rowCount(event); ++row) {
                    const QModelIndex field = view->model()->index(row, 0, event);
                    if (field.data().toString() == QLatin1String("input")) {
                        view->expand(field);
                        view->select(view->model()->index(0, 0, field));
                    }
                }
            }
            QTimer::singleShot(300, &window, [&window, target] {
                const bool saved = window.grab().save(target);
                std::fprintf(saved ? stdout : stderr, "%s %s\n", saved ? "saved" : "cannot save", qPrintable(target));
                QCoreApplication::exit(saved ? 0 : 1);
            });
        });
    }
    for (const QString& file : files)
        window.openFile(file);
    if (frontend && parser.isSet(browseOption))
        window.connectTo(*frontend);
    if (frontend && parser.isSet(workflowOption))
        window.openWorkflowAtStart(*frontend, {parser.value(workflowOption), parser.value(runOption)}, parser.isSet(followOption));
    return QCoreApplication::exec();
}
