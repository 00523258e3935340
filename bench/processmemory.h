#pragma once

#include <QByteArray>
#include <QFile>

namespace hl::bench {

// A field of /proc/self/status in KiB ("VmHWM:" is the peak resident set, "VmRSS:" the current one); -1 elsewhere.
inline qint64 processStatusKiB(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

inline qint64 peakRssKiB()
{
    return processStatusKiB("VmHWM:");
}

// Starts the peak resident set (VmHWM) again from the current one (Linux's clear_refs "5"), so a step's own peak can
// be read after work done before it; false where that cannot be done.
inline bool resetPeakRss()
{
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    return refs.open(QIODevice::WriteOnly) && refs.write("5") == 1;
}

} // namespace hl::bench
