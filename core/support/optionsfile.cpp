#include "support/optionsfile.h"

#include "support/regularfilereader.h"

#include <algorithm>

// toml++ reports parse errors as exceptions; they are caught here and become Errors.
#include <toml++/toml.h>

namespace hl {

namespace {

// A scalar as the command line would spell it.
bool scalarText(const toml::node& node, QString* out)
{
    if (auto text = node.value_exact<std::string>()) {
        *out = QString::fromStdString(*text);
        return true;
    }
    if (auto number = node.value_exact<int64_t>()) {
        *out = QString::number(*number);
        return true;
    }
    if (auto number = node.value_exact<double>()) {
        *out = QString::number(*number);
        return true;
    }
    return false;
}

} // namespace

Result<std::vector<OptionsFile::Entry>> OptionsFile::read(const QString& path)
{
    auto bytes = RegularFileReader::read(path, 1024 * 1024, QStringLiteral("the options file"));
    if (!bytes)
        return bytes.error();
    return parse(std::string_view(bytes.value().constData(), size_t(bytes.value().size())), path);
}

Result<std::vector<OptionsFile::Entry>> OptionsFile::parse(std::string_view text, const QString& origin)
{
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error& error) {
        return Error{ErrorCode::InvalidStructure, QString::fromUtf8(error.description().data(), qsizetype(error.description().size())),
                     origin, QStringLiteral("line %1").arg(error.source().begin.line)};
    }
    std::vector<Entry> entries;
    for (auto&& [key, value] : root) {
        Entry entry;
        entry.name = QString::fromUtf8(key.data(), qsizetype(key.length()));
        entry.line = int(value.source().begin.line);
        const QString where = QStringLiteral("line %1").arg(entry.line);
        if (auto flag = value.value_exact<bool>()) {
            entry.flag = true;
            entry.on = *flag;
        } else if (const toml::array* array = value.as_array()) {
            for (const toml::node& each : *array) {
                QString text;
                if (!scalarText(each, &text))
                    return Error{ErrorCode::InvalidStructure, QStringLiteral("%1 must list strings or numbers").arg(entry.name), origin, where};
                entry.values << text;
            }
        } else {
            QString text;
            if (!scalarText(value, &text))
                return Error{ErrorCode::InvalidStructure,
                             QStringLiteral("%1 must be a string, a number, true or false, or a list").arg(entry.name), origin, where};
            entry.values << text;
        }
        entries.push_back(std::move(entry));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.line < b.line; });
    return entries;
}

} // namespace hl
