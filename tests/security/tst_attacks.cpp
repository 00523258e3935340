#ifndef Q_MOC_RUN
#include "codecserver/payloadsjson.h"
#include "format/historyreader.h"
#include "support/codecvectors.h"
#include "support/historyevents.h"
#include "support/testpaths.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <temporal/api/history/v1/message.pb.h>
#endif

#include "servecodec/servecodechttp.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <thread>

using namespace hl;

namespace {

using temporal::api::common::v1::Payload;

// Raw sockets: the attacks need what no HTTP client library sends.
class RawConnection {
public:
    RawConnection() = default;
    RawConnection(const RawConnection&) = delete;
    RawConnection(RawConnection&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    ~RawConnection()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    // Connects to 127.0.0.1:port from `source` (any address of 127.0.0.0/8: the server sees another client).
    static RawConnection open(quint16 port, const char* source = "127.0.0.1")
    {
        RawConnection connection;
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            return connection;
        sockaddr_in from{};
        from.sin_family = AF_INET;
        ::inet_pton(AF_INET, source, &from.sin_addr);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0
            || ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
            ::close(fd);
            return connection;
        }
        connection.m_fd = fd;
        return connection;
    }

    bool isOpen() const { return m_fd >= 0; }
    bool send(const QByteArray& bytes) const
    {
        qsizetype sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n = ::send(m_fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            sent += n;
        }
        return true;
    }
    // Reads what has arrived within `timeoutMs`; `closed` tells whether the server ended the connection.
    QByteArray receive(int timeoutMs, bool* closed = nullptr) const
    {
        QByteArray received;
        QElapsedTimer timer;
        timer.start();
        bool ended = false;
        while (!ended && timer.elapsed() < timeoutMs) {
            pollfd watch{m_fd, POLLIN, 0};
            if (::poll(&watch, 1, int(std::max<qint64>(1, timeoutMs - timer.elapsed()))) <= 0)
                break;
            char buffer[65536];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                ended = true;
            else
                received.append(buffer, n);
        }
        if (closed)
            *closed = ended;
        return received;
    }
    // Whether the server closed the connection within `timeoutMs`.
    bool closedWithin(int timeoutMs) const
    {
        bool closed = false;
        receive(timeoutMs, &closed);
        return closed;
    }

private:
    int m_fd = -1;
};

int statusOf(const QByteArray& answer)
{
    return answer.startsWith("HTTP/1.") ? answer.mid(9, 3).toInt() : 0;
}

QByteArray zlib(const std::string& bytes)
{
    uLongf size = compressBound(uLong(bytes.size()));
    QByteArray out(qsizetype(size), '\0');
    compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()), uLong(bytes.size()), 9);
    out.resize(qsizetype(size));
    return out;
}

// A payload whose `layers` zlib layers undo to `innerBytes` of JSON: a few hundred bytes on the wire.
Payload zlibBomb(qint64 innerBytes, int layers)
{
    Payload current;
    (*current.mutable_metadata())["encoding"] = "json/plain";
    current.set_data(std::string(size_t(innerBytes), ' '));
    for (int i = 0; i < layers; ++i) {
        Payload wrapped;
        (*wrapped.mutable_metadata())["encoding"] = "binary/zlib";
        const QByteArray packed = zlib(current.SerializeAsString());
        wrapped.set_data(packed.constData(), size_t(packed.size()));
        current = std::move(wrapped);
    }
    return current;
}

QByteArray requestBody(const std::vector<const Payload*>& payloads)
{
    std::string json;
    PayloadsJson::write(payloads, &json);
    return QByteArray::fromStdString(json);
}

// `historylens-cli serve-codec` in a process of its own, so what an attack costs it is its own peak memory.
class AttackedServer {
public:
    bool start(const QStringList& extra)
    {
        m_portFile = m_dir.filePath(QStringLiteral("port"));
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(HL_CLI_PATH),
                        QStringList{QStringLiteral("serve-codec"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                    QStringLiteral("--port-file"), m_portFile, QStringLiteral("--key-file"),
                                    test::codecVector(QStringLiteral("codec-keys.txt")), QStringLiteral("--no-keychain"),
                                    QStringLiteral("--quiet")}
                            + extra);
        if (!m_process.waitForStarted(10000))
            return false;
        for (int waited = 0; waited < 300 && !QFile::exists(m_portFile); ++waited)
            QTest::qWait(50);
        QFile file(m_portFile);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        m_port = quint16(file.readAll().trimmed().toUInt());
        return m_port != 0;
    }
    ~AttackedServer()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
    quint16 port() const { return m_port; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    qint64 peakMiB() const { return status("VmHWM:") / 1024; }
    bool running() const { return m_process.state() == QProcess::Running; }

private:
    qint64 status(const QByteArray& field) const
    {
        QFile file(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
        if (!file.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray& line : file.readAll().split('\n')) {
            if (line.startsWith(field))
                return line.mid(field.size()).trimmed().split(' ').front().toLongLong();
        }
        return -1;
    }

    QTemporaryDir m_dir;
    QString m_portFile;
    QProcess m_process;
    quint16 m_port = 0;
};

// AddressSanitizer's shadow memory and quarantine multiply what a process holds; its build asserts the same bounds
// scaled by this.
#if defined(HL_ADDRESS_SANITIZER)
constexpr qint64 kMemoryFactor = 4;
#else
constexpr qint64 kMemoryFactor = 1;
#endif

// historylens-cli run to its end in a process of its own: what it printed, its exit code, and its peak memory, so a
// bound on memory is asserted on the process that read the hostile input. The peak comes from a small Python parent
// (getrusage of its children): a child forked from this test would inherit this test's own high-water mark.
struct MeasuredRun {
    QByteArray out;
    QByteArray err;
    int exitCode = -1;
    qint64 peakMiB = -1;
    qint64 milliseconds = -1;
};

MeasuredRun runCli(const QStringList& arguments, int timeoutMs = 120000)
{
    static const QString measure = QStringLiteral(
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[2:]).returncode\n"
        "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
        "sys.exit(code if code >= 0 else 128 - code)\n");
    MeasuredRun run;
    QTemporaryDir dir;
    const QString peakFile = dir.filePath(QStringLiteral("peak"));
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral("python3"), QStringList{QStringLiteral("-c"), measure, peakFile, QStringLiteral(HL_CLI_PATH)} + arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.milliseconds = timer.elapsed();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    QFile peak(peakFile);
    if (peak.open(QIODevice::ReadOnly))
        run.peakMiB = peak.readAll().trimmed().toLongLong() / 1024;
    return run;
}

QByteArray gzip(const QByteArray& bytes)
{
    z_stream stream{};
    deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
    QByteArray out(qsizetype(deflateBound(&stream, uLong(bytes.size()))), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.constData()));
    stream.avail_in = uInt(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = uInt(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return out;
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// A real-looking history of `events` signals, each carrying `payload` as its input.
temporal::api::history::v1::History signalledHistory(const QString& workflowType, const std::vector<Payload>& payloads)
{
    using namespace temporal::api;
    history::v1::History history;
    auto* started = history.add_events();
    started->set_event_id(1);
    started->mutable_event_time()->set_seconds(1'700'000'000);
    started->set_event_type(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    started->mutable_workflow_execution_started_event_attributes()->mutable_workflow_type()->set_name(workflowType.toStdString());
    started->mutable_workflow_execution_started_event_attributes()->mutable_task_queue()->set_name(workflowType.toStdString());
    for (const Payload& payload : payloads) {
        auto* signal = history.add_events();
        signal->set_event_id(history.events_size());
        signal->mutable_event_time()->set_seconds(1'700'000'000 + history.events_size());
        signal->set_event_type(enums::v1::EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
        auto* attributes = signal->mutable_workflow_execution_signaled_event_attributes();
        attributes->set_signal_name("bomb");
        *attributes->mutable_input()->add_payloads() = payload;
    }
    return history;
}

} // namespace

// The attacks that took serve-codec down, each against `historylens-cli serve-codec` in its own process, on loopback
// only, bounded in time and count. Each asserts its bound (the connection closed in time, the refusal, the peak
// memory of the server) and that a legitimate client decoding through the same server during the attack keeps
// getting correct answers within 1 s. docs/hardening.md has the table.
class TestAttacks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void slowlorisAndIdleFlood();
    void slowBody();
    void chunkedBodyPastTheBound();
    void headerFloods();
    void decodeAmplification();
    void dnsRebinding();
    void historyBombs_data();
    void historyBombs();
    void decodeBombInAHistory();
    void terminalInjectionInAHistory();
    void secretsOnTheCommandLine();

private:
    // One legitimate decode: the answer's time in ms, or -1 when it was not the right payload.
    qint64 legitimateDecode(const AttackedServer& server) const;
    void expectLegitimateServed(const AttackedServer& server, int times) const;

    mutable qint64 m_slowestLegitimateMs = -1; // in the current test, for the table in docs/hardening.md
    History m_history;
    Payload m_expected;
    const Payload* m_encrypted = nullptr;
};

void TestAttacks::initTestCase()
{
    // The floods open over a thousand sockets from this process.
    rlimit limit{};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    QVERIFY2(limit.rlim_cur >= 2200, "this test needs 2,200 descriptors");

    auto file = HistoryReader().readFile(test::codecVector(QStringLiteral("codec-history.json")));
    QVERIFY2(file.ok(), qPrintable(file.error().toString()));
    m_history = file->histories.front();
    m_encrypted = &test::signalInput(m_history, QStringLiteral("go-encryption"));
    for (const QJsonValue& entry : test::codecVectorExpectations()) {
        if (entry[QLatin1String("signal")] == QLatin1String("go-encryption")) {
            const QByteArray json = QJsonDocument(entry[QLatin1String("payload")].toObject()).toJson(QJsonDocument::Compact);
            QVERIFY(google::protobuf::util::JsonStringToMessage(json.toStdString(), &m_expected).ok());
        }
    }
    QVERIFY(m_expected.ByteSizeLong() > 0);
}

qint64 TestAttacks::legitimateDecode(const AttackedServer& server) const
{
    QElapsedTimer timer;
    timer.start();
    const auto answer = test::postJson(server.url() + QStringLiteral("/decode"), requestBody({m_encrypted}),
                                       {{"X-Namespace", "default"}});
    const qint64 elapsed = timer.elapsed();
    std::vector<Payload> payloads;
    const std::string body = answer.body.toStdString();
    if (answer.status != 200 || !PayloadsJson::read(body, &payloads) || payloads.size() != 1
        || !google::protobuf::util::MessageDifferencer::Equals(payloads.front(), m_expected))
        return -1;
    return elapsed;
}

void TestAttacks::cleanup()
{
    if (m_slowestLegitimateMs >= 0)
        qInfo("%s: the slowest legitimate decode during the attack took %lld ms", QTest::currentTestFunction(),
              m_slowestLegitimateMs);
    m_slowestLegitimateMs = -1;
}

void TestAttacks::expectLegitimateServed(const AttackedServer& server, int times) const
{
    for (int i = 0; i < times; ++i) {
        const qint64 elapsed = legitimateDecode(server);
        m_slowestLegitimateMs = std::max(m_slowestLegitimateMs, elapsed);
        QVERIFY2(elapsed >= 0, "a legitimate client got a wrong answer or none during the attack");
        QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("a legitimate decode took %1 ms during the attack").arg(elapsed)));
    }
}

// 64 connections sending a header byte a second, and 1,000 connections that send nothing, from other client
// addresses: the legitimate client is served at once throughout, the slow ones are closed at the header deadline
// even though they keep sending, and the idle flood only displaces idle connections.
void TestAttacks::slowlorisAndIdleFlood()
{
    AttackedServer server;
    QVERIFY(server.start({QStringLiteral("--header-timeout"), QStringLiteral("3"), QStringLiteral("--max-connections"),
                          QStringLiteral("600")}));
    std::vector<RawConnection> slow;
    for (int i = 0; i < 64; ++i) {
        slow.push_back(RawConnection::open(server.port(), "127.0.0.2"));
        QVERIFY(slow.back().isOpen());
        QVERIFY(slow.back().send("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
    }
    std::atomic<bool> trickling{true};
    std::thread trickle([&] {
        while (trickling.load()) {
            for (const RawConnection& connection : slow)
                connection.send("a");
            for (int i = 0; i < 10 && trickling.load(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    QElapsedTimer attack;
    attack.start();
    std::vector<RawConnection> idle;
    const char* sources[] = {"127.0.1.1", "127.0.1.2", "127.0.1.3", "127.0.1.4", "127.0.1.5",
                             "127.0.1.6", "127.0.1.7", "127.0.1.8", "127.0.1.9", "127.0.1.10"};
    for (int i = 0; i < 1000; ++i) {
        idle.push_back(RawConnection::open(server.port(), sources[i % 10]));
        QVERIFY(idle.back().isOpen());
    }
    expectLegitimateServed(server, 10);
    // The slow connections still send, but their headers' deadline has passed.
    bool allClosed = true;
    for (const RawConnection& connection : slow)
        allClosed = allClosed && connection.closedWithin(int(std::max<qint64>(100, 5000 - attack.elapsed())));
    trickling = false;
    trickle.join();
    QVERIFY2(allClosed, "a slowloris connection outlived --header-timeout");
    QVERIFY2(attack.elapsed() < 6000, qPrintable(QStringLiteral("%1 ms").arg(attack.elapsed())));
    expectLegitimateServed(server, 5);
    QVERIFY(server.running());
    qInfo("serve-codec peaked at %lld MiB", server.peakMiB());
    QVERIFY2(server.peakMiB() < 150 * kMemoryFactor, qPrintable(QStringLiteral("serve-codec peaked at %1 MiB").arg(server.peakMiB())));
}

// A body that stops arriving: closed at --request-timeout, others served meanwhile.
void TestAttacks::slowBody()
{
    AttackedServer server;
    QVERIFY(server.start({QStringLiteral("--request-timeout"), QStringLiteral("2")}));
    std::vector<RawConnection> slow;
    for (int i = 0; i < 32; ++i) {
        slow.push_back(RawConnection::open(server.port(), "127.0.0.3"));
        QVERIFY(slow.back().send("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                 "Content-Length: 100000\r\n\r\n{\"payloads\":["));
    }
    expectLegitimateServed(server, 5);
    for (const RawConnection& connection : slow)
        QVERIFY2(connection.closedWithin(4000), "a body that stopped arriving outlived --request-timeout");
}

// A chunked body past --max-body is refused as it arrives (413), not read whole first.
void TestAttacks::chunkedBodyPastTheBound()
{
    AttackedServer server;
    QVERIFY(server.start({QStringLiteral("--max-body"), QStringLiteral("1")}));
    const qint64 before = server.peakMiB();
    RawConnection connection = RawConnection::open(server.port(), "127.0.0.4");
    QVERIFY(connection.send("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n"));
    const QByteArray chunk = "10000\r\n" + QByteArray(0x10000, ' ') + "\r\n";
    qint64 sent = 0;
    while (sent < 256LL * 1024 * 1024 && connection.send(chunk))
        sent += chunk.size();
    bool closed = false;
    const QByteArray answer = connection.receive(5000, &closed);
    QCOMPARE(statusOf(answer), 413);
    QVERIFY2(sent < 64LL * 1024 * 1024, qPrintable(QStringLiteral("the server read %1 bytes of a 1 MiB-bounded body").arg(sent)));
    QVERIFY(closed);
    QVERIFY2(server.peakMiB() - before < 32 * kMemoryFactor, qPrintable(QStringLiteral("%1 MiB more").arg(server.peakMiB() - before)));
    expectLegitimateServed(server, 3);
}

// Endless tiny headers, and more header fields than --max-headers: 431, the connection closed, nothing kept.
void TestAttacks::headerFloods()
{
    AttackedServer server;
    QVERIFY(server.start({}));
    const qint64 before = server.peakMiB();
    {
        RawConnection connection = RawConnection::open(server.port(), "127.0.0.5");
        QVERIFY(connection.send("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        const QByteArray headers = QByteArray("a:b\r\n").repeated(20000);
        qint64 sent = 0;
        while (sent < 512LL * 1024 * 1024 && connection.send(headers))
            sent += headers.size();
        bool closed = false;
        QCOMPARE(statusOf(connection.receive(5000, &closed)), 431);
        QVERIFY(closed);
        QVERIFY2(sent < 64LL * 1024 * 1024, qPrintable(QStringLiteral("%1 bytes of headers read").arg(sent)));
    }
    {
        RawConnection connection = RawConnection::open(server.port(), "127.0.0.5");
        QVERIFY(connection.send("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\n" + QByteArray("X-A: 1\r\n").repeated(150)
                                + "Content-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"));
        const QByteArray answer = connection.receive(5000);
        QCOMPARE(statusOf(answer), 431);
        QVERIFY2(answer.contains("--max-headers"), answer.constData());
    }
    QVERIFY2(server.peakMiB() - before < 16 * kMemoryFactor, qPrintable(QStringLiteral("%1 MiB more").arg(server.peakMiB() - before)));
    expectLegitimateServed(server, 3);
}

// A few KiB of nested zlib that would expand to gigabytes: the request's decode bound stops it, the payloads past the
// bound come back as sent, and a legitimate client is served meanwhile.
void TestAttacks::decodeAmplification()
{
    AttackedServer server;
    QVERIFY(server.start({QStringLiteral("--max-decoded"), QStringLiteral("64")}));
    const Payload bomb = zlibBomb(48LL * 1024 * 1024, 2);
    std::vector<const Payload*> bombs(20, &bomb);
    const QByteArray body = requestBody(bombs);
    QVERIFY2(body.size() < 64 * 1024, qPrintable(QString::number(body.size())));
    QByteArray answer;
    qint64 bombMs = 0;
    std::thread attacker([&] {
        QElapsedTimer timer;
        timer.start();
        RawConnection connection = RawConnection::open(server.port(), "127.0.0.2");
        connection.send("POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
                        "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        answer = connection.receive(30000);
        bombMs = timer.elapsed();
    });
    QTest::qWait(50);
    expectLegitimateServed(server, 3);
    attacker.join();
    QCOMPARE(statusOf(answer), 200);
    const QByteArray answerBody = answer.mid(answer.indexOf("\r\n\r\n") + 4);
    std::vector<Payload> payloads;
    QVERIFY(PayloadsJson::read(answerBody.toStdString(), &payloads));
    QCOMPARE(payloads.size(), size_t(20));
    int asSent = 0;
    for (const Payload& payload : payloads)
        asSent += google::protobuf::util::MessageDifferencer::Equals(payload, bomb) ? 1 : 0;
    QVERIFY2(asSent >= 19, qPrintable(QStringLiteral("%1 of 20 bombs came back as sent").arg(asSent)));
    QVERIFY2(answerBody.size() < 100 * 1024 * 1024, qPrintable(QString::number(answerBody.size())));
    QVERIFY2(bombMs < 10000, qPrintable(QStringLiteral("%1 ms").arg(bombMs)));
    qInfo("serve-codec peaked at %lld MiB", server.peakMiB());
    QVERIFY2(server.peakMiB() < 768 * kMemoryFactor, qPrintable(QStringLiteral("serve-codec peaked at %1 MiB").arg(server.peakMiB())));
}

// A page on another name that resolves to 127.0.0.1 reaches the server with its own Host and Origin: refused, and a
// foreign Origin gets no payloads back even under the right Host.
void TestAttacks::dnsRebinding()
{
    AttackedServer server;
    QVERIFY(server.start({}));
    const QByteArray body = requestBody({m_encrypted});
    auto post = [&](const QByteArray& host, const QByteArray& origin) {
        RawConnection connection = RawConnection::open(server.port());
        connection.send("POST /decode HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
                        + "\r\nX-Namespace: default\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        return connection.receive(5000);
    };
    const QByteArray port = QByteArray::number(server.port());
    const QByteArray rebound = post("rebind.evil.example:" + port, "http://rebind.evil.example:" + port);
    QCOMPARE(statusOf(rebound), 421);
    QVERIFY(!rebound.contains("payloads"));
    const QByteArray foreign = post("127.0.0.1:" + port, "https://evil.example");
    QCOMPARE(statusOf(foreign), 403);
    QVERIFY(!foreign.contains("payloads"));
    const QByteArray allowed = post("localhost:" + port, "http://localhost:8233");
    QCOMPARE(statusOf(allowed), 200);
    QVERIFY(allowed.contains("payloads"));
}


void TestAttacks::historyBombs_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("maxPeakMiB");
    // 7.3 million empty events: a 21 KB .gz that once took 4.2 GB.
    QByteArray empties = "{\"events\":[{}";
    empties.reserve(7'300'000 * 3 + 8);
    for (int i = 1; i < 7'300'000; ++i)
        empties += ",{}";
    empties += "]}";
    QTest::newRow("empty events, gzip") << gzip(empties) << "no history is that dense" << 200;
    // 256 MiB of '[': it once took 2.6 GB before failing at byte 1025.
    QTest::newRow("nesting") << gzip(QByteArray(256 * 1024 * 1024, '[')) << "nested deeper than 96 levels" << 700;
    QByteArray emptyBinary;
    for (int i = 0; i < 7'300'000; ++i)
        emptyBinary += QByteArray::fromHex("0a00");
    QTest::newRow("empty events, binary gzip") << gzip(emptyBinary) << "more than 102400 events" << 200;
}

// Small files that once took gigabytes fail at their bound, in bounded memory and time, with a reason.
void TestAttacks::historyBombs()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QFETCH(int, maxPeakMiB);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bomb.history.json.gz"));
    QVERIFY(writeFile(path, bytes));
    const MeasuredRun run = runCli({QStringLiteral("show"), path, QStringLiteral("--no-keychain")});
    qInfo("%s: %lld bytes on disk, exit %d after %lld ms, peak %lld MiB", QTest::currentDataTag(), qint64(bytes.size()),
          run.exitCode, run.milliseconds, run.peakMiB);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(expected.toUtf8()), run.err.constData());
    QVERIFY2(run.peakMiB < maxPeakMiB * kMemoryFactor, qPrintable(QStringLiteral("peak %1 MiB").arg(run.peakMiB)));
    QVERIFY2(run.milliseconds < 30000, qPrintable(QStringLiteral("%1 ms").arg(run.milliseconds)));
}

// 20 doubly-zlib payloads in a 10 KB file once made `-o json` take 3 GB: the history's decode budget stops them,
// and the payloads past it are reported, not decoded.
void TestAttacks::decodeBombInAHistory()
{
    const std::vector<Payload> bombs(20, zlibBomb(60 * 1024 * 1024, 2));
    const auto history = signalledHistory(QStringLiteral("BombWorkflow"), bombs);
    const QByteArray bytes = QByteArray::fromStdString(history.SerializeAsString());
    QVERIFY2(bytes.size() < 64 * 1024, qPrintable(QString::number(bytes.size())));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bombs.history.bin"));
    QVERIFY(writeFile(path, bytes));
    for (const QString& output : {QStringLiteral("json"), QStringLiteral("summary")}) {
        const MeasuredRun run = runCli({QStringLiteral("show"), path, QStringLiteral("-o"), output, QStringLiteral("--max-decoded"),
                                        QStringLiteral("128"), QStringLiteral("--no-keychain"), QStringLiteral("--strict")});
        qInfo("-o %s: %lld bytes on disk, exit %d after %lld ms, peak %lld MiB", qPrintable(output), qint64(bytes.size()),
              run.exitCode, run.milliseconds, run.peakMiB);
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains("past the 128 MiB one history or request may decode in all"), run.err.constData());
        QVERIFY2(run.peakMiB < 700 * kMemoryFactor, qPrintable(QStringLiteral("-o %1: peak %2 MiB").arg(output).arg(run.peakMiB)));
        QVERIFY2(run.milliseconds < 60000, qPrintable(QStringLiteral("%1 ms").arg(run.milliseconds)));
    }
}

// A workflow type, task queue and key id that hold terminal escapes and line breaks reach the terminal escaped,
// one line each, and the suggested --key command runs with exactly the history's key id.
void TestAttacks::terminalInjectionInAHistory()
{
    const QString evil = QStringLiteral("Evil\x1b[2J\x1b]0;pwned\x07Type\r\n2  2024-01-01T00:00:00Z  WorkflowExecutionCompleted  forged");
    const QString keyId = QStringLiteral("k'\x1b[31m\n; touch pwned #");
    Payload encrypted;
    (*encrypted.mutable_metadata())["encoding"] = "binary/encrypted";
    (*encrypted.mutable_metadata())["encryption-key-id"] = keyId.toStdString();
    encrypted.set_data(std::string(40, 'x'));
    const auto history = signalledHistory(evil, {encrypted});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("evil.history.bin"));
    QVERIFY(writeFile(path, QByteArray::fromStdString(history.SerializeAsString())));
    const MeasuredRun run = runCli({QStringLiteral("show"), path, QStringLiteral("--no-keychain")});
    QCOMPARE(run.exitCode, 0);
    for (const QByteArray& printed : {run.out, run.err}) {
        QVERIFY2(!printed.contains('\x1b') && !printed.contains('\r') && !printed.contains('\x07'), printed.constData());
        QVERIFY2(!printed.contains("\n2  2024-01-01T00:00:00Z"), "a forged event line was printed");
    }
    QVERIFY2(run.out.contains("Evil\\e[2J"), run.out.constData());
    const qsizetype hint = run.err.indexOf("--key ");
    QVERIFY2(hint >= 0, run.err.constData());
    const qsizetype end = run.err.indexOf(" (or base64:", hint);
    const QByteArray quoted = run.err.mid(hint + 6, end - hint - 6);
    QProcess bash;
    bash.setWorkingDirectory(dir.path());
    bash.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("printf %s ") + QString::fromUtf8(quoted)});
    QVERIFY(bash.waitForFinished(10000));
    QCOMPARE(QString::fromUtf8(bash.readAllStandardOutput()), keyId + QStringLiteral("=hex:..."));
    QVERIFY2(!QFile::exists(dir.filePath(QStringLiteral("pwned"))), "the suggested command ran a command of the history's");
}

// A secret on the command line is readable by every user (ps): each is warned about and has a form that keeps it
// out of argv.
void TestAttacks::secretsOnTheCommandLine()
{
    const QString demo = QStringLiteral(HL_DEMO_HISTORY);
    const QString demoKey = QStringLiteral("historylens-demo-key-not-secret!");
    QTemporaryDir dir;
    const MeasuredRun inArgv = runCli({QStringLiteral("show"), demo, QStringLiteral("--no-keychain"), QStringLiteral("--strict"),
                                       QStringLiteral("--key"), QStringLiteral("historylens-demo=text:") + demoKey});
    QCOMPARE(inArgv.exitCode, 0);
    QVERIFY2(inArgv.err.contains("warning: --key on the command line can be read by every user"), inArgv.err.constData());
    QVERIFY(!inArgv.err.contains(demoKey.toUtf8()));
    const QString keyFile = dir.filePath(QStringLiteral("demo.key"));
    QVERIFY(writeFile(keyFile, demoKey.toUtf8()));
    const MeasuredRun fromFile = runCli({QStringLiteral("show"), demo, QStringLiteral("--no-keychain"), QStringLiteral("--strict"),
                                         QStringLiteral("--key"), QStringLiteral("historylens-demo=file:") + keyFile});
    QCOMPARE(fromFile.exitCode, 0);
    QVERIFY2(!fromFile.err.contains("warning"), fromFile.err.constData());
    QCOMPARE(fromFile.out, inArgv.out);

    const QStringList frontend{QStringLiteral("list"), QStringLiteral("--address"), QStringLiteral("127.0.0.1:1"),
                               QStringLiteral("--command-timeout"), QStringLiteral("1s")};
    const MeasuredRun apiKey = runCli(frontend + QStringList{QStringLiteral("--api-key"), QStringLiteral("sekret-api-key")});
    QVERIFY2(apiKey.err.contains("warning: --api-key on the command line can be read by every user of this machine (ps)"),
             apiKey.err.constData());
    QVERIFY(apiKey.err.contains("TEMPORAL_API_KEY or --api-key-file"));
    QVERIFY(!apiKey.err.contains("sekret-api-key"));
    const QString apiKeyFile = dir.filePath(QStringLiteral("api-key"));
    QVERIFY(writeFile(apiKeyFile, "sekret-api-key\n"));
    const MeasuredRun apiKeyFromFile = runCli(frontend + QStringList{QStringLiteral("--api-key-file"), apiKeyFile});
    QVERIFY2(!apiKeyFromFile.err.contains("warning"), apiKeyFromFile.err.constData());
    QVERIFY(apiKeyFromFile.exitCode != 2); // read and used, then the dead port: not a usage error

    const QStringList codec{QStringLiteral("show"), demo, QStringLiteral("--no-keychain"), QStringLiteral("--codec-endpoint"),
                            QStringLiteral("http://127.0.0.1:1")};
    const MeasuredRun header = runCli(codec + QStringList{QStringLiteral("--codec-header"), QStringLiteral("X-Secret=abc")});
    QVERIFY2(header.err.contains("warning: --codec-header on the command line"), header.err.constData());
    const QString headerFile = dir.filePath(QStringLiteral("headers"));
    QVERIFY(writeFile(headerFile, "# for the codec server\nX-Secret = abc\n\nX-Tenant=7\n"));
    const MeasuredRun headerFromFile = runCli(codec + QStringList{QStringLiteral("--codec-header-file"), headerFile});
    QVERIFY2(!headerFromFile.err.contains("warning: --codec-header"), headerFromFile.err.constData());
    QVERIFY(headerFromFile.exitCode != 2);
    QVERIFY(writeFile(headerFile, "no equals sign here\n"));
    const MeasuredRun badHeaderFile = runCli(codec + QStringList{QStringLiteral("--codec-header-file"), headerFile});
    QCOMPARE(badHeaderFile.exitCode, 2);
    QVERIFY2(badHeaderFile.err.contains("entry 1 of"), badHeaderFile.err.constData());
    const MeasuredRun auth = runCli(codec + QStringList{QStringLiteral("--codec-auth"), QStringLiteral("Bearer sekret")});
    QVERIFY2(auth.err.contains("TEMPORAL_CODEC_AUTH or --codec-auth-file"), auth.err.constData());
}

QTEST_GUILESS_MAIN(TestAttacks)
#include "tst_attacks.moc"
