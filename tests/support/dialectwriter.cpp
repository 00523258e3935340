#include "support/dialectwriter.h"

#include <temporal/api/common/v1/message.pb.h>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <zlib.h>

namespace hl::test {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

namespace {

QString goName(const std::string& snake)
{
    QString out;
    bool upper = true;
    for (const char c : snake) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper ? QChar(QLatin1Char(c)).toUpper() : QChar(QLatin1Char(c));
        upper = false;
    }
    return out;
}

QJsonValue enumValue(const QJsonValue& value, const FieldDescriptor* field, const Dialect& dialect)
{
    const auto* type = field->enum_type();
    const auto* found = type->FindValueByName(value.toString().toStdString());
    if (!found)
        return value;
    if (dialect.numericEnums)
        return found->number();
    if (dialect.pascalEnums) {
        // gogo's _name maps: the prefix shared with the zero value removed, then PascalCase.
        std::string prefix = type->value(0)->name();
        prefix = prefix.substr(0, prefix.size() - std::string("UNSPECIFIED").size());
        std::string lower = found->name().substr(prefix.size());
        for (char& c : lower)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        return goName(lower);
    }
    return value;
}

QJsonValue timeValue(const QJsonValue& value, const Descriptor* descriptor)
{
    const QString text = value.toString();
    qint64 seconds = 0;
    int nanos = 0;
    if (descriptor->full_name() == "google.protobuf.Timestamp") {
        const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
        seconds = time.toSecsSinceEpoch();
        nanos = int(time.toMSecsSinceEpoch() - seconds * 1000) * 1000000;
    } else {
        const double total = text.chopped(1).toDouble();
        seconds = qint64(total);
        nanos = int(qRound64((total - double(seconds)) * 1e9));
    }
    QJsonObject object{{QStringLiteral("seconds"), double(seconds)}};
    if (nanos)
        object.insert(QStringLiteral("nanos"), nanos);
    return object;
}

QJsonValue decodedJson(const QString& base64)
{
    const QByteArray data = QByteArray::fromBase64(base64.toLatin1());
    return QJsonDocument::fromJson("[" + data + "]").array().at(0);
}

QJsonValue transformMessage(const QJsonValue& json, const Descriptor* descriptor, const Dialect& dialect, bool readable);

QJsonValue readablePayload(const QJsonObject& payload)
{
    QJsonObject metadata;
    const QJsonObject raw = payload.value(QStringLiteral("metadata")).toObject();
    for (auto it = raw.begin(); it != raw.end(); ++it)
        metadata.insert(it.key(), QString::fromUtf8(QByteArray::fromBase64(it.value().toString().toLatin1())));
    return QJsonObject{{QStringLiteral("metadata"), metadata},
                       {QStringLiteral("data"), decodedJson(payload.value(QStringLiteral("data")).toString())}};
}

// The server HTTP API's shorthand: json/plain payloads whose only metadata is the encoding become their value.
bool shorthand(const QJsonObject& payload, QJsonValue* out)
{
    const QJsonObject metadata = payload.value(QStringLiteral("metadata")).toObject();
    if (metadata.size() != 1 || QByteArray::fromBase64(metadata.value(QStringLiteral("encoding")).toString().toLatin1()) != "json/plain")
        return false;
    *out = decodedJson(payload.value(QStringLiteral("data")).toString());
    return true;
}

QJsonValue fieldValue(const QJsonValue& value, const FieldDescriptor* field, const Dialect& dialect, bool readable)
{
    switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
        return transformMessage(value, field->message_type(), dialect, readable);
    case FieldDescriptor::CPPTYPE_ENUM:
        return enumValue(value, field, dialect);
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:
        return dialect.int64Numbers ? QJsonValue(value.toString().toDouble()) : value;
    default:
        return value;
    }
}

QJsonValue transformMessage(const QJsonValue& json, const Descriptor* descriptor, const Dialect& dialect, bool readable)
{
    const std::string& name = descriptor->full_name();
    if ((name == "google.protobuf.Timestamp" || name == "google.protobuf.Duration") && dialect.secondsNanos)
        return timeValue(json, descriptor);
    if (name == "temporal.api.common.v1.Payload") {
        QJsonValue shortValue;
        if (dialect.readablePayloads || readable)
            return readablePayload(json.toObject());
        if (dialect.payloadShorthand && shorthand(json.toObject(), &shortValue))
            return shortValue;
        return json;
    }
    if (name == "temporal.api.common.v1.Payloads" && dialect.payloadShorthand && !dialect.readablePayloads) {
        QJsonArray values;
        for (const QJsonValue payload : json.toObject().value(QStringLiteral("payloads")).toArray()) {
            QJsonValue shortValue;
            if (!shorthand(payload.toObject(), &shortValue))
                return transformMessage(json, descriptor, Dialect{}, false);
            values.append(shortValue);
        }
        return values;
    }
    if (!json.isObject())
        return json;

    const QJsonObject object = json.toObject();
    QJsonObject out;
    for (int i = 0; i < descriptor->field_count(); ++i) {
        const FieldDescriptor* field = descriptor->field(i);
        const QString jsonName = QString::fromStdString(field->json_name());
        const QString key = dialect.snakeCase ? QString::fromStdString(field->name()) : jsonName;
        if (!object.contains(jsonName)) {
            if (dialect.nulls && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_repeated()
                && !field->real_containing_oneof())
                out.insert(key, QJsonValue::Null);
            continue;
        }
        const QJsonValue value = object.value(jsonName);
        // Memo, header and search attributes are the maps the Web UI's "decoded" download makes readable.
        const bool readableMap = dialect.decodedMaps && field->is_map()
                                 && (name == "temporal.api.common.v1.Memo" || name == "temporal.api.common.v1.Header"
                                     || name == "temporal.api.common.v1.SearchAttributes");
        QJsonValue converted;
        if (field->is_map()) {
            QJsonObject map;
            const QJsonObject entries = value.toObject();
            for (auto it = entries.begin(); it != entries.end(); ++it)
                map.insert(it.key(), fieldValue(it.value(), field->message_type()->map_value(), dialect, readableMap));
            converted = map;
        } else if (field->is_repeated()) {
            QJsonArray array;
            for (const QJsonValue item : value.toArray())
                array.append(fieldValue(item, field, dialect, readable));
            converted = array;
        } else {
            converted = fieldValue(value, field, dialect, readable);
        }
        if (dialect.goOneofWrappers && field->real_containing_oneof()) {
            out.insert(goName(field->real_containing_oneof()->name()),
                       QJsonObject{{goName(field->name()), converted}});
        } else {
            out.insert(key, converted);
        }
    }
    return out;
}

} // namespace

QJsonValue toDialect(const google::protobuf::Message& message, const Dialect& dialect)
{
    std::string canonical;
    google::protobuf::util::JsonPrintOptions options;
    google::protobuf::util::MessageToJsonString(message, &canonical, options);
    const QJsonValue json = QJsonDocument::fromJson(QByteArray::fromStdString(canonical)).object();
    return transformMessage(json, message.GetDescriptor(), dialect, false);
}

QByteArray gzip(const QByteArray& data)
{
    return compress(data, true);
}

QByteArray compress(const QByteArray& data, bool gzip)
{
    z_stream stream{};
    deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip ? 16 + MAX_WBITS : MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = uInt(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(int(stream.total_out));
    deflateEnd(&stream);
    return out;
}

} // namespace hl::test
