#pragma once

#include <QMetaObject>
#include <QMutex>
#include <QObject>

#include <memory>
#include <utility>

namespace hl {

// A worker's way back to the object that started it. Workers hold the link (shared), never the object: post()
// runs a function on the object's thread if the object still exists by then, and the object cuts the link when it
// goes (in its destructor) or stops caring (cancelled). What is posted after that is dropped.
template <typename Owner>
class OwnerLink {
public:
    static std::shared_ptr<OwnerLink> to(Owner* owner) { return std::shared_ptr<OwnerLink>(new OwnerLink(owner)); }

    template <typename Function>
    void post(Function function)
    {
        QMutexLocker lock(&m_mutex);
        if (!m_owner)
            return;
        // An object's pending posted calls are dropped with it, so the call never runs on a deleted owner.
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, function = std::move(function)]() mutable { function(owner); }, Qt::QueuedConnection);
    }

    void cut()
    {
        QMutexLocker lock(&m_mutex);
        m_owner = nullptr;
    }

private:
    explicit OwnerLink(Owner* owner) : m_owner(owner) {}

    QMutex m_mutex;
    Owner* m_owner;
};

} // namespace hl
