#pragma once

#include <QString>

#include <cstddef>
#include <string_view>

namespace hl {

// Secret bytes (a codec key, an API key) in a buffer that is wiped when it is released. It cannot be copied by
// accident, and it has no conversion to text: the only thing about it that may be shown is its fingerprint.
class SecretBytes {
public:
    SecretBytes() = default;
    explicit SecretBytes(std::string_view bytes);
    ~SecretBytes();

    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    // A buffer of `size` zero bytes to fill in place (so the secret is never in an unwiped temporary).
    static SecretBytes zeroed(size_t size);

    const unsigned char* data() const { return m_data; }
    unsigned char* data() { return m_data; }
    size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    void resize(size_t size); // shrinks only

    // The first 8 bytes of SHA-256 in hex: enough to tell keys apart, useless to recover one.
    QString fingerprint() const;

    bool operator==(const SecretBytes& other) const;

private:
    void wipe();

    unsigned char* m_data = nullptr;
    size_t m_size = 0;
};

} // namespace hl
