#pragma once

#include "support/result.h"

#include <QCommandLineOption>
#include <QProcessEnvironment>
#include <QSet>
#include <QStringList>

namespace hl {

// Options a service takes from its environment as well as its command line, as containers are configured: each
// long option `--max-body` is also `PREFIX_MAX_BODY` (HISTORYLENS_SERVE_MAX_BODY=64). The command line wins; a flag
// without a value is set by 1/true/yes and left unset by 0/false/no; a repeatable option takes a comma-separated list.
class EnvironmentOptions {
public:
    // The variable that stands for `option`: its longest name, upper case, dashes as underscores, after `prefix`.
    static QString variableFor(const QCommandLineOption& option, const QString& prefix);

    // `arguments` (the program first) with the options the command line leaves out but the environment sets added
    // as "--name=value"; an error names a variable whose value cannot be read.
    static Result<QStringList> withEnvironment(const QStringList& arguments, const QList<QCommandLineOption>& options,
                                               const QSet<QString>& repeatable, const QString& prefix,
                                               const QProcessEnvironment& environment);
};

} // namespace hl
