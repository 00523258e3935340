#include "keys/secretbytes.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstring>
#include <new>
#include <utility>

namespace hl {

SecretBytes::SecretBytes(std::string_view bytes) : SecretBytes(zeroed(bytes.size()))
{
    if (!bytes.empty())
        std::memcpy(m_data, bytes.data(), bytes.size());
}

SecretBytes SecretBytes::zeroed(size_t size)
{
    SecretBytes secret;
    if (size > 0) {
        // From OpenSSL's secure heap when the process made one (ProcessHardening): locked, and out of core dumps.
        secret.m_data = static_cast<unsigned char*>(OPENSSL_secure_zalloc(size));
        if (!secret.m_data)
            throw std::bad_alloc();
        secret.m_size = size;
    }
    return secret;
}

SecretBytes::~SecretBytes()
{
    wipe();
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

void SecretBytes::resize(size_t size)
{
    if (size >= m_size)
        return;
    OPENSSL_cleanse(m_data + size, m_size - size);
    m_size = size;
}

QString SecretBytes::fingerprint() const
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(m_data, m_size, digest);
    const QByteArray hex = QByteArray(reinterpret_cast<const char*>(digest), 8).toHex(':');
    OPENSSL_cleanse(digest, sizeof digest);
    return QString::fromLatin1(hex);
}

bool SecretBytes::operator==(const SecretBytes& other) const
{
    return m_size == other.m_size && (m_size == 0 || CRYPTO_memcmp(m_data, other.m_data, m_size) == 0);
}

void SecretBytes::wipe()
{
    if (m_data)
        OPENSSL_secure_clear_free(m_data, m_size); // wipes, from whichever heap it came
    m_data = nullptr;
    m_size = 0;
}

} // namespace hl
