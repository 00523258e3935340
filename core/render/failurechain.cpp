#include "render/failurechain.h"

#include <QStringList>

#include "json/prototime.h"
#include "render/eventtext.h"
#include "render/failureattributes.h"
#include "render/payloadpreview.h"

#include <google/protobuf/descriptor.h>

namespace hl {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using temporal::api::common::v1::Payloads;

constexpr int kDetailsWidth = 4000;

QString str(const std::string& text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// "nonRetryable" -> "Non-retryable", "scheduledEventId" -> "Scheduled event id"
QString label(const FieldDescriptor* field)
{
    const QString name = QString::fromStdString(field->json_name());
    QString out;
    for (const QChar c : name) {
        if (c.isUpper() && !out.isEmpty())
            out += QLatin1Char(' ') + c.toLower();
        else
            out += c;
    }
    if (out == QLatin1String("non retryable"))
        out = QStringLiteral("non-retryable");
    out[0] = out[0].toUpper();
    return out;
}

// One field of a failure info as text; payloads are left to `details`.
QString fieldText(const Message& message, const FieldDescriptor* field, const PayloadContext& context)
{
    const Reflection* r = message.GetReflection();
    switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
        return str(r->GetString(message, field));
    case FieldDescriptor::CPPTYPE_BOOL:
        return r->GetBool(message, field) ? QStringLiteral("true") : QStringLiteral("false");
    case FieldDescriptor::CPPTYPE_ENUM:
        return EventText::enumText(field->enum_type(), r->GetEnumValue(message, field));
    case FieldDescriptor::CPPTYPE_INT32:
        return QString::number(r->GetInt32(message, field));
    case FieldDescriptor::CPPTYPE_INT64:
        return QString::number(r->GetInt64(message, field));
    case FieldDescriptor::CPPTYPE_UINT32:
        return QString::number(r->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
        return QString::number(r->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
        return QString::number(r->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
        return QString::number(double(r->GetFloat(message, field)));
    case FieldDescriptor::CPPTYPE_MESSAGE: {
        const Message& inner = r->GetMessage(message, field);
        if (inner.GetDescriptor()->full_name() == "google.protobuf.Duration") {
            const auto* d = inner.GetDescriptor();
            return QString::fromStdString(ProtoTime::formatDuration(inner.GetReflection()->GetInt64(inner, d->field(0)),
                                                                    inner.GetReflection()->GetInt32(inner, d->field(1))));
        }
        // Small messages (workflow execution, activity type): their set strings, joined.
        QStringList parts;
        std::vector<const FieldDescriptor*> fields;
        inner.GetReflection()->ListFields(inner, &fields);
        for (const FieldDescriptor* each : fields) {
            if (each->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE && !each->is_repeated())
                parts << fieldText(inner, each, context);
        }
        return parts.join(QStringLiteral(" / "));
    }
    }
    return {};
}

} // namespace

FailureChain FailureChain::of(const temporal::api::failure::v1::Failure& failure, const PayloadContext& context,
                              const QString& path)
{
    FailureChain chain;
    const temporal::api::failure::v1::Failure* current = &failure;
    QString where = path;
    for (int depth = 0; current; ++depth) {
        if (depth == kMaxDepth) {
            chain.m_truncated = true;
            break;
        }
        Level level;
        level.failure = current;
        level.path = where;
        const auto restored = FailureAttributes::restore(*current, context);
        level.message = str(restored && restored->message ? *restored->message : current->message());
        level.stackText = str(restored && restored->stackTrace ? *restored->stackTrace : current->stack_trace());
        level.stack = StackTrace::parse(level.stackText);
        level.source = str(current->source());

        const Reflection* reflection = current->GetReflection();
        const auto* infos = current->GetDescriptor()->FindOneofByName("failure_info");
        if (const FieldDescriptor* info = infos ? reflection->GetOneofFieldDescriptor(*current, infos) : nullptr) {
            QString kind = QString::fromStdString(info->json_name());
            kind.remove(QLatin1String("FailureInfo"));
            kind[0] = kind[0].toUpper();
            level.kind = kind;
            const Message& infoMessage = reflection->GetMessage(*current, info);
            std::vector<const FieldDescriptor*> fields;
            infoMessage.GetReflection()->ListFields(infoMessage, &fields);
            QStringList details;
            for (const FieldDescriptor* field : fields) {
                if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && field->message_type() == Payloads::descriptor()) {
                    const auto& payloads = static_cast<const Payloads&>(infoMessage.GetReflection()->GetMessage(infoMessage, field));
                    if (payloads.payloads_size() > 0)
                        details << PayloadPreview::of(payloads, context, kDetailsWidth);
                    continue;
                }
                if (field->is_repeated())
                    continue;
                if (field->name() == "type") {
                    level.type = fieldText(infoMessage, field, context);
                    continue;
                }
                level.facts.emplace_back(label(field), fieldText(infoMessage, field, context));
            }
            level.details = details.join(QStringLiteral("\n"));
        }
        chain.m_levels.push_back(std::move(level));
        current = current->has_cause() ? &current->cause() : nullptr;
        where += QStringLiteral(".cause");
    }
    return chain;
}

QString FailureChain::messages() const
{
    QStringList parts;
    for (const Level& level : m_levels)
        parts << level.message;
    return parts.join(QStringLiteral(" <- "));
}

std::vector<const temporal::api::common::v1::Payload*> FailureChain::encodedAttributes(const temporal::api::failure::v1::Failure& failure)
{
    std::vector<const temporal::api::common::v1::Payload*> payloads;
    int depth = 0;
    for (const auto* level = &failure; level && depth < kMaxDepth; level = level->has_cause() ? &level->cause() : nullptr, ++depth) {
        if (level->has_encoded_attributes())
            payloads.push_back(&level->encoded_attributes());
    }
    return payloads;
}

} // namespace hl
