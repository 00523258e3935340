#pragma once

#include <string>
#include <string_view>

namespace hl {

// Base64 as proto3 JSON uses it for `bytes`: standard padded output; input in the standard or URL-safe alphabet,
// with or without padding.
class Base64 {
public:
    // Appends the decoded bytes to `out`; false (and `out` unchanged) when `text` is not base64.
    static bool decode(std::string_view text, std::string* out);
    static void encode(std::string_view bytes, std::string* out);
    static std::string encode(std::string_view bytes);
};

} // namespace hl
