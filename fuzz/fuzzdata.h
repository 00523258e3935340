#pragma once

#include <QString>

namespace hl::fuzz {

// A file the access-token fixture made (jwks.json, rules.toml: tests/tools/make_access_tokens.py, fresh keys each
// time) in the folder HL_FUZZ_DATA_DIR names; empty when there is none, and the targets then fuzz without it.
QString fixtureFile(const char* name);

} // namespace hl::fuzz
