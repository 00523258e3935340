#pragma once

#include "keys/secretbytes.h"
#include "keys/secretid.h"
#include "support/result.h"

#include <functional>
#include <memory>

namespace hl {

using SecretPtr = std::shared_ptr<const SecretBytes>;

// A place secrets are kept: the session's memory, the OS keychain. Every call is asynchronous, because keychains
// answer through their own IPC; a store may call back at once. Callbacks run on the thread that made the call.
class KeyStore {
public:
    // A null secret means "no such entry", which is not an error.
    using ReadCallback = std::function<void(Result<SecretPtr>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    virtual ~KeyStore() = default;

    // "this session", "the Secret Service keychain", ...: for messages.
    virtual QString displayName() const = 0;

    virtual void read(const SecretId& id, ReadCallback done) = 0;
    virtual void write(const SecretId& id, SecretPtr secret, DoneCallback done) = 0;
    virtual void remove(const SecretId& id, DoneCallback done) = 0;
};

} // namespace hl
