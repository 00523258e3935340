#pragma once

#include <QtGlobal>

#ifdef Q_OS_WIN
#include <io.h>
#include <cstdio>
#else
#include <unistd.h>
#endif

namespace hl {

// Whether standard error is a terminal: progress is shown there, never to a pipe or a file.
inline bool stderrIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stderr)) != 0;
#else
    return ::isatty(STDERR_FILENO) != 0;
#endif
}

// Whether standard output is a terminal: binary output (a PNG) is refused there.
inline bool stdoutIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdout)) != 0;
#else
    return ::isatty(STDOUT_FILENO) != 0;
#endif
}

} // namespace hl
