#include "fuzztargets.h"

#include "json/jsonbuilder.h"
#include "render/messagetypes.h"
#include "render/payloadcontext.h"
#include "render/readablepayload.h"

#include <google/protobuf/descriptor.pb.h>
#include <temporal/api/common/v1/message.pb.h>

#include <climits>

namespace hl::fuzz {

namespace {

// Types built in whose JSON form takes work: recursive messages, Any (resolved through the pool), Struct, maps.
const char* const kBuiltInTypes[] = {
    "temporal.api.history.v1.History",
    "temporal.api.common.v1.Payloads",
    "temporal.api.failure.v1.Failure",
    "temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse",
    "google.protobuf.Any",
    "google.protobuf.Struct",
    "google.protobuf.Value",
    "google.protobuf.Timestamp",
    "google.protobuf.Duration",
    "google.protobuf.FieldMask",
};

void render(const std::shared_ptr<const MessageTypes>& types, const std::string& messageType, const std::string& bytes)
{
    temporal::api::common::v1::Payload payload;
    (*payload.mutable_metadata())["encoding"] = "binary/protobuf";
    (*payload.mutable_metadata())["messageType"] = messageType;
    payload.set_data(bytes);
    PayloadContext context;
    context.types = types;
    std::string out;
    JsonBuilder json(&out, 2);
    (void)ReadablePayload::write(payload, json, context);
}

} // namespace

// binary/protobuf payloads as the readable views show them. An even first byte: a message of a built-in type (the
// second byte picks it) from the remaining bytes. An odd one: the remaining bytes are a descriptor set the user
// gave with --descriptor-set, and the same bytes are shown as each message type it declares.
int protobufPayload(const uint8_t* data, size_t size)
{
    if (size < 2 || size > size_t(INT_MAX))
        return 0;
    const std::string rest(reinterpret_cast<const char*>(data) + 2, size - 2);
    if (data[0] % 2 == 0) {
        static const std::shared_ptr<const MessageTypes> builtIn = std::make_shared<MessageTypes>();
        render(builtIn, kBuiltInTypes[data[1] % std::size(kBuiltInTypes)], rest);
        return 0;
    }
    const std::string set(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto types = MessageTypes::fromDescriptorSet(QByteArray::fromStdString(set), QStringLiteral("fuzz"));
    if (!types)
        return 0;
    google::protobuf::FileDescriptorSet files;
    if (!files.ParseFromString(set))
        return 0;
    int shown = 0;
    for (const auto& file : files.file()) {
        const std::string prefix = file.package().empty() ? std::string() : file.package() + '.';
        for (const auto& message : file.message_type()) {
            if (++shown > 16)
                return 0;
            render(*types, prefix + message.name(), rest);
        }
    }
    return 0;
}

} // namespace hl::fuzz
