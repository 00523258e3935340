#pragma once

// The key that encrypts the bundled demo history. It is public on purpose: it only unlocks the demo.
namespace hl::demo {

inline constexpr char kKeyId[] = "historylens-demo";
inline constexpr char kKeyText[] = "historylens-demo-key-not-secret!"; // 32 bytes: AES-256

} // namespace hl::demo
