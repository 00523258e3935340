#pragma once

#include "support/result.h"

#include <QString>
#include <QStringList>

#include <string_view>
#include <vector>

namespace hl {

// A program's options written as a TOML file, one key per long option, as a service is configured:
//   listen = "0.0.0.0:8888"      max-body = 64      allow-credentials = true      origin = ["https://a", "https://b"]
// Strings and numbers are values, booleans are flags, arrays repeat an option. Parsed with toml++, bounded to 1 MiB.
class OptionsFile {
public:
    struct Entry {
        QString name;
        QStringList values; // empty for a flag
        bool flag = false;  // a boolean: `values` is empty, `on` says which
        bool on = false;
        int line = 0;
    };

    static Result<std::vector<Entry>> read(const QString& path);
    static Result<std::vector<Entry>> parse(std::string_view text, const QString& origin);
};

} // namespace hl
