#pragma once

#include <string>
#include <string_view>

namespace hl {

// Appends `text` as a quoted JSON string. Invalid UTF-8 bytes become U+FFFD so the output is always valid JSON.
void appendJsonString(std::string* out, std::string_view text);

} // namespace hl
