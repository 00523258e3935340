// historylens: the desktop app. With no file given it opens the bundled demo history, decoded with its demo key.
#include "demo/demokey.h"
#include "keys/keyspec.h"
#include "keys/sessionkeystore.h"
#include "mainwindow.h"
#include "support/allocatortuning.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>

int main(int argc, char* argv[])
{
    hl::AllocatorTuning::apply();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("HistoryLens"));
    QApplication::setOrganizationName(QStringLiteral("HistoryLens"));
    QApplication::setApplicationVersion(QStringLiteral(HL_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Temporal workflow histories with their payloads decoded."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("History files to open (default: the demo)"),
                                 QStringLiteral("[FILE...]"));
    const QCommandLineOption keyOption(QStringLiteral("key"),
                                       QStringLiteral("A codec key: ID=hex:..., base64:..., text:... or file:PATH. Repeatable."),
                                       QStringLiteral("ID=SPEC"));
    const QCommandLineOption keyFileOption(QStringLiteral("key-file"),
                                           QStringLiteral("Keys from a file, one ID=SPEC per line"), QStringLiteral("PATH"));
    parser.addOptions({keyOption, keyFileOption});
    parser.process(app);

    hl::SessionKeyStore keys;
    QStringList problems;
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
    if (!problems.isEmpty())
        QMessageBox::warning(&window, QStringLiteral("HistoryLens"), problems.join(QLatin1Char('\n')));

    QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        // The demo's key is public (resources/demo/demokey.h); a key given on the command line wins.
        const hl::SecretId demoKey{hl::SecretKind::CodecKey, QString::fromLatin1(hl::demo::kKeyId)};
        if (!keys.find(demoKey))
            keys.insert(demoKey, std::make_shared<hl::SecretBytes>(std::string_view(hl::demo::kKeyText)));
        files << QStringLiteral(":/demo/demo-history.json");
    }
    for (const QString& file : files)
        window.openFile(file);
    return app.exec();
}
