#include "fuzztargets.h"

#include "frontend/clientconfig.h"

namespace hl::fuzz {

// The temporal CLI's legacy env file (~/.config/temporalio/temporal.yaml), read for the environment `default` and
// for one asked for by name.
int envYaml(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    ConnectionSettings settings;
    (void)ClientConfig::applyLegacyEnv(text, QStringLiteral("default"), false, QStringLiteral("fuzz.yaml"), settings);
    ConnectionSettings named;
    (void)ClientConfig::applyLegacyEnv(text, QStringLiteral("prod"), true, QStringLiteral("fuzz.yaml"), named);
    return 0;
}

} // namespace hl::fuzz
