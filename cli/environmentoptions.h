#pragma once

#include "support/optionsfile.h"
#include "support/result.h"

#include <QCommandLineOption>
#include <QProcessEnvironment>
#include <QSet>
#include <QStringList>

namespace hl {

// Options a service takes from its environment as well as its command line, as containers are configured: each
// long option `--max-body` is also `PREFIX_MAX_BODY` (HISTORYLENS_SERVE_MAX_BODY=64). The command line wins; a flag
// without a value is set by 1/true/yes and left unset by 0/false/no; a repeatable option takes a comma-separated list.
// An options file comes last: the command line, then the environment, then the file.
class EnvironmentOptions {
public:
    // The variable that stands for `option`: its longest name, upper case, dashes as underscores, after `prefix`.
    static QString variableFor(const QCommandLineOption& option, const QString& prefix);

    // `arguments` (the program first) with the options the command line leaves out but the environment sets added
    // as "--name=value"; an error names a variable whose value cannot be read.
    static Result<QStringList> withEnvironment(const QStringList& arguments, const QList<QCommandLineOption>& options,
                                               const QSet<QString>& repeatable, const QString& prefix,
                                               const QProcessEnvironment& environment);

    // The same from an options file (OptionsFile): what neither the command line nor the environment set. An error
    // names a key no option has, or one the file may not set (`refused`: secrets given on their own).
    static Result<QStringList> withFile(const QStringList& arguments, const QList<QCommandLineOption>& options,
                                        const std::vector<OptionsFile::Entry>& entries, const QSet<QString>& repeatable,
                                        const QSet<QString>& refused, const QString& path);
};

} // namespace hl
