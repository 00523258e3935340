#pragma once

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace hl::test {

// KEY=VALUE lines of the files the test fixtures write (server.env, proxy.env, fake.env).
inline QMap<QString, QString> readEnvFile(const QString& path)
{
    QMap<QString, QString> values;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return values;
    for (const QByteArray& line : file.readAll().split('\n')) {
        const int equals = line.indexOf('=');
        if (equals > 0)
            values[QString::fromUtf8(line.left(equals))] = QString::fromUtf8(line.mid(equals + 1));
    }
    return values;
}

// A real Temporal dev server started by tests/tools/temporal-devserver.sh for the frontend tests (a ctest fixture),
// with the histories its manifest lists.
struct TemporalServer {
    QString address;
    QString temporal; // the temporal CLI
    QString python;   // the virtualenv's Python, with temporalio
    QString home;
    QJsonObject manifest;

    bool load(const QString& folder)
    {
        const QMap<QString, QString> values = readEnvFile(folder + QStringLiteral("/server.env"));
        address = values.value(QStringLiteral("ADDRESS"));
        temporal = values.value(QStringLiteral("TEMPORAL"));
        python = values.value(QStringLiteral("PYTHON"));
        home = values.value(QStringLiteral("HOME"));
        QFile manifestFile(folder + QStringLiteral("/manifest.json"));
        if (!manifestFile.open(QIODevice::ReadOnly))
            return false;
        manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
        return !address.isEmpty() && !manifest.isEmpty();
    }

    QString keyOption() const
    {
        return QStringLiteral("%1=text:%2").arg(manifest.value(QStringLiteral("keyId")).toString(),
                                                manifest.value(QStringLiteral("keyText")).toString());
    }
};

// The environment the temporal CLI runs in for tests: no version check against the internet.
inline QProcessEnvironment temporalEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TEMPORAL_VERSION_CHECK_DISABLED"), QStringLiteral("1"));
    return environment;
}

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline ProcessResult runProcess(const QString& program, const QStringList& arguments, const QProcessEnvironment& environment,
                                int timeoutMs = 60000)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-2, process.readAllStandardOutput(), process.readAllStandardError()};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

} // namespace hl::test
