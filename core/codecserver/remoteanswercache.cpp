#include "codecserver/remoteanswercache.h"

#include <openssl/evp.h>

#include <algorithm>
#include <string>
#include <vector>

namespace hl {

RemoteAnswerCache::Digest RemoteAnswerCache::digest(const Payload& payload)
{
    // Metadata in key order with lengths in front of every part, so no two payloads hash the same input.
    std::vector<const google::protobuf::MapPair<std::string, std::string>*> metadata;
    metadata.reserve(payload.metadata().size());
    for (const auto& entry : payload.metadata())
        metadata.push_back(&entry);
    std::sort(metadata.begin(), metadata.end(), [](const auto* a, const auto* b) { return a->first < b->first; });

    EVP_MD_CTX* context = EVP_MD_CTX_new();
    EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
    auto add = [context](const std::string& bytes) {
        const uint64_t size = bytes.size();
        EVP_DigestUpdate(context, &size, sizeof size);
        EVP_DigestUpdate(context, bytes.data(), bytes.size());
    };
    for (const auto* entry : metadata) {
        add(entry->first);
        add(entry->second);
    }
    add(payload.data());
    Digest digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(context, digest.data(), &length);
    EVP_MD_CTX_free(context);
    return digest;
}

void RemoteAnswerCache::bindTo(const QByteArray& fingerprint)
{
    QMutexLocker lock(&m_mutex);
    if (fingerprint == m_fingerprint)
        return;
    m_fingerprint = fingerprint;
    m_answers.clear();
}

std::shared_ptr<const CompactPayload> RemoteAnswerCache::find(const Digest& digest) const
{
    QMutexLocker lock(&m_mutex);
    const auto found = m_answers.find(digest);
    return found == m_answers.end() ? nullptr : found->second;
}

void RemoteAnswerCache::insert(const Digest& digest, std::shared_ptr<const CompactPayload> answer)
{
    QMutexLocker lock(&m_mutex);
    m_answers[digest] = std::move(answer);
}

size_t RemoteAnswerCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_answers.size();
}

void RemoteAnswerCache::clear()
{
    QMutexLocker lock(&m_mutex);
    m_answers.clear();
}

} // namespace hl
