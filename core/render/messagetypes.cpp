#include "render/messagetypes.h"

#include "support/sourcereader.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/util/json_util.h>

namespace hl {

MessageTypes::MessageTypes()
    : m_builtIn(*google::protobuf::DescriptorPool::generated_pool()), m_merged(&m_files, &m_builtIn),
      m_pool(std::make_unique<google::protobuf::DescriptorPool>(&m_merged)),
      m_factory(std::make_unique<google::protobuf::DynamicMessageFactory>(m_pool.get()))
{
}

Result<std::shared_ptr<const MessageTypes>> MessageTypes::load(const QStringList& descriptorSetPaths)
{
    auto types = std::make_shared<MessageTypes>();
    for (const QString& path : descriptorSetPaths) {
        auto bytes = SourceReader::readFile(path, kMaxDescriptorSetBytes);
        if (!bytes.ok())
            return bytes.error();
        if (auto added = types->addDescriptorSet(*bytes, SourceReader::displayName(path)); !added)
            return added.error();
    }
    return std::shared_ptr<const MessageTypes>(std::move(types));
}

Result<std::shared_ptr<const MessageTypes>> MessageTypes::fromDescriptorSet(const QByteArray& bytes, const QString& origin)
{
    auto types = std::make_shared<MessageTypes>();
    if (auto added = types->addDescriptorSet(bytes, origin); !added)
        return added.error();
    return std::shared_ptr<const MessageTypes>(std::move(types));
}

Result<void> MessageTypes::addDescriptorSet(const QByteArray& bytes, const QString& origin)
{
    google::protobuf::FileDescriptorSet set;
    if (bytes.size() > kMaxDescriptorSetBytes || !set.ParseFromArray(bytes.constData(), int(bytes.size()))
        || set.file_size() == 0) {
        return Error{ErrorCode::InvalidStructure,
                     QStringLiteral("not a protobuf FileDescriptorSet (make one with protoc --include_imports "
                                    "--descriptor_set_out=FILE, or buf build -o FILE)"),
                     origin};
    }
    for (const auto& file : set.file()) {
        // A file already added (the same import in two sets) is skipped; a different one with the same name fails.
        google::protobuf::FileDescriptorProto existing;
        if (m_files.FindFileByName(file.name(), &existing))
            continue;
        if (!m_files.Add(file))
            return Error{ErrorCode::InvalidStructure,
                         QStringLiteral("cannot use %1 from this set").arg(QString::fromStdString(file.name())), origin};
    }
    return {};
}

const google::protobuf::Descriptor* MessageTypes::find(const std::string& fullName) const
{
    return m_pool->FindMessageTypeByName(fullName);
}

Result<std::string> MessageTypes::toJson(const std::string& fullName, const std::string& bytes) const
{
    const google::protobuf::Descriptor* descriptor = find(fullName);
    const QString name = QString::fromStdString(fullName);
    if (!descriptor) {
        return Error{ErrorCode::NotFound,
                     QStringLiteral("message type %1 is in no descriptor set (add one with --descriptor-set)").arg(name)};
    }
    const google::protobuf::Message* prototype = m_factory->GetPrototype(descriptor);
    std::unique_ptr<google::protobuf::Message> message(prototype->New());
    if (bytes.size() > size_t(INT_MAX) || !message->ParseFromArray(bytes.data(), int(bytes.size())))
        return Error{ErrorCode::InvalidStructure, QStringLiteral("data is not a valid %1 message").arg(name)};
    std::string json;
    const auto status = google::protobuf::util::MessageToJsonString(*message, &json);
    if (!status.ok())
        return Error{ErrorCode::InvalidStructure, QStringLiteral("cannot show %1 as JSON: %2").arg(name, QString::fromStdString(std::string(status.message())))};
    return json;
}

} // namespace hl
