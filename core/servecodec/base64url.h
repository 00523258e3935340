#pragma once

#include <string_view>

namespace hl {

// The JOSE flavour of base64 (RFC 7515 §2): the URL-safe alphabet, no padding, no whitespace. cjose 0.6's decoder
// aborts the process on some malformed text ('=' after 4n+1 characters) instead of failing, so everything that
// reaches it from a token or a key set passes here first.
class Base64Url {
public:
    static bool isWellFormed(std::string_view text);
};

} // namespace hl
