#pragma once

#include <string>

namespace hl {

// True when `bytes` is well-formed UTF-8 (payload data shown as text must be).
bool isValidUtf8(const std::string& bytes);

} // namespace hl
