#include "cli/environmentoptions.h"

#include <algorithm>

namespace hl {

namespace {

QString longName(const QCommandLineOption& option)
{
    QString longest;
    for (const QString& name : option.names()) {
        if (name.size() > longest.size())
            longest = name;
    }
    return longest;
}

// Whether the command line names the option already ("--name", "--name=value", "-n").
bool given(const QStringList& arguments, const QCommandLineOption& option)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments[i];
        if (argument == QLatin1String("--"))
            return false;
        for (const QString& name : option.names()) {
            const QString dashed = (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
            if (argument == dashed || argument.startsWith(dashed + QLatin1Char('=')))
                return true;
        }
    }
    return false;
}

} // namespace

QString EnvironmentOptions::variableFor(const QCommandLineOption& option, const QString& prefix)
{
    return prefix + longName(option).toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

Result<QStringList> EnvironmentOptions::withEnvironment(const QStringList& arguments, const QList<QCommandLineOption>& options,
                                                        const QSet<QString>& repeatable, const QString& prefix,
                                                        const QProcessEnvironment& environment)
{
    QStringList out = arguments;
    for (const QCommandLineOption& option : options) {
        const QString variable = variableFor(option, prefix);
        if (!environment.contains(variable) || given(arguments, option))
            continue;
        const QString value = environment.value(variable).trimmed();
        const QString name = QStringLiteral("--") + longName(option);
        if (option.valueName().isEmpty()) {
            const QString lower = value.toLower();
            if (lower == QLatin1String("1") || lower == QLatin1String("true") || lower == QLatin1String("yes"))
                out << name;
            else if (lower != QLatin1String("0") && lower != QLatin1String("false") && lower != QLatin1String("no") && !lower.isEmpty())
                return Error{ErrorCode::UsageError, QStringLiteral("%1 is a flag: 1, true or yes sets it; 0, false or no leaves it off").arg(variable)};
            continue;
        }
        if (value.isEmpty())
            continue;
        const QStringList values = repeatable.contains(longName(option)) ? value.split(QLatin1Char(','), Qt::SkipEmptyParts) : QStringList{value};
        for (const QString& each : values)
            out << name + QLatin1Char('=') + each.trimmed();
    }
    return out;
}

Result<QStringList> EnvironmentOptions::withFile(const QStringList& arguments, const QList<QCommandLineOption>& options,
                                                 const std::vector<OptionsFile::Entry>& entries, const QSet<QString>& repeatable,
                                                 const QSet<QString>& refused, const QString& path)
{
    QStringList out = arguments;
    for (const OptionsFile::Entry& entry : entries) {
        const QString where = QStringLiteral("line %1").arg(entry.line);
        const auto option = std::find_if(options.begin(), options.end(), [&](const QCommandLineOption& each) {
            return longName(each) == entry.name;
        });
        if (refused.contains(entry.name))
            return Error{ErrorCode::UsageError, QStringLiteral("%1 cannot be set in an options file").arg(entry.name), path, where};
        if (option == options.end())
            return Error{ErrorCode::UsageError, QStringLiteral("no option is called %1").arg(entry.name), path, where};
        if (given(out, *option))
            continue;
        const QString name = QStringLiteral("--") + entry.name;
        if (option->valueName().isEmpty()) {
            if (!entry.flag)
                return Error{ErrorCode::UsageError, QStringLiteral("%1 is a flag: true or false").arg(entry.name), path, where};
            if (entry.on)
                out << name;
            continue;
        }
        if (entry.flag)
            return Error{ErrorCode::UsageError, QStringLiteral("%1 takes a value, not true or false").arg(entry.name), path, where};
        if (entry.values.size() > 1 && !repeatable.contains(entry.name))
            return Error{ErrorCode::UsageError, QStringLiteral("%1 takes one value").arg(entry.name), path, where};
        for (const QString& value : entry.values)
            out << name + QLatin1Char('=') + value;
    }
    return out;
}

} // namespace hl
