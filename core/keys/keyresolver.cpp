#include "keys/keyresolver.h"

#include <QEventLoop>

#include <memory>

namespace hl {

namespace {

struct Resolution {
    std::vector<std::string> keyIds;
    std::vector<KeyStore*> stores;
    std::vector<bool> storeFailed;
    KeyRing ring;
    std::vector<Error> errors;
    KeyResolver::Done done;
    size_t keyIndex = 0;
    size_t storeIndex = 0;
};

void step(const std::shared_ptr<Resolution>& state)
{
    while (state->keyIndex < state->keyIds.size()) {
        while (state->storeIndex < state->stores.size() && state->storeFailed[state->storeIndex])
            ++state->storeIndex;
        if (state->storeIndex == state->stores.size()) {
            ++state->keyIndex;
            state->storeIndex = 0;
            continue;
        }
        const std::string& keyId = state->keyIds[state->keyIndex];
        KeyStore* store = state->stores[state->storeIndex];
        store->read({SecretKind::CodecKey, QString::fromStdString(keyId)}, [state, keyId](Result<SecretPtr> read) {
            if (!read.ok()) {
                state->errors.push_back(read.error());
                state->storeFailed[state->storeIndex] = true;
            } else if (read.value()) {
                state->ring.insert(keyId, read.value());
                ++state->keyIndex;
                state->storeIndex = 0;
                step(state);
                return;
            }
            ++state->storeIndex;
            step(state);
        });
        return; // the callback continues
    }
    auto done = std::move(state->done);
    state->done = nullptr;
    if (done)
        done(std::move(state->ring), std::move(state->errors));
}

} // namespace

void KeyResolver::resolve(const std::set<std::string>& keyIds, const std::vector<KeyStore*>& stores, Done done)
{
    auto state = std::make_shared<Resolution>();
    state->keyIds.assign(keyIds.begin(), keyIds.end());
    state->stores = stores;
    state->storeFailed.assign(stores.size(), false);
    state->done = std::move(done);
    step(state);
}

KeyRing KeyResolver::resolveNow(const std::set<std::string>& keyIds, const std::vector<KeyStore*>& stores,
                                std::vector<Error>* storeErrors)
{
    KeyRing ring;
    bool resolved = false;
    QEventLoop waiting;
    resolve(keyIds, stores, [&](KeyRing found, std::vector<Error> errors) {
        ring = std::move(found);
        if (storeErrors)
            *storeErrors = std::move(errors);
        resolved = true;
        waiting.quit();
    });
    if (!resolved)
        waiting.exec();
    return ring;
}

} // namespace hl
