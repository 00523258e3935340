// Temporal's client configuration as the temporal CLI reads it: the TOML profiles, TEMPORAL_* variables, the legacy
// `temporal env` file, their precedence; and a profile HistoryLens writes, read back by the real temporal CLI.
#include "frontend/clientconfig.h"
#include "frontend/temporalpeers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace hl;
using namespace hl::test;

namespace {

void write(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

QString secretText(const SecretPtr& secret)
{
    return secret ? QString::fromUtf8(reinterpret_cast<const char*>(secret->data()), qsizetype(secret->size())) : QString();
}

} // namespace

class ClientConfigTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    ClientConfig::Sources sources(const QStringList& variables = {}) const
    {
        ClientConfig::Sources sources;
        sources.environment = QProcessEnvironment();
        sources.environment.insert(QStringLiteral("HOME"), m_dir.path());
        sources.environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.path() + QStringLiteral("/xdg"));
        for (const QString& variable : variables)
            sources.environment.insert(variable.section(QLatin1Char('='), 0, 0), variable.section(QLatin1Char('='), 1));
        return sources;
    }
    QString tomlPath() const { return m_dir.path() + QStringLiteral("/xdg/temporalio/temporal.toml"); }

private Q_SLOTS:
    void init()
    {
        QFile::remove(tomlPath());
        QFile::remove(m_dir.path() + QStringLiteral("/.config/temporalio/temporal.yaml"));
    }

    void defaultsWithoutAnyFile()
    {
        auto settings = ClientConfig::load(sources());
        QVERIFY(settings);
        QCOMPARE(settings->address, QStringLiteral("localhost:7233"));
        QCOMPARE(settings->temporalNamespace, QStringLiteral("default"));
        QVERIFY(!settings->tlsEnabled());
        QCOMPARE(ClientConfig::configFilePath(sources()), tomlPath());
    }

    void tomlProfile()
    {
        write(tomlPath(), R"([profile.default]
address = "127.0.0.1:7233"

[profile.cloud]
address = "eu-west-1.aws.api.temporal.io:7233"
namespace = "payments.a1b2c"
api_key = "key-from-file"
[profile.cloud.grpc_meta]
Some_Header = "x"
[profile.cloud.codec]
endpoint = "https://codec.example.com/{namespace}"

[profile.mtls]
address = "payments.a1b2c.tmprl.cloud:7233"
[profile.mtls.tls]
client_cert_path = "/certs/client.pem"
client_key_path = "/certs/client.key"
server_name = "payments.a1b2c.tmprl.cloud"
)");
        auto plain = ClientConfig::load(sources());
        QVERIFY(plain);
        QCOMPARE(plain->address, QStringLiteral("127.0.0.1:7233"));

        auto cloud = ClientConfig::load(sources({QStringLiteral("TEMPORAL_PROFILE=cloud")}));
        QVERIFY2(cloud, qPrintable(cloud.error().toString()));
        QCOMPARE(cloud->profile, QStringLiteral("cloud"));
        QCOMPARE(cloud->temporalNamespace, QStringLiteral("payments.a1b2c"));
        QCOMPARE(secretText(cloud->apiKey), QStringLiteral("key-from-file"));
        QVERIFY(cloud->tlsEnabled()); // an API key turns TLS on
        QCOMPARE(cloud->grpcMeta.size(), size_t(1));
        QCOMPARE(cloud->grpcMeta[0].first, QStringLiteral("some-header"));
        QCOMPARE(cloud->codecEndpoint, QStringLiteral("https://codec.example.com/{namespace}"));

        auto mtls = ClientConfig::Sources(sources());
        mtls.profile = QStringLiteral("mtls");
        auto settings = ClientConfig::load(mtls);
        QVERIFY(settings);
        QVERIFY(settings->tlsEnabled());
        QCOMPARE(settings->clientCertPath, QStringLiteral("/certs/client.pem"));
        QCOMPARE(settings->serverName, QStringLiteral("payments.a1b2c.tmprl.cloud"));

        auto missing = ClientConfig::Sources(sources());
        missing.profile = QStringLiteral("nope");
        auto error = ClientConfig::load(missing);
        QVERIFY(!error);
        QVERIFY(error.error().message.contains(QLatin1String("no profile `nope`")));
    }

    void badFilesAreNamed()
    {
        write(tomlPath(), "[profile.default]\naddress = \"unterminated\n");
        auto broken = ClientConfig::load(sources());
        QVERIFY(!broken);
        QVERIFY(broken.error().source.endsWith(QLatin1String("temporal.toml")));
        QVERIFY(broken.error().location.startsWith(QLatin1String("line 2")));

        write(tomlPath(), "[profile.default]\ntls = true\n");
        auto tlsValue = ClientConfig::load(sources());
        QVERIFY(!tlsValue);
        QVERIFY(tlsValue.error().message.contains(QLatin1String("must be a table")));

        write(tomlPath(), "[profile.default.tls]\nclient_cert_path = \"a\"\nclient_cert_data = \"b\"\n");
        QVERIFY(!ClientConfig::load(sources()));

        auto named = ClientConfig::Sources(sources());
        named.configFile = m_dir.path() + QStringLiteral("/missing.toml");
        QCOMPARE(ClientConfig::load(named).error().code, ErrorCode::NotFound);
    }

    void variablesOverTheFileAndTheEnvFileOverBoth()
    {
        write(tomlPath(), "[profile.default]\naddress = \"from-file:7233\"\nnamespace = \"file-ns\"\n[profile.default.grpc_meta]\nx-team = \"a\"\n");
        auto env = ClientConfig::load(sources({QStringLiteral("TEMPORAL_ADDRESS=from-env:7233"), QStringLiteral("TEMPORAL_TLS=1"),
                                               QStringLiteral("TEMPORAL_GRPC_META_X_TEAM="), QStringLiteral("TEMPORAL_GRPC_META_X_ENV=b"),
                                               QStringLiteral("TEMPORAL_TLS_CA=/legacy/ca.pem"),
                                               QStringLiteral("TEMPORAL_TLS_SERVER_CA_CERT_PATH=/new/ca.pem")}));
        QVERIFY(env);
        QCOMPARE(env->address, QStringLiteral("from-env:7233"));
        QCOMPARE(env->temporalNamespace, QStringLiteral("file-ns"));
        QVERIFY(env->tlsEnabled());
        QCOMPARE(env->serverCaCertPath, QStringLiteral("/legacy/ca.pem")); // the pre-1.4 name wins, as in the CLI
        QCOMPARE(env->grpcMeta.size(), size_t(1));                         // an empty variable removed x-team
        QCOMPARE(env->grpcMeta[0].first, QStringLiteral("x-env"));

        auto disabled = ClientConfig::Sources(sources({QStringLiteral("TEMPORAL_ADDRESS=from-env:7233")}));
        disabled.disableConfigEnv = true;
        QCOMPARE(ClientConfig::load(disabled)->address, QStringLiteral("from-file:7233"));
        disabled.disableConfigFile = true;
        QCOMPARE(ClientConfig::load(disabled)->address, QStringLiteral("localhost:7233"));

        write(m_dir.path() + QStringLiteral("/.config/temporalio/temporal.yaml"),
              "env:\n  default:\n    address: from-env-file:7233\n  staging:\n    namespace: staging\n    tls: \"true\"\n");
        auto envFile = ClientConfig::load(sources({QStringLiteral("TEMPORAL_ADDRESS=from-env:7233")}));
        QVERIFY(envFile);
        QCOMPARE(envFile->address, QStringLiteral("from-env-file:7233"));
        auto staging = ClientConfig::load(sources({QStringLiteral("TEMPORAL_ENV=staging")}));
        QVERIFY(staging);
        QCOMPARE(staging->temporalNamespace, QStringLiteral("staging"));
        QVERIFY(staging->tlsEnabled());
        QVERIFY(!ClientConfig::load(sources({QStringLiteral("TEMPORAL_ENV=nope")})));
    }

    // A profile HistoryLens writes is read back by the real temporal CLI, and other profiles and keys survive.
    void writtenProfileReadsBackInTheTemporalCli()
    {
        write(tomlPath(), "[profile.other]\naddress = \"other:7233\"\n[profile.other.oauth]\nclient_id = \"keep-me\"\n");
        ClientProfile profile;
        profile.address = QStringLiteral("staging.example.com:7233");
        profile.temporalNamespace = QStringLiteral("orders");
        profile.hasTlsTable = true;
        profile.serverCaCertPath = QStringLiteral("/etc/ssl/staging-ca.pem");
        profile.serverName = QStringLiteral("frontend.staging");
        profile.grpcMeta[QStringLiteral("x-team")] = QStringLiteral("payments");
        QVERIFY(ClientConfig::writeProfile(tomlPath(), QStringLiteral("staging"), profile));
        QCOMPARE(QFileInfo(tomlPath()).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());

        auto profiles = ClientConfig::readProfiles(tomlPath());
        QVERIFY(profiles);
        QCOMPARE(profiles->size(), size_t(2));
        QVERIFY(QFile(tomlPath()).open(QIODevice::ReadOnly));

        QProcess install;
        install.start(QStringLiteral("bash"), {QStringLiteral(HL_TOOLS_DIR "/install-peers.sh")});
        QVERIFY(install.waitForFinished(600000));
        const QString temporal = QString::fromUtf8(install.readAllStandardOutput().trimmed()) + QStringLiteral("/bin/temporal");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"), tomlPath());
        const auto got = runProcess(temporal, {QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("--profile"),
                                               QStringLiteral("staging"), QStringLiteral("-o"), QStringLiteral("json")},
                                    env);
        QVERIFY2(got.exitCode == 0, got.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(got.out).object();
        QCOMPARE(json.value(QStringLiteral("address")).toString(), QStringLiteral("staging.example.com:7233"));
        QCOMPARE(json.value(QStringLiteral("namespace")).toString(), QStringLiteral("orders"));
        const QJsonObject tls = json.value(QStringLiteral("tls")).toObject();
        QCOMPARE(tls.value(QStringLiteral("server_ca_cert_path")).toString(), QStringLiteral("/etc/ssl/staging-ca.pem"));
        QCOMPARE(tls.value(QStringLiteral("server_name")).toString(), QStringLiteral("frontend.staging"));
        QCOMPARE(json.value(QStringLiteral("grpc_meta")).toObject().value(QStringLiteral("x-team")).toString(), QStringLiteral("payments"));

        QFile text(tomlPath());
        QVERIFY(text.open(QIODevice::ReadOnly));
        QVERIFY(text.readAll().contains("keep-me"));
        QVERIFY(ClientConfig::removeProfile(tomlPath(), QStringLiteral("staging")));
        QCOMPARE(ClientConfig::readProfiles(tomlPath())->size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(ClientConfigTest)
#include "tst_clientconfig.moc"
