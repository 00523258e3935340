#pragma once

#include <QString>

#include <string_view>

namespace hl::fuzz {

// A file the access-token fixture made (jwks.json, rules.toml: tests/tools/make_access_tokens.py, fresh keys each
// time) in the folder HL_FUZZ_DATA_DIR names; empty when there is none, and the targets then fuzz without it.
QString fixtureFile(const char* name);

// The credential of an Authorization header (what follows the scheme), when it is long enough to be a token: the
// text no refusal or log line may repeat. Empty for a shorter one, which could match by chance.
std::string_view credentialOf(std::string_view authorization);

} // namespace hl::fuzz
