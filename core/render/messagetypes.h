#pragma once

#include "support/result.h"

#include <QStringList>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <google/protobuf/dynamic_message.h>

#include <memory>
#include <string>

namespace hl {

// Protobuf message types for rendering binary/protobuf payloads: the user's FileDescriptorSets
// (`protoc --include_imports --descriptor_set_out`, `buf build -o`), then the types built in (Temporal's API and
// protobuf's well-known types). Read-only once loaded, and safe to use from several threads.
class MessageTypes {
public:
    static constexpr qint64 kMaxDescriptorSetBytes = 64 * 1024 * 1024;

    // Only the built-in types.
    MessageTypes();
    static Result<std::shared_ptr<const MessageTypes>> load(const QStringList& descriptorSetPaths);
    // One set's bytes; `origin` names it in errors.
    static Result<std::shared_ptr<const MessageTypes>> fromDescriptorSet(const QByteArray& bytes, const QString& origin);

    const google::protobuf::Descriptor* find(const std::string& fullName) const;
    // The message's proto3 JSON. Errors: the type is unknown, or the bytes are not such a message.
    Result<std::string> toJson(const std::string& fullName, const std::string& bytes) const;

private:
    Result<void> addDescriptorSet(const QByteArray& bytes, const QString& origin);

    google::protobuf::SimpleDescriptorDatabase m_files;
    google::protobuf::DescriptorPoolDatabase m_builtIn;
    google::protobuf::MergedDescriptorDatabase m_merged;
    std::unique_ptr<google::protobuf::DescriptorPool> m_pool;
    std::unique_ptr<google::protobuf::DynamicMessageFactory> m_factory;
};

} // namespace hl
