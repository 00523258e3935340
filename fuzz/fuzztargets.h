#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hl::fuzz {

// Every place untrusted bytes come in, behind one function each. The libFuzzer executables (fuzz/fuzzmain.cpp) call
// them, and so does the regression test of the normal suite (tests/security/tst_fuzzregressions.cpp) for every input a
// fuzzer once crashed on, so these run in every build, not only under clang.
using Target = int (*)(const uint8_t* data, size_t size);

int historyReader(const uint8_t* data, size_t size);   // files: every JSON dialect, binary History, Cloud export, gzip
int codecChain(const uint8_t* data, size_t size);      // AES-GCM, zlib, gzip, snappy, nested, with the test keys
int protobufPayload(const uint8_t* data, size_t size); // binary/protobuf payloads rendered through a descriptor set
int historyPage(const uint8_t* data, size_t size);     // GetWorkflowExecutionHistory answers, raw_history blobs too
int codecAnswer(const uint8_t* data, size_t size);     // a Codec Server's answer, as the client reads it
int serveCodec(const uint8_t* data, size_t size);      // one request to serve-codec, with and without access tokens
int accessToken(const uint8_t* data, size_t size);     // a bearer JWT against a JWKS, and a JWKS itself
int profileToml(const uint8_t* data, size_t size);     // temporal.toml profiles and serve-codec's access rules
int envYaml(const uint8_t* data, size_t size);         // the temporal CLI's legacy env YAML file

struct NamedTarget {
    std::string_view name;
    Target run;
};

// Every target, by the name its executable, corpus and regression folder carry.
inline constexpr NamedTarget kTargets[] = {
    {"history_reader", historyReader}, {"codec_chain", codecChain},   {"protobuf_payload", protobufPayload},
    {"history_page", historyPage},     {"codec_answer", codecAnswer}, {"serve_codec", serveCodec},
    {"access_token", accessToken},     {"profile_toml", profileToml}, {"env_yaml", envYaml},
};

} // namespace hl::fuzz
