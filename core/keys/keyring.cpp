#include "keys/keyring.h"

namespace hl {

void KeyRing::insert(const std::string& keyId, SecretPtr key)
{
    m_keys[keyId] = std::move(key);
}

SecretPtr KeyRing::find(const std::string& keyId) const
{
    const auto found = m_keys.find(keyId);
    return found == m_keys.end() ? nullptr : found->second;
}

std::vector<std::string> KeyRing::keyIds() const
{
    std::vector<std::string> ids;
    for (const auto& entry : m_keys)
        ids.push_back(entry.first);
    return ids;
}

} // namespace hl
