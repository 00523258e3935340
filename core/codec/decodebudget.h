#pragma once

#include <QtGlobal>

#include <atomic>

namespace hl {

// The bytes a whole decode may produce, counted over every codec layer of every payload: what keeps a small input
// of nested compression from turning into gigabytes (one request to serve-codec, one history). Shared by the threads
// that decode one input at once.
class DecodeBudget {
public:
    explicit DecodeBudget(qint64 bytes) : m_limit(bytes), m_remaining(bytes) {}

    qint64 limit() const { return m_limit; }
    qint64 remaining() const { return std::max<qint64>(0, m_remaining.load(std::memory_order_relaxed)); }
    bool exhausted() const { return remaining() == 0; }
    void spend(qint64 bytes) { m_remaining.fetch_sub(bytes, std::memory_order_relaxed); }

private:
    const qint64 m_limit;
    std::atomic<qint64> m_remaining;
};

} // namespace hl
