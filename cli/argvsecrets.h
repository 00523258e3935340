#pragma once

#include "keys/secretbytes.h"
#include "support/result.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace hl {

// Secrets given on the command line: any user of the machine reads them with `ps` or in /proc while the command
// runs, and a shell keeps them in its history. Each is named with the form that keeps it out of argv.
class ArgvSecrets {
public:
    // One warning per secret option found in `arguments` (without the program name), in the order given.
    static QStringList warnings(const QStringList& arguments);

    // The secret in the file at `path` (the --*-file forms): its bytes, read straight into wiped memory, without
    // the line break an editor leaves at the end. `option` names the flag in errors.
    static Result<std::shared_ptr<const SecretBytes>> readFile(const QString& path, const QString& option);
    // Its lines, for a file of several (--codec-header-file): blank lines and '#' comments left out.
    static Result<std::vector<std::shared_ptr<const SecretBytes>>> readLines(const QString& path, const QString& option);
};

} // namespace hl
