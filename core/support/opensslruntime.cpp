#include "support/opensslruntime.h"

#include <openssl/crypto.h>

namespace hl {

void OpenSslRuntime::initialize()
{
    OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG | OPENSSL_INIT_ADD_ALL_CIPHERS | OPENSSL_INIT_ADD_ALL_DIGESTS, nullptr);
}

void OpenSslRuntime::releaseThreadState()
{
    OPENSSL_thread_stop();
}

} // namespace hl
