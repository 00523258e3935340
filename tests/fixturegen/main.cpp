// Writes one fixture file per history dialect into a folder, from the sample history built with the generated
// protos, plus the expected messages as binary protobuf. The dialect tests and the CLI tests read them.
#include "support/dialectwriter.h"
#include "support/samplehistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace hl::test;

namespace {

bool write(const QDir& dir, const QString& name, const QByteArray& bytes)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
        return false;
    }
    return true;
}

QByteArray json(const QJsonValue& value, QJsonDocument::JsonFormat format = QJsonDocument::Indented)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(format) : QJsonDocument(value.toObject()).toJson(format);
}

QJsonArray events(const QJsonValue& history)
{
    return history.toObject().value(QStringLiteral("events")).toArray();
}

// The events split into three History batches, as archival and paged sources deliver them.
QJsonArray batches(const QJsonValue& history)
{
    const QJsonArray all = events(history);
    QJsonArray out;
    const int third = int(all.size()) / 3;
    for (int b = 0; b < 3; ++b) {
        QJsonArray part;
        for (int i = b * third; i < (b == 2 ? int(all.size()) : (b + 1) * third); ++i)
            part.append(all[i]);
        out.append(QJsonObject{{QStringLiteral("events"), part}});
    }
    return out;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: hl_fixturegen OUTPUT_DIR\n");
        return 2;
    }
    QDir dir(QString::fromLocal8Bit(argv[1]));
    dir.mkpath(QStringLiteral("."));

    const auto history = sampleHistory();
    const auto exported = sampleExport();
    bool ok = write(dir, QStringLiteral("expected.binpb"), QByteArray::fromStdString(history.SerializeAsString()))
              && write(dir, QStringLiteral("expected-export.binpb"), QByteArray::fromStdString(exported.SerializeAsString()));

    const QJsonValue canonical = toDialect(history, {});
    Dialect legacy;
    legacy.pascalEnums = true;
    Dialect snake;
    snake.snakeCase = true;
    snake.int64Numbers = true;
    snake.nulls = true;
    Dialect raw; // the Web UI's "View Raw History": Go encoding/json of the events
    raw.snakeCase = raw.numericEnums = raw.int64Numbers = raw.secondsNanos = raw.goOneofWrappers = true;
    Dialect shorthand;
    shorthand.payloadShorthand = true;
    Dialect readable;
    readable.readablePayloads = true;
    Dialect decoded;
    decoded.decodedMaps = true;

    QJsonArray reversed;
    for (const QJsonValue event : events(canonical))
        reversed.prepend(event);

    // Unknown fields and enum values: a field a newer server might add, and an enum name this build lacks.
    QJsonArray unknownEvents = events(canonical);
    QJsonObject first = unknownEvents[0].toObject();
    first.insert(QStringLiteral("futureField"), QJsonObject{{QStringLiteral("x"), 1}});
    QJsonObject started = first.value(QStringLiteral("workflowExecutionStartedEventAttributes")).toObject();
    QJsonObject queue = started.value(QStringLiteral("taskQueue")).toObject();
    queue.insert(QStringLiteral("kind"), QStringLiteral("TASK_QUEUE_KIND_FUTURE"));
    started.insert(QStringLiteral("taskQueue"), queue);
    first.insert(QStringLiteral("workflowExecutionStartedEventAttributes"), started);
    unknownEvents[0] = first;

    QByteArray jsonLines;
    for (const QJsonValue batch : batches(canonical))
        jsonLines += json(batch, QJsonDocument::Compact) + '\n';

    const QJsonObject blobHeader{{QStringLiteral("namespace"), QStringLiteral("default")},
                                 {QStringLiteral("workflowId"), QStringLiteral("order-1042")},
                                 {QStringLiteral("isLast"), true}};
    const QByteArray canonicalText = json(canonical);
    ok = ok && write(dir, QStringLiteral("canonical.json"), canonicalText)
         && write(dir, QStringLiteral("canonical.json.gz"), gzip(canonicalText))
         && write(dir, QStringLiteral("legacy-enums.json"), json(toDialect(history, legacy)))
         && write(dir, QStringLiteral("legacy-enums.json.gz"), gzip(json(toDialect(history, legacy))))
         && write(dir, QStringLiteral("snake-case-numbers-nulls.json"), json(toDialect(history, snake)))
         && write(dir, QStringLiteral("history-response.json"),
                  json(QJsonObject{{QStringLiteral("history"), canonical},
                                   {QStringLiteral("nextPageToken"), QJsonValue::Null},
                                   {QStringLiteral("archived"), false}}))
         && write(dir, QStringLiteral("event-array.json"), json(events(canonical)))
         && write(dir, QStringLiteral("history-batches.json"), json(batches(canonical)))
         && write(dir, QStringLiteral("history.jsonl"), jsonLines)
         && write(dir, QStringLiteral("http-api-shorthand.json"),
                  json(QJsonObject{{QStringLiteral("history"), toDialect(history, shorthand)},
                                   {QStringLiteral("nextPageToken"), QString()}}))
         && write(dir, QStringLiteral("ui-readable.json"), json(toDialect(history, readable)))
         && write(dir, QStringLiteral("ui-decoded.json"), json(toDialect(history, decoded)))
         && write(dir, QStringLiteral("ui-raw-history.json"), json(events(toDialect(history, raw)), QJsonDocument::Compact))
         && write(dir, QStringLiteral("archive-blob.json"),
                  json(QJsonObject{{QStringLiteral("header"), blobHeader}, {QStringLiteral("body"), batches(canonical)}}))
         && write(dir, QStringLiteral("newest-first.json"), json(QJsonObject{{QStringLiteral("events"), reversed}}))
         && write(dir, QStringLiteral("unknown-values.json"), json(QJsonObject{{QStringLiteral("events"), unknownEvents}}))
         && write(dir, QStringLiteral("export.json"), json(toDialect(exported, {})))
         && write(dir, QStringLiteral("history.binpb"), QByteArray::fromStdString(history.SerializeAsString()))
         && write(dir, QStringLiteral("cloud-export.binpb"), QByteArray::fromStdString(exported.SerializeAsString()))
         && write(dir, QStringLiteral("cloud-export.binpb.gz"), gzip(QByteArray::fromStdString(exported.SerializeAsString())));
    return ok ? 0 : 1;
}
